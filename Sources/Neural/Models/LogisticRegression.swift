/// Logistic regression, `p = σ(w·x + b)` with `σ(z) = 1 / (1 + e^−z)`, trained by gradient
/// descent on the binary cross-entropy `−(1/n)·Σ[y log p + (1 − y) log(1 − p)]`; for more than two
/// classes the multinomial (softmax) model `p_k = e^{z_k} / Σ_j e^{z_j}`, `z = x·W + b`, on the
/// categorical cross-entropy.
///
/// Plain gradient descent (`SGD`, no momentum) from zero weights, full batch unless `batchSize`
/// is set; an optional L2 penalty `(l2/2)·Σw²` (not on `b`). The problem is convex, so with enough
/// iterations the weights approach the unpenalised maximum-likelihood solution, scikit-learn's
/// `LogisticRegression(penalty=None)`. Training stops early once the loss has not improved by
/// `tol` for 10 epochs.
///
/// ```swift
/// var model = LogisticRegression<Int>()
/// try model.fit(x, y)                                 // y: n labels, two or more classes
/// let probabilities = try model.predictProbabilities(x)   // [n, classes.count]
/// ```
public struct LogisticRegression<Label: Hashable & Comparable & Sendable>: Sendable, ProbabilisticClassifier {
    /// η (> 0). With standardised features, 1 is stable for the cross-entropy.
    public var learningRate: Double
    /// Upper bound on epochs (≥ 1).
    public var maxIter: Int
    /// Samples per step; `nil` for full-batch gradient descent.
    public var batchSize: Int?
    /// Coefficient of `Σw²/2` (≥ 0).
    public var l2: Double
    /// Stop when the training loss has not improved by `tol` for 10 epochs; 0 never stops early.
    public var tol: Double
    /// Seeds the shuffling of mini-batches.
    public var seed: UInt64

    var network: Network?
    var index: ClassIndex<Label>?
    /// Training loss per epoch of the last `fit`.
    public internal(set) var lossCurve: [Double] = []

    public init(learningRate: Double = 1, maxIter: Int = 2000, batchSize: Int? = nil, l2: Double = 0,
                tol: Double = 1e-7, seed: UInt64 = 0) {
        self.learningRate = learningRate
        self.maxIter = maxIter
        self.batchSize = batchSize
        self.l2 = l2
        self.tol = tol
        self.seed = seed
    }

    /// The class labels seen by `fit`, sorted (`classes_`).
    public var classes: [Label] { index?.classes ?? [] }
    /// `coef_`: `[1, d]` for two classes (the weights of class `classes[1]`), `[k, d]` for `k > 2`.
    public var coefficients: Matrix {
        guard let network else { return Matrix(rows: 0, columns: 0) }
        return network.weight(ofLayer: 0)   // [outputs, d], as coef_
    }
    /// `intercept_`: one bias per output.
    public var intercepts: [Float] { network.map { $0.bias(ofLayer: 0).storage } ?? [] }
    /// Epochs run by the last `fit`.
    public var nIter: Int { lossCurve.count }

    /// Trains on `x` (`[n, d]`) and the `n` labels `y`.
    public mutating func fit(_ x: Matrix, _ y: [Label]) throws(EstimatorError) {
        try EstimatorChecks.check(x, targetCount: y.count)
        guard l2 >= 0, l2.isFinite else { throw .invalidParameter("l2 must be finite and non-negative, got \(l2)") }
        guard tol >= 0, tol.isFinite else { throw .invalidParameter("tol must be non-negative, got \(tol)") }
        if let batchSize, batchSize < 1 { throw .invalidParameter("batchSize must be at least 1, got \(batchSize)") }
        let index = try ClassIndex(labels: y)
        let binary = index.classes.count == 2
        let outputs = binary ? 1 : index.classes.count
        var configuration = TrainingConfiguration(loss: binary ? .binaryCrossEntropy : .categoricalCrossEntropy)
        configuration.optimizer = .sgd(SGD())
        configuration.learningRate = learningRate
        configuration.epochs = maxIter
        configuration.batchSize = min(batchSize ?? x.rows, x.rows)
        configuration.shuffle = batchSize != nil
        configuration.seed = seed
        configuration.regularization = .l2(l2)
        if tol > 0 { configuration.convergence = .init(tolerance: tol, patience: 10) }
        let model = Network(layers: [.dense(Dense(inputSize: x.columns, outputSize: outputs, initializer: .zeros))],
                            seed: seed)
        let data = Dataset(features: x, targets: .classes(try index.indices(of: y), classCount: index.classes.count))
        do {
            var trainer = try Trainer(network: model, configuration: configuration)
            lossCurve = try trainer.fit(data).loss
            network = trainer.network
            self.index = index
        } catch {
            throw error.asEstimatorError
        }
    }

    /// Class probabilities `[n, classes.count]` (for two classes `[1 − p, p]`).
    public func predictProbabilities(_ x: Matrix) throws(EstimatorError) -> Matrix {
        guard let network else { throw .notFitted(estimator: "LogisticRegression") }
        try EstimatorChecks.checkFeatures(x, expected: network.inputSize)
        if network.outputSize == 1 {
            let p = network.predict(x, link: .sigmoid)
            return Matrix(rows: p.rows, columns: 2) { row, column in column == 1 ? p[row, 0] : 1 - p[row, 0] }
        }
        return network.predict(x, link: .softmax)
    }
}
