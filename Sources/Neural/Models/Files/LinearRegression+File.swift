import Foundation

extension LinearRegression {
    struct StoredState: Codable {
        var learningRate: Double
        var epochs: Int
        var batching: Batching
        var l1: Double
        var l2: Double
        var shuffle: Bool
        var seed: UInt64
        var lossCurve: [Double]
    }

    /// Writes the fitted neuron to `url` as a model file (see `load(from:)`): its weights, its
    /// settings and the loss curve. The file is also a trained model that `neural predict` reads
    /// (input columns `x0`…`x{d−1}`, target `y`). Throws before `fit`.
    public func save(to url: URL) throws(TrainedModelError) {
        guard let network else {
            throw .inconsistent(source: url.path, reason: "the LinearRegression is not fitted; call fit before save")
        }
        let state = StoredState(learningRate: learningRate, epochs: epochs, batching: batching, l1: l1, l2: l2,
                                shuffle: shuffle, seed: seed, lossCurve: lossCurve)
        try EstimatorFile.save(network: network, link: .identity, classes: nil, type: "LinearRegression",
                               state: state, to: url)
    }

    /// The model saved at `url` by `save(to:)`, ready to predict (or to continue with `partialFit`).
    public init(contentsOf url: URL) throws(TrainedModelError) {
        let (network, state, source) = try EstimatorFile.readNetwork(url, type: "LinearRegression", state: StoredState.self)
        guard network.layers.count == 1, network.outputSize == 1,
              case .dense(let dense) = network.layers[0], dense.activation == .identity else {
            throw .inconsistent(source: source, reason: "a linear regression is one dense identity layer with one output")
        }
        self.init(learningRate: state.learningRate, epochs: state.epochs, batching: state.batching, l1: state.l1,
                  l2: state.l2, shuffle: state.shuffle, seed: state.seed)
        self.network = network
        self.lossCurve = state.lossCurve
    }
}
