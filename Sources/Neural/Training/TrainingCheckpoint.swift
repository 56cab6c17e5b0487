import Foundation

/// A training run saved between two epochs, so that it can be resumed with exactly the result of
/// an uninterrupted run: the network's weights, the configuration and the `TrainerState`
/// (optimiser moments, schedule position, random generator, epoch, early-stopping bookkeeping,
/// best weights, history), plus any metadata the caller needs to rebuild the same data
/// (`extraMetadata`, for example the preprocessing and the flags of the command line).
///
/// ```swift
/// try trainer.fit(training, validation: validation) { report, trainer in
///     if report.epoch % 10 == 0 { try? TrainingCheckpoint(trainer: trainer).save(to: url) }
///     return .proceed
/// }
/// var resumed = try TrainingCheckpoint.load(from: url).trainer()
/// try resumed.fit(training, validation: validation)  // the remaining epochs
/// ```
///
/// The file is a model file (safetensors): the weights are the tensors `layers.<i>.weight` and
/// `layers.<i>.bias`, as in a trained model, and the rest is JSON metadata under
/// `ModelFormat.architectureKey`, `configurationKey` and `stateKey`. Floats go through JSON as
/// their shortest round-tripping decimal text, so every value reads back bit for bit; the header
/// limit of safetensors readers (`SafeTensorsFile.maximumHeaderLength`) bounds that JSON, so a
/// network of more than about 2 million parameters (Adam's two moments, best weights) is refused
/// by `save(to:)` rather than written unreadable. It is written atomically: an interrupted save
/// leaves the previous checkpoint intact.
public struct TrainingCheckpoint: Sendable {
    /// Metadata key of the `TrainingConfiguration` (JSON).
    public static let configurationKey = "neural.checkpoint.configuration"
    /// Metadata key of the `TrainerState` (JSON).
    public static let stateKey = "neural.checkpoint.state"

    public var network: Network
    public var configuration: TrainingConfiguration
    public var state: TrainerState
    /// The caller's own metadata, stored and read back unchanged (keys must not clash with the
    /// checkpoint's own).
    public var extraMetadata: [String: String]

    public init(network: Network, configuration: TrainingConfiguration, state: TrainerState,
                extraMetadata: [String: String] = [:]) {
        self.network = network
        self.configuration = configuration
        self.state = state
        self.extraMetadata = extraMetadata
    }

    /// The trainer as it stands (typically inside `fit`'s `onEpochEnd` callback).
    public init(trainer: Trainer, extraMetadata: [String: String] = [:]) {
        self.init(network: trainer.network, configuration: trainer.configuration, state: trainer.state,
                  extraMetadata: extraMetadata)
    }

    /// A trainer that continues this run.
    public func trainer() throws(TrainingError) -> Trainer {
        try Trainer(network: network, configuration: configuration, state: state)
    }

    /// The checkpoint as a model file.
    public func modelFile() throws(ModelFileError) -> ModelFile {
        var file = ModelFile(parameters: network.parameters, metadata: extraMetadata)
        try file.setMetadata(network.layers, forKey: ModelFormat.architectureKey)
        try file.setMetadata(configuration, forKey: Self.configurationKey)
        try file.setMetadata(state, forKey: Self.stateKey)
        return file
    }

    /// Writes the checkpoint to `url` atomically.
    public func save(to url: URL) throws(TrainedModelError) {
        let file: ModelFile
        do {
            file = try modelFile()
        } catch {
            throw .modelFile(error)
        }
        // The state (optimiser moments, best weights) is JSON in the header, which readers refuse
        // beyond `SafeTensorsFile.maximumHeaderLength`: refuse to write what could not be read.
        let metadataBytes = file.metadata.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
        let headerBudget = SafeTensorsFile.maximumHeaderLength - 1_000_000
        guard metadataBytes <= headerBudget else {
            throw .unwritable(path: url.path, reason: "the training state takes \(metadataBytes) bytes of metadata, more than the \(headerBudget) bytes a checkpoint's header may hold (networks of up to about 2 million parameters fit).")
        }
        do {
            try file.write(to: url)
        } catch {
            throw .unwritable(path: url.path, reason: error.description)
        }
    }

    /// Reads and checks a checkpoint: the model-file structure, the architecture and its tensors,
    /// the configuration and the state (which must fit the network and the configuration).
    public static func load(from url: URL) throws(TrainedModelError) -> TrainingCheckpoint {
        let file: ModelFile
        do {
            file = try ModelFile.read(from: url)
        } catch {
            throw .modelFile(error)
        }
        return try TrainingCheckpoint(file: file)
    }

    /// A checkpoint from an already read model file (see `load(from:)`).
    public init(file: ModelFile) throws(TrainedModelError) {
        let source = file.source
        do {
            try file.requireMetadata([Self.configurationKey, Self.stateKey])
        } catch {
            throw .modelFile(error)
        }
        network = try file.network()
        do {
            configuration = try file.decodeMetadata(TrainingConfiguration.self, forKey: Self.configurationKey)
            state = try file.decodeMetadata(TrainerState.self, forKey: Self.stateKey)
        } catch {
            throw .modelFile(error)
        }
        do {
            _ = try Trainer(network: network, configuration: configuration, state: state)
        } catch {
            throw .inconsistent(source: source, reason: error.description)
        }
        let own: Set = [ModelFormat.versionKey, ModelFormat.architectureKey, Self.configurationKey, Self.stateKey]
        extraMetadata = file.metadata.filter { !own.contains($0.key) }
    }
}
