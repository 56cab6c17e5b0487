import Foundation

extension MLPRegressor {
    struct StoredState: Codable {
        var parameters: MLPParameters
        var history: History
    }

    /// Writes the fitted regressor to `url` as a model file (see `load(from:)`): the network, its
    /// hyper-parameters and the training history. The file is also a trained model that
    /// `neural predict` reads (input columns `x0`…`x{d−1}`, target `y`). Throws before `fit`.
    public func save(to url: URL) throws(TrainedModelError) {
        guard let fitted else {
            throw .inconsistent(source: url.path, reason: "the MLPRegressor is not fitted; call fit before save")
        }
        try EstimatorFile.save(network: fitted.network, link: .identity, classes: nil, type: "MLPRegressor",
                               state: StoredState(parameters: parameters, history: fitted.history), to: url)
    }

    /// The regressor saved at `url` by `save(to:)`, ready to predict.
    public init(contentsOf url: URL) throws(TrainedModelError) {
        let (network, state, source) = try EstimatorFile.readNetwork(url, type: "MLPRegressor", state: StoredState.self)
        self.init()
        do {
            try state.parameters.validate()
        } catch {
            throw .inconsistent(source: source, reason: "the stored hyper-parameters are invalid: \(error.description)")
        }
        self.parameters = state.parameters
        self.fitted = MLPFit(network: network, history: state.history)
    }
}
