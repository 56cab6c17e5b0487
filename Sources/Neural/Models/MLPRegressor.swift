/// A multi-layer perceptron regressor with scikit-learn's `MLPRegressor` interface.
///
/// The network is `d → hiddenLayerSizes… → 1` with `activation` in the hidden layers and an
/// identity (linear, unbounded) output, trained on scikit-learn's half squared error
/// `(1/2n)·Σ(ŷ − y)²` plus `alpha/(2n)·Σw²`.
///
/// ```swift
/// var model = MLPRegressor(hiddenLayerSizes: [32], learningRateInit: 0.01, maxIter: 500, randomState: 0)
/// try model.fit(x, y)                 // x: [n, d], y: n values
/// let r2 = try model.score(x, y)      // coefficient of determination
/// ```
@dynamicMemberLookup
public struct MLPRegressor: Sendable {
    /// Every hyper-parameter; also readable and writable directly (`model.alpha = 1e-3`).
    public var parameters: MLPParameters

    var fitted: MLPFit?

    public init(hiddenLayerSizes: [Int] = [100], activation: Activation = .relu,
                solver: MLPParameters.Solver = .adam, alpha: Double = 1e-4, batchSize: Int? = nil,
                learningRate: MLPParameters.LearningRatePolicy = .constant, learningRateInit: Double = 1e-3,
                powerT: Double = 0.5, maxIter: Int = 200, shuffle: Bool = true, randomState: UInt64? = nil,
                tol: Double = 1e-4, momentum: Double = 0.9, nesterovsMomentum: Bool = true,
                earlyStopping: Bool = false, validationFraction: Double = 0.1, beta1: Double = 0.9,
                beta2: Double = 0.999, epsilon: Double = 1e-8, nIterNoChange: Int = 10) {
        self.parameters = MLPParameters(
            hiddenLayerSizes: hiddenLayerSizes, activation: activation, solver: solver, alpha: alpha,
            batchSize: batchSize, learningRate: learningRate, learningRateInit: learningRateInit, powerT: powerT,
            maxIter: maxIter, shuffle: shuffle, randomState: randomState, tol: tol, momentum: momentum,
            nesterovsMomentum: nesterovsMomentum, earlyStopping: earlyStopping,
            validationFraction: validationFraction, beta1: beta1, beta2: beta2, epsilon: epsilon,
            nIterNoChange: nIterNoChange)
    }

    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<MLPParameters, Value>) -> Value {
        get { parameters[keyPath: keyPath] }
        set { parameters[keyPath: keyPath] = newValue }
    }

    /// Training loss (half MSE plus penalty) per epoch (`loss_curve_`).
    public var lossCurve: [Double] { fitted?.history.loss ?? [] }
    /// Held-out R² per epoch with `earlyStopping` (`validation_scores_`).
    public var validationScores: [Double] { fitted?.history.validationMetrics["r2"] ?? [] }
    /// Epochs run (`n_iter_`).
    public var nIter: Int { fitted?.history.epochs ?? 0 }
    /// The training history.
    public var history: History? { fitted?.history }
    /// The trained network.
    public var network: Network? { fitted?.network }

    /// Trains on `x` (`[n, d]`) and the `n` targets `y`.
    public mutating func fit(_ x: Matrix, _ y: [Float]) throws(EstimatorError) {
        try EstimatorChecks.check(x, targetCount: y.count)
        try EstimatorChecks.checkFinite(y, column: x.columns)
        let data = Dataset(features: x, targets: .values(Matrix(rows: y.count, columns: 1, storage: y)))
        fitted = try parameters.train(data, outputSize: 1, loss: .halfMeanSquaredError, scoreName: "r2")
    }

    /// `ŷ` for every row of `x` (`[n, d]`).
    public func predict(_ x: Matrix) throws(EstimatorError) -> [Float] {
        guard let fitted else { throw .notFitted(estimator: "MLPRegressor") }
        try EstimatorChecks.checkFeatures(x, expected: fitted.network.inputSize)
        return fitted.network.predict(x).storage
    }

    /// The coefficient of determination `R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²` on `x`, `y`.
    public func score(_ x: Matrix, _ y: [Float]) throws(EstimatorError) -> Double {
        let predictions = try predict(x)
        guard predictions.count == y.count else { throw .lengthMismatch(samples: x.rows, targets: y.count) }
        return Metrics.r2Score(actual: y, predicted: predictions)
    }
}
