/// A multi-layer perceptron classifier with scikit-learn's `MLPClassifier` interface.
///
/// The network is `d → hiddenLayerSizes… → k` with `activation` in the hidden layers; the output
/// is chosen by the task, as in the notes and in scikit-learn: one sigmoid unit with binary
/// cross-entropy for two classes, `k` softmax units with categorical cross-entropy for more.
/// `Label` is the type of the class labels (`Int`, `String`, …); `classes` holds them sorted.
///
/// ```swift
/// var model = MLPClassifier<String>(hiddenLayerSizes: [16], maxIter: 300, randomState: 0)
/// try model.fit(x, y)                          // x: [n, d], y: n labels
/// let labels = try model.predict(x)            // n labels
/// let probabilities = try model.predictProbabilities(x)   // [n, classes.count]
/// print(try model.score(x, y), model.nIter, model.lossCurve.last ?? 0)
/// ```
@dynamicMemberLookup
public struct MLPClassifier<Label: Hashable & Comparable & Sendable>: Sendable, ProbabilisticClassifier {
    /// Every hyper-parameter; also readable and writable directly (`model.alpha = 1e-3`).
    public var parameters: MLPParameters

    var fitted: MLPFit?
    var index: ClassIndex<Label>?

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

    /// The class labels seen by `fit`, sorted (`classes_`); empty before.
    public var classes: [Label] { index?.classes ?? [] }
    /// Training loss (penalty included) per epoch (`loss_curve_`).
    public var lossCurve: [Double] { fitted?.history.loss ?? [] }
    /// Held-out accuracy per epoch with `earlyStopping` (`validation_scores_`).
    public var validationScores: [Double] { fitted?.history.validationMetrics["accuracy"] ?? [] }
    /// Epochs run (`n_iter_`).
    public var nIter: Int { fitted?.history.epochs ?? 0 }
    /// The training history: losses, rates, validation scores, why it stopped.
    public var history: History? { fitted?.history }
    /// The trained network (its last layer outputs logits; `outputLink` turns them into probabilities).
    public var network: Network? { fitted?.network }
    /// Sigmoid for two classes, softmax for more.
    public var outputLink: OutputLink { classes.count == 2 ? .sigmoid : .softmax }

    /// Trains on `x` (`[n, d]`) and the `n` labels `y`.
    public mutating func fit(_ x: Matrix, _ y: [Label]) throws(EstimatorError) {
        try EstimatorChecks.check(x, targetCount: y.count)
        let index = try ClassIndex(labels: y)
        let data = Dataset(features: x, targets: .classes(try index.indices(of: y), classCount: index.classes.count))
        let binary = index.classes.count == 2
        fitted = try parameters.train(data, outputSize: binary ? 1 : index.classes.count,
                                      loss: binary ? .binaryCrossEntropy : .categoricalCrossEntropy,
                                      scoreName: "accuracy")
        self.index = index
    }

    /// Class probabilities, `[n, classes.count]`, columns in the order of `classes`
    /// (for two classes `[1 − p, p]` with `p` the sigmoid output, as scikit-learn).
    public func predictProbabilities(_ x: Matrix) throws(EstimatorError) -> Matrix {
        guard let fitted else { throw .notFitted(estimator: "MLPClassifier") }
        try EstimatorChecks.checkFeatures(x, expected: fitted.network.inputSize)
        let outputs = fitted.network.predict(x, link: outputLink)
        guard outputs.columns == 1 else { return outputs }
        return Matrix(rows: outputs.rows, columns: 2) { row, column in
            column == 1 ? outputs[row, 0] : 1 - outputs[row, 0]
        }
    }
}
