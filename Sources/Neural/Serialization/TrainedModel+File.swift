import Foundation

extension TrainedModel: ModelFileConvertible {
    /// Metadata keys a trained-model file uses besides `ModelFormat`'s.
    public enum MetadataKey {
        /// The class names, in output order, as a JSON array (classification only).
        public static let classes = "neural.classes"
        /// The input column names, in order, as a JSON array.
        public static let columns = "neural.columns"
        /// The task, `"classification"` or `"regression"` (a JSON string).
        public static let task = "neural.task"
    }

    /// What `ModelFormat.trainingKey` holds: the configuration, the run's summary and the target
    /// scaling of a regression model.
    struct StoredTraining: Codable {
        var configuration: TrainingConfiguration
        var summary: TrainingSummary
        var targetScaling: Standardizer?

        enum CodingKeys: String, CodingKey {
            case configuration, summary
            case targetScaling = "target_scaling"
        }
    }

    /// The model as a model file: the network's parameters as tensors named `layers.<i>.weight`
    /// and `layers.<i>.bias`, and JSON metadata under `ModelFormat.architectureKey` (the layer
    /// list), `preprocessingKey`, `trainingKey`, `metricsKey` (when measured; without a
    /// classifier's confusion matrix, which predicting does not need and which grows with the
    /// square of the classes), the task, class names and input columns, plus the format version.
    public func modelFile() throws(ModelFileError) -> ModelFile {
        var file = ModelFile(parameters: network.parameters)
        try file.setMetadata(network.layers, forKey: ModelFormat.architectureKey)
        try file.setMetadata(preprocessor, forKey: ModelFormat.preprocessingKey)
        try file.setMetadata(StoredTraining(configuration: configuration, summary: summary, targetScaling: targetScaling),
                             forKey: ModelFormat.trainingKey)
        if let metrics { try file.setMetadata(metrics.withoutConfusionMatrix, forKey: ModelFormat.metricsKey) }
        try file.setMetadata(task, forKey: MetadataKey.task)
        try file.setMetadata(inputColumns, forKey: MetadataKey.columns)
        if task == .classification { try file.setMetadata(classNames, forKey: MetadataKey.classes) }
        return file
    }

    /// A model from an already read model file (`load(from:)` reads and calls this). Every check
    /// names the file and what is wrong: the architecture (a valid layer list), the tensors
    /// (exactly the layout of that architecture), the preprocessing (its feature count is the
    /// network's input size, its classes or single value the network's outputs) and the loss (a
    /// cross-entropy for classes, a regression loss for values).
    public init(file: ModelFile) throws(TrainedModelError) {
        let source = file.source
        let network = try file.network()
        let preprocessor: Preprocessor
        let training: StoredTraining
        let metrics: ModelEvaluation?
        do {
            preprocessor = try file.decodeMetadata(Preprocessor.self, forKey: ModelFormat.preprocessingKey)
            training = try file.decodeMetadata(StoredTraining.self, forKey: ModelFormat.trainingKey)
            metrics = file.metadata[ModelFormat.metricsKey] == nil
                ? nil : try file.decodeMetadata(ModelEvaluation.self, forKey: ModelFormat.metricsKey)
        } catch {
            throw .modelFile(error)
        }
        if let problem = Self.inconsistency(network: network, preprocessor: preprocessor, training: training) {
            throw .inconsistent(source: source, reason: problem)
        }
        self.init(network: network, preprocessor: preprocessor, configuration: training.configuration,
                  targetScaling: training.targetScaling, summary: training.summary, metrics: metrics)
    }

    /// The first disagreement between the parts of a model, or nil.
    static func inconsistency(network: Network, preprocessor: Preprocessor, training: StoredTraining) -> String? {
        if preprocessor.featureCount != network.inputSize {
            return "the preprocessing makes \(preprocessor.featureCount) features but the network takes \(network.inputSize)"
        }
        let loss = training.configuration.loss
        switch (preprocessor.task, loss.kind) {
        case (.classification, .categoricalCrossEntropy):
            if network.outputSize != preprocessor.outputCount {
                return "the network has \(network.outputSize) outputs for \(preprocessor.outputCount) classes"
            }
        case (.classification, .binaryCrossEntropy):
            let classes = preprocessor.outputCount
            if !(network.outputSize == classes || (classes == 2 && network.outputSize == 1)) {
                return "the network has \(network.outputSize) sigmoid outputs for \(classes) classes"
            }
        case (.classification, _):
            return "a classifier needs a cross-entropy loss, the file names another"
        case (.regression, .categoricalCrossEntropy), (.regression, .binaryCrossEntropy):
            return "a regression model cannot use a cross-entropy loss"
        case (.regression, _):
            if network.outputSize != 1 {
                return "a regression model has one output, this network has \(network.outputSize)"
            }
        }
        if let scaling = training.targetScaling {
            if preprocessor.task != .regression || scaling.columnCount != 1 {
                return "a target scaling is stored for a \(preprocessor.task.rawValue) model with \(scaling.columnCount) columns"
            }
            if !scaling.standardDeviations.allSatisfy({ $0 > 0 && $0.isFinite }) || !scaling.means.allSatisfy(\.isFinite) {
                return "the target scaling has a mean or standard deviation that is not finite and positive"
            }
        }
        return nil
    }
}
