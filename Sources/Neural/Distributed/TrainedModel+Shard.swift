extension TrainedModel {
    /// `evaluate(_:)` of a set whose rows are split among `communicator`'s ranks (`--shard`):
    /// each rank predicts its own rows, then every row's target and prediction (class index and
    /// probabilities, or value: a few bytes a row, never the features) are all-gathered in rank
    /// order, so every rank gets the metrics of the whole set. A rank may hold no row.
    public func evaluate(_ data: Dataset, communicator: any Communicator) -> ModelEvaluation {
        guard communicator.isDistributed else { return evaluate(data) }
        let prediction = data.count > 0 ? predict(features: data.features) : nil
        switch data.targets {
        case .classes(let labels, _):
            let width = prediction?.probabilities?.columns ?? 0
            let widths = communicator.allGather(elements: [Int64(width)])
            let columns = Int(widths.map { $0[0] }.max() ?? 0)
            let actual = communicator.allGather(elements: labels).joined().map { Int($0) }
            let predicted = communicator.allGather(elements: (prediction?.classIndices ?? []).map { Int64($0) }).joined().map { Int($0) }
            let probabilities = Array(communicator.allGather(elements: prediction?.probabilities?.storage ?? []).joined())
            return .classification(ClassificationReport(
                actual: actual, predicted: predicted,
                probabilities: columns > 0 ? Matrix(rows: actual.count, columns: columns, storage: probabilities) : nil,
                classes: classNames))
        case .values(let matrix):
            let actual = Array(communicator.allGather(elements: matrix.storage).joined())
            let predicted = Array(communicator.allGather(elements: prediction?.values ?? []).joined())
            return .regression(RegressionReport(actual: actual, predicted: predicted))
        }
    }
}

extension Standardizer {
    /// `fit(_:)` on a matrix whose rows are split among `communicator`'s ranks: each column's
    /// count, mean and squared deviations are combined across ranks (`ShardedStatistics`), so
    /// every rank gets one process's statistics up to one unit in the last place of `Float`.
    public static func fit(_ matrix: Matrix, communicator: any Communicator) throws -> Standardizer {
        let local = (0..<matrix.columns).map { ShardedStatistics.Moments(of: matrix.column($0)) }
        let fitted = try ShardedStatistics.moments(local, communicator).map {
            Standardizer.statistics(count: $0.count, mean: $0.mean, squares: $0.m2)
        }
        return Standardizer(means: fitted.map { $0.mean }, standardDeviations: fitted.map { $0.standardDeviation })
    }
}
