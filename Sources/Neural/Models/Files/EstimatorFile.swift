import Foundation

/// The model file of a scikit-learn-style estimator (`MLPClassifier`, `MLPRegressor`,
/// `LinearRegression`, `LogisticRegression`, `Perceptron`).
///
/// An estimator with a network is stored as a trained model that `neural predict` and
/// `neural evaluate` read: the network's tensors, the architecture, an identity preprocessing
/// whose input columns are `x0`…`x{d−1}`, and for a classifier its class labels written as
/// text. The estimator's own state (hyper-parameters, labels in their own type, loss curve) is
/// JSON under `EstimatorFile.key`, `{"type": "<estimator>", "state": {…}}`.
enum EstimatorFile {
    /// The metadata key of the estimator's state.
    static let key = "neural.estimator"

    struct Envelope<State: Codable>: Codable {
        var type: String
        var state: State
    }

    /// The input column names of an estimator's file: `x0`…`x{count−1}`.
    static func columns(_ count: Int) -> [String] { (0..<count).map { "x\($0)" } }

    /// The class labels as text for the trained model's label encoder, or `0`…`k−1` when two
    /// labels print the same.
    static func classNames<Label>(_ labels: [Label]) -> [String] {
        let names = labels.map { "\($0)" }
        return Set(names).count == names.count ? names : labels.indices.map(String.init)
    }

    /// Writes `network` as a trained model with the estimator's `state` under `key`.
    static func save<State: Codable>(network: Network, link: OutputLink, classes: [String]?,
                                     type: String, state: State, to url: URL) throws(TrainedModelError) {
        let model = try TrainedModel(importing: network, link: link, columns: columns(network.inputSize),
                                     target: "y", classes: classes,
                                     task: classes == nil ? .regression : .classification, source: url.path)
        var file: ModelFile
        do {
            file = try model.modelFile()
            try file.setMetadata(Envelope(type: type, state: state), forKey: key)
        } catch {
            throw .modelFile(error)
        }
        try write(file, to: url)
    }

    /// Writes a file with no tensors: only the estimator's `state` (the perceptron).
    static func save<State: Codable>(type: String, state: State, to url: URL) throws(TrainedModelError) {
        var file = ModelFile(parameters: ParameterVector(layout: ParameterLayout()))
        do {
            try file.setMetadata(Envelope(type: type, state: state), forKey: key)
        } catch {
            throw .modelFile(error)
        }
        try write(file, to: url)
    }

    private static func write(_ file: ModelFile, to url: URL) throws(TrainedModelError) {
        do {
            try file.write(to: url)
        } catch {
            throw .unwritable(path: url.path, reason: error.description)
        }
    }

    /// Reads `url` and decodes the estimator's state, checking that the file holds a `type`.
    static func read<State: Codable>(_ url: URL, type: String, state: State.Type) throws(TrainedModelError)
        -> (file: ModelFile, state: State) {
        let file: ModelFile
        let envelope: Envelope<State>
        do {
            file = try ModelFile.read(from: url)
        } catch {
            throw .modelFile(error)
        }
        do {
            let stored = try file.decodeMetadata(Envelope<Discarded>.self, forKey: key)
            guard stored.type == type else {
                throw TrainedModelError.inconsistent(source: file.source, reason: "it holds a \(stored.type), not a \(type)")
            }
            envelope = try file.decodeMetadata(Envelope<State>.self, forKey: key)
        } catch let error as TrainedModelError {
            throw error
        } catch let error as ModelFileError {
            throw .modelFile(error)
        } catch {
            throw .inconsistent(source: file.source, reason: "\(error)")
        }
        return (file, envelope.state)
    }

    /// Reads `url` as an estimator with a network: the trained model's network (every check of
    /// a model file) and the estimator's state.
    static func readNetwork<State: Codable>(_ url: URL, type: String, state: State.Type) throws(TrainedModelError)
        -> (network: Network, state: State, source: String) {
        let (file, state) = try read(url, type: type, state: State.self)
        let model = try TrainedModel(file: file)
        return (model.network, state, file.source)
    }

    /// Decodes any state, to read the type name first.
    private struct Discarded: Codable {
        init(from decoder: any Decoder) throws {}
        func encode(to encoder: any Encoder) throws {}
    }
}
