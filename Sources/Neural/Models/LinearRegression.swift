/// The linear neuron `ŷ = w·x + b` fitted to real targets, by gradient descent on the mean
/// squared error or in closed form by least squares.
///
/// Gradient descent minimises `L = (1/n)·Σ(ŷ_i − y_i)² + penalty(w)` with
/// `w ← w − η·∂L/∂w`, `b ← b − η·∂L/∂b` (plain `SGD`, no momentum), starting from
/// `initialWeights` and `initialBias` (scikit-learn's `coef_init`, `intercept_init`; default
/// `w = 0`, `b = 0`):
/// - `.fullBatch`: one step per epoch on all `n` samples (the lecture's gradient descent);
/// - `.miniBatch(size:)`: one step per batch of `size` samples;
/// - `.stochastic`: one step per sample.
/// The penalty is `l1·Σ|w| + (l2/2)·Σw²` added to each batch's mean loss (never on `b`).
///
/// ```swift
/// var model = LinearRegression(learningRate: 0.01, epochs: 500)
/// try model.fit(x, y)                       // x: [n, d], y: n values
/// let predictions = try model.predict(x)    // n values
///
/// // The lecture's single step from w = (1, 2), b = 0 with η = 0.01:
/// var step = LinearRegression(learningRate: 0.01, initialWeights: [1, 2], initialBias: 0)
/// try step.partialFit(x, y)                 // one epoch: one full-batch step
/// ```
public struct LinearRegression: Sendable {
    /// How many samples each gradient-descent step sees.
    public enum Batching: Codable, Equatable, Sendable {
        case fullBatch
        case miniBatch(size: Int)
        case stochastic
    }

    /// η (> 0).
    public var learningRate: Double
    /// Passes over the data (≥ 1).
    public var epochs: Int
    public var batching: Batching
    /// Coefficient of `Σ|w|` (≥ 0).
    public var l1: Double
    /// Coefficient of `Σw²/2` (≥ 0).
    public var l2: Double
    /// Reshuffle the samples every epoch (mini-batch and stochastic modes).
    public var shuffle: Bool
    /// Seeds the shuffling.
    public var seed: UInt64
    /// Where gradient descent starts: one weight per feature, or nil for zeros.
    public var initialWeights: [Float]?
    /// Where the bias starts.
    public var initialBias: Float

    /// The fitted neuron (a single dense unit with the identity activation), `nil` before `fit`.
    public internal(set) var network: Network?
    /// Training loss (MSE plus penalty) per epoch of the last gradient-descent `fit`; empty after
    /// `fitClosedForm`.
    public internal(set) var lossCurve: [Double] = []

    public init(learningRate: Double = 0.01, epochs: Int = 1000, batching: Batching = .fullBatch,
                l1: Double = 0, l2: Double = 0, shuffle: Bool = true, seed: UInt64 = 0,
                initialWeights: [Float]? = nil, initialBias: Float = 0) {
        self.initialWeights = initialWeights
        self.initialBias = initialBias
        self.learningRate = learningRate
        self.epochs = epochs
        self.batching = batching
        self.l1 = l1
        self.l2 = l2
        self.shuffle = shuffle
        self.seed = seed
    }

    /// The weights `w`, one per feature (`coef_`); empty before `fit`.
    public var coefficients: [Float] { network.map { $0.weight(ofLayer: 0).storage } ?? [] }
    /// The bias `b` (`intercept_`); 0 before `fit`.
    public var intercept: Float { network.map { $0.bias(ofLayer: 0).storage[0] } ?? 0 }

    /// Fits by gradient descent on `x` (`[n, d]`) and `y` (`n` values).
    public mutating func fit(_ x: Matrix, _ y: [Float]) throws(EstimatorError) {
        try EstimatorChecks.check(x, targetCount: y.count)
        try EstimatorChecks.checkFinite(y, column: x.columns)
        let configuration = try configuration(rows: x.rows)
        let neuron = try initialNeuron(inputSize: x.columns)
        let (trained, losses) = try train(neuron, x, y, configuration: configuration)
        network = trained
        lossCurve = losses
    }

    /// One more epoch of gradient descent on `x` and `y` from where the model stands (scikit-learn's
    /// `partial_fit`): from `initialWeights`/`initialBias` (or zeros) the first time, from the
    /// fitted weights after that. With `.fullBatch` that is exactly one step
    /// `w ← w − η·∂L/∂w`, `b ← b − η·∂L/∂b`; the epoch's loss (before the step for full batch)
    /// is appended to `lossCurve`.
    public mutating func partialFit(_ x: Matrix, _ y: [Float]) throws(EstimatorError) {
        var saved = self
        saved.epochs = 1
        let neuron: Network
        try EstimatorChecks.check(x, targetCount: y.count)
        if let network {
            try EstimatorChecks.checkFeatures(x, expected: network.inputSize)
            neuron = network
        } else {
            neuron = try initialNeuron(inputSize: x.columns)
        }
        try EstimatorChecks.checkFinite(y, column: x.columns)
        let configuration = try saved.configuration(rows: x.rows)
        let (trained, losses) = try train(neuron, x, y, configuration: configuration)
        network = trained
        lossCurve += losses
    }

