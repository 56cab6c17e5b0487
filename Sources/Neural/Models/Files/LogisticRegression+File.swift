import Foundation

extension LogisticRegression where Label: Codable {
    struct StoredState: Codable {
        var learningRate: Double
        var maxIter: Int
        var batchSize: Int?
        var l2: Double
        var tol: Double
        var seed: UInt64
        var classes: [Label]
        var lossCurve: [Double]
    }

    /// Writes the fitted model to `url` as a model file (see `load(from:)`): the weights, the
    /// classes, the settings and the loss curve. The file is also a trained model that
    /// `neural predict` reads (input columns `x0`…`x{d−1}`). Throws before `fit`.
    public func save(to url: URL) throws(TrainedModelError) {
        guard let network, let index else {
            throw .inconsistent(source: url.path, reason: "the LogisticRegression is not fitted; call fit before save")
        }
        let state = StoredState(learningRate: learningRate, maxIter: maxIter, batchSize: batchSize, l2: l2, tol: tol,
                                seed: seed, classes: index.classes, lossCurve: lossCurve)
        try EstimatorFile.save(network: network, link: network.outputSize == 1 ? .sigmoid : .softmax,
                               classes: EstimatorFile.classNames(index.classes), type: "LogisticRegression",
                               state: state, to: url)
    }

    /// The model saved at `url` by `save(to:)`, ready to predict.
    public init(contentsOf url: URL) throws(TrainedModelError) {
        let (network, state, source) = try EstimatorFile.readNetwork(url, type: "LogisticRegression", state: StoredState.self)
        guard let index = ClassIndex(classes: state.classes) else {
            throw .inconsistent(source: source, reason: "the classes must be at least two, distinct and sorted")
        }
        let outputs = index.classes.count == 2 ? 1 : index.classes.count
        guard network.layers.count == 1, network.outputSize == outputs else {
            throw .inconsistent(source: source, reason: "a logistic regression of \(index.classes.count) classes is one dense layer of \(outputs) outputs")
        }
        self.init(learningRate: state.learningRate, maxIter: state.maxIter, batchSize: state.batchSize,
                  l2: state.l2, tol: state.tol, seed: state.seed)
        self.network = network
        self.index = index
        self.lossCurve = state.lossCurve
    }
}
