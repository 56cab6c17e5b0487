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

extension RegressionReport {
    private enum CodingKeys: String, CodingKey { case mse, rmse, mae, r2, samples }

    /// Decodes a report whose errors are finite and ≥ 0 and whose R² is finite and at most 1: a
    /// study log or model file edited to a better score than any model can reach is refused,
    /// not ranked first.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        mse = try container.decode(Double.self, forKey: .mse, in: .nonNegativeUnrounded)
        rmse = try container.decode(Double.self, forKey: .rmse, in: .nonNegativeUnrounded)
        mae = try container.decode(Double.self, forKey: .mae, in: .nonNegativeUnrounded)
        r2 = try container.decode(Double.self, forKey: .r2, in: .finiteUnrounded)
        if r2 > 1 { throw container.invalid(.r2, "must be at most 1, got \(r2)") }
        samples = try container.decode(Int.self, forKey: .samples, in: 0...Int.max)
    }
}
