import Foundation

/// A training run saved between two epochs (or paused between two batches, see `Trainer.fit`'s
/// `pauseRequested`), so that it can be resumed with exactly the result of an uninterrupted run:
/// the network's weights, the configuration and the `TrainerState` (optimizer moments, schedule
/// position, random generator, epoch, early-stopping bookkeeping, best weights, history, the
/// position inside a paused epoch), plus any metadata the caller needs to rebuild the same data
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
/// The file is a model file (safetensors). The weights are the tensors `layers.<i>.weight` and
/// `layers.<i>.bias`, as in a trained model. Every per-parameter array of the state is an F32
/// tensor of shape `[parameterCount]`, the model's tensors concatenated in file order (each
/// weight `[out, in]` row-major; see `ModelFormat` for version 1): the optimizer's arrays as
/// `state.optimizer.<slot>` (Adam's `first_moment`, `second_moment`, `maximum_second_moment`;
/// SGD's `momentum_buffer`; RMSProp's `square_average`, `gradient_average`, `momentum_buffer`;
/// Adagrad's `sum`) and the best weights as `state.best_parameters`. The rest is JSON metadata:
/// the architecture under `ModelFormat.architectureKey`, the configuration under
/// `configurationKey`, the state's scalars under `stateKey` (its arrays left empty there) and the
/// names of the state's tensors under `stateTensorsKey`. Tensors keep the exact bits, so the
/// size of the network is limited only by memory and disk. Checkpoints written before the state
/// had tensors (arrays inside the state's JSON, no `stateTensorsKey`) still read.
/// It is written atomically: an interrupted save leaves the previous checkpoint intact.
public struct TrainingCheckpoint: Sendable, ModelFileConvertible {
    /// Metadata key of the `TrainingConfiguration` (JSON).
    public static let configurationKey = "neural.checkpoint.configuration"
    /// Metadata key of the `TrainerState` (JSON, without the arrays stored as tensors).
    public static let stateKey = "neural.checkpoint.state"
    /// Metadata key of the names of the state's tensors (a JSON array of strings).
    public static let stateTensorsKey = "neural.checkpoint.state_tensors"

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
        let (scalars, arrays) = Self.splitArrays(of: state)
        var stateTensors = arrays
        // Each array in the order of the file's tensors (weights [out, in]; see ModelFormat).
        let layout = network.parameters.layout
        for index in stateTensors.indices where stateTensors[index].values.count == layout.count {
            stateTensors[index].values = layout.rowMajorOrder(fromStorage: stateTensors[index].values)
        }
        file.tensors += stateTensors
        try file.setMetadata(network.layers, forKey: ModelFormat.architectureKey)
        try file.setMetadata(configuration, forKey: Self.configurationKey)
        try file.setMetadata(scalars, forKey: Self.stateKey)
        try file.setMetadata(stateTensors.map(\.name), forKey: Self.stateTensorsKey)
        return file
    }

    /// A checkpoint from an already read model file (`load(from:)` reads and calls this): checks
    /// the architecture and its tensors, the configuration and the state (which must fit the
    /// network and the configuration).
    public init(file: ModelFile) throws(TrainedModelError) {
        let source = file.source
        do {
            try file.requireMetadata([Self.configurationKey, Self.stateKey])
        } catch {
            throw .modelFile(error)
        }
        // The weights are the tensors outside the state's prefix.
        var weights = file
        weights.tensors.removeAll { $0.name.hasPrefix(Self.stateTensorPrefix) }
        network = try weights.network()
        let scalars: TrainerState
        do {
            configuration = try file.decodeMetadata(TrainingConfiguration.self, forKey: Self.configurationKey)
            scalars = try file.decodeMetadata(TrainerState.self, forKey: Self.stateKey)
        } catch {
            throw .modelFile(error)
        }
        // The arrays follow the file's weight layout: [out, in] from version 2, [in, out] (the
        // storage order) in version 1.
        var arrays = file
        if !file.isVersion1 {
            let layout = network.parameters.layout
            for index in arrays.tensors.indices where arrays.tensors[index].name.hasPrefix(Self.stateTensorPrefix)
                && arrays.tensors[index].values.count == layout.count {
                arrays.tensors[index].values = layout.storageOrder(fromRowMajor: arrays.tensors[index].values)
            }
        }
        state = try Self.joinArrays(into: scalars, from: arrays, parameterCount: network.parameterCount)
        do {
            try configuration.validate()
            try state.validate(for: network, configuration: configuration)
        } catch {
            throw .inconsistent(source: source, reason: error.description)
        }
        let own: Set = [ModelFormat.versionKey, ModelFormat.architectureKey, Self.configurationKey,
                        Self.stateKey, Self.stateTensorsKey]
        extraMetadata = file.metadata.filter { !own.contains($0.key) }
    }
}
