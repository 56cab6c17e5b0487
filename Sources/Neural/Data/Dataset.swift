/// Features and targets ready for training: `features` is `[n, d]` (one row per example) and
/// `targets` holds the `n` targets.
///
/// Targets are either real values (`[n, k]` matrix, for regression with `k` outputs) or class
/// indices (`[Int32]` in `0..<classCount`, for classification). Class indices rather than
/// one-hot rows keep the data `n × 4` bytes instead of `n × classCount × 4`; losses and
/// metrics that need one-hot rows get them from `gatherTargets(rows:into:)` or
/// `OneHotEncoder.oneHot(_:classCount:)`.
public struct Dataset: Sendable, Equatable {
    /// The targets of a data set.
    public enum Targets: Sendable, Equatable {
        /// Regression targets, `[n, k]`.
        case values(Matrix)
        /// Class indices in `0..<classCount` (stored as `Int32`; build it from `[Int]` with
        /// `classes(_:classCount:)`).
        case classes([Int32], classCount: Int)

        /// Class targets from `Int` labels in `0..<classCount`, the label type of the API:
        /// `.classes([0, 1, 1, 0], classCount: 2)`. A label out of range is a programmer error.
        public static func classes(_ labels: [Int], classCount: Int) -> Targets {
            precondition(classCount >= 1 && classCount <= Int(Int32.max), "classCount must be in 1...\(Int32.max), got \(classCount)")
            if let bad = labels.firstIndex(where: { !(0..<classCount).contains($0) }) {
                preconditionFailure("Label \(labels[bad]) at row \(bad) is outside 0..<\(classCount)")
            }
            return .classes(labels.map { Int32($0) }, classCount: classCount)
        }

        /// The number of examples.
        public var count: Int {
            switch self {
            case let .values(matrix): return matrix.rows
            case let .classes(labels, _): return labels.count
            }
        }

        /// The width of one target row: `k` for values, `classCount` (one-hot) for classes.
        public var width: Int {
            switch self {
            case let .values(matrix): return matrix.columns
            case let .classes(_, classCount): return classCount
            }
        }
    }

    /// `[n, d]` features.
    public var features: Matrix
    /// The `n` targets.
    public var targets: Targets

    /// A data set; `features.rows` must equal the number of targets, and class indices must
    /// be in `0..<classCount`.
    public init(features: Matrix, targets: Targets) {
        precondition(features.rows == targets.count,
                     "Dataset has \(features.rows) feature rows but \(targets.count) targets")
        if case let .classes(labels, classCount) = targets {
            precondition(classCount > 0, "Dataset needs at least one class, got \(classCount)")
            if let bad = labels.first(where: { $0 < 0 || Int($0) >= classCount }) {
                preconditionFailure("Class index \(bad) out of range 0..<\(classCount)")
            }
        }
        self.features = features
        self.targets = targets
    }

    /// The number of examples, `n`.
    public var count: Int { features.rows }
    /// The number of features, `d`.
    public var featureCount: Int { features.columns }

    /// Class indices, or `nil` for regression targets.
    public var classLabels: [Int32]? {
        if case let .classes(labels, _) = targets { return labels }
        return nil
    }

    /// The examples at `indices`, in that order (indices may repeat).
    public func subset(_ indices: [Int]) -> Dataset {
        var features = Matrix(rows: indices.count, columns: featureCount)
        gatherFeatures(rows: indices[...], into: &features)
        switch targets {
        case let .values(matrix):
            var values = Matrix(rows: indices.count, columns: matrix.columns)
            gatherTargets(rows: indices[...], into: &values)
            return Dataset(features: features, targets: .values(values))
        case let .classes(labels, classCount):
            return Dataset(features: features, targets: .classes(indices.map { labels[$0] }, classCount: classCount))
        }
    }
}