    /// The trainer's settings for `rows` samples: plain SGD on the MSE at `learningRate`.
    private func configuration(rows: Int) throws(EstimatorError) -> TrainingConfiguration {
        guard l1 >= 0, l2 >= 0, l1.isFinite, l2.isFinite else {
            throw .invalidParameter("l1 and l2 must be finite and non-negative, got l1 = \(l1), l2 = \(l2)")
        }
        var configuration = TrainingConfiguration(loss: .meanSquaredError)
        configuration.optimizer = .sgd(SGD())
        configuration.learningRate = learningRate
        configuration.epochs = epochs
        configuration.regularization = Regularization(l1: l1, l2: l2)
        configuration.seed = seed
        switch batching {
        case .fullBatch:
            configuration.batchSize = rows
            configuration.shuffle = false
        case .miniBatch(let size):
            guard size >= 1 else { throw .invalidParameter("mini-batch size must be at least 1, got \(size)") }
            configuration.batchSize = min(size, rows)
            configuration.shuffle = shuffle
        case .stochastic:
            configuration.batchSize = 1
            configuration.shuffle = shuffle
        }
        return configuration
    }

    /// The neuron gradient descent starts from.
    private func initialNeuron(inputSize: Int) throws(EstimatorError) -> Network {
        var neuron = Network(layers: [.dense(Dense(inputSize: inputSize, outputSize: 1, initializer: .zeros))], seed: seed)
        if let initialWeights {
            guard initialWeights.count == inputSize else {
                throw .invalidParameter("initialWeights has \(initialWeights.count) values for \(inputSize) features")
            }
            guard initialWeights.allSatisfy(\.isFinite), initialBias.isFinite else {
                throw .invalidParameter("initialWeights and initialBias must be finite")
            }
            neuron.setParameters(ofLayer: 0, weight: Matrix(rows: 1, columns: inputSize, storage: initialWeights),
                                 bias: [initialBias])
        } else if initialBias != 0 {
            guard initialBias.isFinite else { throw .invalidParameter("initialBias must be finite") }
            neuron.setParameters(ofLayer: 0, weight: Matrix(rows: 1, columns: inputSize), bias: [initialBias])
        }
        return neuron
    }

    private func train(_ neuron: Network, _ x: Matrix, _ y: [Float],
                       configuration: TrainingConfiguration) throws(EstimatorError) -> (Network, [Double]) {
        let data = Dataset(features: x, targets: .values(Matrix(rows: y.count, columns: 1, storage: y)))
        do {
            var trainer = try Trainer(network: neuron, configuration: configuration)
            let history = try trainer.fit(data)
            return (trainer.network, history.loss)
        } catch {
            throw error.asEstimatorError
        }
    }

    /// Fits by the closed-form least-squares solution (`LeastSquares.solve`, ridge penalty `l2`
    /// on the weights), for comparison with gradient descent.
    public mutating func fitClosedForm(_ x: Matrix, _ y: [Float]) throws(EstimatorError) {
        try EstimatorChecks.check(x, targetCount: y.count)
        try EstimatorChecks.checkFinite(y, column: x.columns)
        let solution: (weights: [Double], bias: Double)
        do {
            solution = try LeastSquares.solve(x, targets: y, l2: l2)
        } catch {
            throw .singularSystem
        }
        var neuron = Network(layers: [.dense(Dense(inputSize: x.columns, outputSize: 1, initializer: .zeros))], seed: seed)
        neuron.setParameters(ofLayer: 0, weight: Matrix(rows: 1, columns: x.columns, storage: solution.weights.map(Float.init)),
                             bias: [Float(solution.bias)])
        network = neuron
        lossCurve = []
    }

    /// `ŷ = x·w + b` for every row of `x` (`[n, d]`).
    public func predict(_ x: Matrix) throws(EstimatorError) -> [Float] {
        guard let network else { throw .notFitted(estimator: "LinearRegression") }
        try EstimatorChecks.checkFeatures(x, expected: network.inputSize)
        return network.predict(x).storage
    }

    /// The coefficient of determination `R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²` on `x`, `y`.
    public func score(_ x: Matrix, _ y: [Float]) throws(EstimatorError) -> Double {
        let predictions = try predict(x)
        guard predictions.count == y.count else { throw .lengthMismatch(samples: x.rows, targets: y.count) }
        return Metrics.r2Score(actual: y, predicted: predictions)
    }
}

extension TrainingError {
    /// The trainer's failure as an estimator error.
    var asEstimatorError: EstimatorError { .trainingFailed(description) }
}
