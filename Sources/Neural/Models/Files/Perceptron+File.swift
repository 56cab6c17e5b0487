import Foundation

extension Perceptron {
    /// Writes the perceptron to `url` as a model file. Its weights are `Double` and its output
    /// is a step, so the file holds no Float32 tensors: the whole perceptron is JSON in the
    /// metadata (exact: JSON round-trips a `Double`). The command line does not read it.
    public func save(to url: URL) throws(TrainedModelError) {
        try EstimatorFile.save(type: "Perceptron", state: self, to: url)
    }

    /// The perceptron saved at `url` by `save(to:)`, checked: at least one weight, finite
    /// weights and bias, a positive finite learning rate and a positive epoch limit.
    public init(contentsOf url: URL) throws(TrainedModelError) {
        let (file, stored) = try EstimatorFile.read(url, type: "Perceptron", state: Perceptron.self)
        func fail(_ reason: String) -> TrainedModelError { .inconsistent(source: file.source, reason: reason) }
        guard !stored.weights.isEmpty else { throw fail("the perceptron has no weights") }
        guard stored.weights.allSatisfy(\.isFinite), stored.bias.isFinite else {
            throw fail("the perceptron's weights or bias are not finite")
        }
        guard stored.learningRate > 0, stored.learningRate.isFinite else {
            throw fail("the learning rate must be positive and finite, got \(stored.learningRate)")
        }
        guard stored.maximumEpochs > 0 else { throw fail("maximumEpochs must be positive, got \(stored.maximumEpochs)") }
        self = stored
    }
}
