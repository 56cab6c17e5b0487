/// Why an estimator (`LinearRegression`, `LogisticRegression`, `MLPClassifier`, `MLPRegressor`)
/// cannot fit or predict; every message names the offending values.
public enum EstimatorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `fit` was given no samples.
    case emptyData
    /// The feature matrix and the targets have different numbers of rows.
    case lengthMismatch(samples: Int, targets: Int)
    /// A classifier needs at least two distinct classes; `label` is the only one seen.
    case singleClass(label: String)
    /// `predict`/`score` was given a different number of features than `fit`.
    case featureCountMismatch(expected: Int, got: Int)
    /// `predict`/`score` before `fit`.
    case notFitted(estimator: String)
    /// `score` was given a class label that `fit` never saw.
    case unknownLabel(String)
    /// A hyper-parameter is out of range; the message names it and its value.
    case invalidParameter(String)
    /// A feature or target is NaN or infinite.
    case nonFiniteValue(row: Int, column: Int)
    /// The closed-form system is singular (features are linearly dependent).
    case singularSystem
    /// Training failed (for example a non-finite loss); the trainer's message.
    case trainingFailed(String)

    public var description: String {
        switch self {
        case .emptyData: "the training data is empty: fit needs at least one sample"
        case .lengthMismatch(let samples, let targets):
            "the features have \(samples) rows but there are \(targets) targets"
        case .singleClass(let label):
            "a classifier needs at least two classes, but every target is \(label)"
        case .featureCountMismatch(let expected, let got):
            "the model was fitted on \(expected) features, the data has \(got)"
        case .notFitted(let estimator): "this \(estimator) is not fitted yet: call fit first"
        case .unknownLabel(let label): "the class \(label) was not among the classes seen by fit"
        case .invalidParameter(let message): message
        case .nonFiniteValue(let row, let column):
            "the value at row \(row + 1), column \(column + 1) is not a finite number"
        case .singularSystem: LeastSquares.SolveError.singular.description
        case .trainingFailed(let message): "training failed: \(message)"
        }
    }
}

/// Checks shared by the estimators' `fit`.
enum EstimatorChecks {
    /// Non-empty, as many targets as rows, every feature finite.
    static func check(_ x: Matrix, targetCount: Int) throws(EstimatorError) {
        guard x.rows > 0, x.columns > 0 else { throw .emptyData }
        guard x.rows == targetCount else { throw .lengthMismatch(samples: x.rows, targets: targetCount) }
        for row in 0..<x.rows {
            for column in 0..<x.columns where !x[row, column].isFinite {
                throw .nonFiniteValue(row: row, column: column)
            }
        }
    }

    /// Every regression target finite (column index is one past the features).
    static func checkFinite(_ y: [Float], column: Int) throws(EstimatorError) {
        if let row = y.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteValue(row: row, column: column) }
    }

    /// `x` has the `expected` number of columns.
    static func checkFeatures(_ x: Matrix, expected: Int) throws(EstimatorError) {
        guard x.columns == expected else { throw .featureCountMismatch(expected: expected, got: x.columns) }
    }
}
