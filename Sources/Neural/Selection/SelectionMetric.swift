/// The number a search ranks models by, read from a `ModelEvaluation` under the key
/// `neural evaluate --json` prints. Defaults follow scikit-learn's `score`: accuracy for a
/// classifier, R² for a regressor.
public enum SelectionMetric: String, Sendable, Codable, CaseIterable {
    case accuracy, precision, recall, f1
    case logLoss = "log_loss"
    case mse, rmse, mae, r2

    /// The metric scikit-learn's `score` uses for the task.
    public static func `default`(for task: LearningTask) -> SelectionMetric {
        task == .classification ? .accuracy : .r2
    }

    /// Whether a larger value is a better model.
    public var greaterIsBetter: Bool {
        switch self {
        case .accuracy, .precision, .recall, .f1, .r2: true
        case .logLoss, .mse, .rmse, .mae: false
        }
    }

    /// Whether the metric is measured for `task`.
    public func applies(to task: LearningTask) -> Bool {
        switch self {
        case .accuracy, .precision, .recall, .f1, .logLoss: task == .classification
        case .mse, .rmse, .mae, .r2: task == .regression
        }
    }

    /// The metric's value in `evaluation`; NaN when it was not measured (log-loss without
    /// probabilities) or belongs to the other task.
    public func value(in evaluation: ModelEvaluation) -> Double {
        switch (self, evaluation) {
        case (.accuracy, .classification(let report)): report.accuracy
        case (.precision, .classification(let report)): report.precision
        case (.recall, .classification(let report)): report.recall
        case (.f1, .classification(let report)): report.f1
        case (.logLoss, .classification(let report)): report.logLoss ?? .nan
        case (.mse, .regression(let report)): report.mse
        case (.rmse, .regression(let report)): report.rmse
        case (.mae, .regression(let report)): report.mae
        case (.r2, .regression(let report)): report.r2
        default: .nan
        }
    }
}

/// Mean and sample standard deviation (n − 1 in the denominator, 0 for one value) of `values`.
/// NaN when `values` is empty or holds a NaN.
public func meanAndStandardDeviation(_ values: [Double]) -> (mean: Double, standardDeviation: Double) {
    guard !values.isEmpty else { return (.nan, .nan) }
    let mean = values.reduce(0, +) / Double(values.count)
    guard values.count > 1 else { return (mean, mean.isNaN ? .nan : 0) }
    let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return (mean, (squares / Double(values.count - 1)).squareRoot())
}
