/// The evaluation of a regressor, as `neural evaluate --json` prints it.
///
/// JSON keys are exactly `mse`, `rmse`, `mae`, `r2` and `samples` (see `Metrics` for the formulas;
/// with several outputs each is the mean over outputs).
public struct RegressionReport: Codable, Equatable, Sendable {
    public var mse: Double
    public var rmse: Double
    public var mae: Double
    public var r2: Double
    public var samples: Int

    /// Evaluates `predicted` against `actual`, both `[samples, outputs]`.
    public init(actual: Matrix, predicted: Matrix, weights: [Double]? = nil) {
        mse = Metrics.meanSquaredError(actual: actual, predicted: predicted, weights: weights)
        rmse = Metrics.rootMeanSquaredError(actual: actual, predicted: predicted, weights: weights)
        mae = Metrics.meanAbsoluteError(actual: actual, predicted: predicted, weights: weights)
        r2 = Metrics.r2Score(actual: actual, predicted: predicted, weights: weights)
        samples = actual.rows
    }

    /// Evaluates single-output predictions.
    public init(actual: [Float], predicted: [Float], weights: [Double]? = nil) {
        self.init(actual: Matrix(rows: actual.count, columns: 1, storage: actual),
                  predicted: Matrix(rows: predicted.count, columns: 1, storage: predicted), weights: weights)
    }

    public init(mse: Double, rmse: Double, mae: Double, r2: Double, samples: Int) {
        self.mse = mse
        self.rmse = rmse
        self.mae = mae
        self.r2 = r2
        self.samples = samples
    }
}
