import Foundation

extension MLPClassifier where Label: Codable {
    struct StoredState: Codable {
        var parameters: MLPParameters
        var classes: [Label]
        var history: History
    }

    /// Writes the fitted classifier to `url` as a model file (see `load(from:)`): the network,
    /// its classes and hyper-parameters, and the training history. The file is also a trained
    /// model that `neural predict` reads, with input columns `x0`…`x{d−1}` and the classes as
    /// text. Throws `TrainedModelError.inconsistent` before `fit`.
    public func save(to url: URL) throws(TrainedModelError) {
        guard let fitted, let index else {
            throw .inconsistent(source: url.path, reason: "the MLPClassifier is not fitted; call fit before save")
        }
        try EstimatorFile.save(network: fitted.network, link: outputLink,
                               classes: EstimatorFile.classNames(index.classes), type: "MLPClassifier",
                               state: StoredState(parameters: parameters, classes: index.classes, history: fitted.history),
                               to: url)
    }

    /// The classifier saved at `url` by `save(to:)`, ready to predict (and to `fit` again).
    public init(contentsOf url: URL) throws(TrainedModelError) {
        let (network, state, source) = try EstimatorFile.readNetwork(url, type: "MLPClassifier", state: StoredState.self)
        guard let index = ClassIndex(classes: state.classes) else {
            throw .inconsistent(source: source, reason: "the classes must be at least two, distinct and sorted")
        }
        let outputs = index.classes.count == 2 ? 1 : index.classes.count
        guard network.outputSize == outputs, network.inputSize >= 1 else {
            throw .inconsistent(source: source, reason: "\(index.classes.count) classes need \(outputs) outputs, the network has \(network.outputSize)")
        }
        self.init()
        do {
            try state.parameters.validate()
        } catch {
            throw .inconsistent(source: source, reason: "the stored hyper-parameters are invalid: \(error.description)")
        }
        self.parameters = state.parameters
        self.fitted = MLPFit(network: network, history: state.history)
        self.index = index
    }
}
