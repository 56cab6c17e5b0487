/// A trained network with everything needed to use it on a CSV file: the preprocessing fitted on
/// the training rows (column names and kinds, scaler, one-hot encoder, class names), the loss and
/// its output link, the training configuration, a summary of the run and the final metrics.
///
/// ```swift
/// let model = try TrainedModel.load(from: URL(fileURLWithPath: "model.safetensors"))
/// let table = try model.readTable(contentsOf: URL(fileURLWithPath: "new.csv"))
/// let prediction = try model.predict(table)      // prediction.labels: class names or values
/// ```
///
/// Prediction for a table with `n` rows: `x = preprocessor.features(of: table)` (`[n, d]`),
/// `z = network.predict(x)` (`[n, outputs]`), then the loss's link: softmax rows (or a sigmoid
/// per output) for classification, the identity for regression. A regression target is
/// standardised for training when `targetScaling` is set, so the value reported is
/// `z · std + mean` in the target's own units.
public struct TrainedModel: Sendable {
    /// The trained network (its input is the preprocessor's features, its output the logits).
    public var network: Network
    /// The preprocessing fitted on the training rows.
    public var preprocessor: Preprocessor
    /// How the network was trained; `configuration.loss` owns the output link.
    public var configuration: TrainingConfiguration
    /// The standardisation of a regression target the network was trained on (`nil`: raw values).
    public var targetScaling: Standardizer?
    /// What happened during training.
    public var summary: TrainingSummary
    /// The metrics measured at the end of training (on held-out data when there was some).
    public var metrics: ModelEvaluation?

    public init(network: Network, preprocessor: Preprocessor, configuration: TrainingConfiguration,
                targetScaling: Standardizer? = nil, summary: TrainingSummary = TrainingSummary(),
                metrics: ModelEvaluation? = nil) {
        self.network = network
        self.preprocessor = preprocessor
        self.configuration = configuration
        self.targetScaling = targetScaling
        self.summary = summary
        self.metrics = metrics
    }

    /// The loss the network was trained with.
    public var loss: Loss { configuration.loss }
    /// The output link turning logits into predictions (softmax, sigmoid or identity).
    public var link: OutputLink { configuration.loss.link }
    /// Classification or regression.
    public var task: LearningTask { preprocessor.task }
    /// The class names in output order (empty for regression).
    public var classNames: [String] { preprocessor.classNames }
    /// The input columns the model reads, in order.
    public var inputColumns: [String] { preprocessor.inputColumnNames }
    /// The target column's name.
    public var targetColumn: String { preprocessor.targetColumn }
}

/// A short record of a training run, stored with the model.
public struct TrainingSummary: Codable, Equatable, Sendable {
    /// Epochs run.
    public var epochs: Int
    /// Training loss of the last epoch (`nil` before training).
    public var finalLoss: Double?
    /// Validation loss of the last epoch, when there was validation data.
    public var finalValidationLoss: Double?
    /// Why training stopped.
    public var stopReason: History.StopReason
    /// The epoch whose weights were restored by early stopping, if any.
    public var restoredEpoch: Int?
    /// Rows used for training, validation and testing.
    public var trainingSamples: Int
    public var validationSamples: Int
    public var testSamples: Int

    public init(epochs: Int = 0, finalLoss: Double? = nil, finalValidationLoss: Double? = nil,
                stopReason: History.StopReason = .completed, restoredEpoch: Int? = nil,
                trainingSamples: Int = 0, validationSamples: Int = 0, testSamples: Int = 0) {
        self.epochs = epochs
        self.finalLoss = finalLoss
        self.finalValidationLoss = finalValidationLoss
        self.stopReason = stopReason
        self.restoredEpoch = restoredEpoch
        self.trainingSamples = trainingSamples
        self.validationSamples = validationSamples
        self.testSamples = testSamples
    }

    /// The summary of `history`, for the given split sizes.
    public init(history: History, trainingSamples: Int, validationSamples: Int, testSamples: Int) {
        self.init(epochs: history.epochs, finalLoss: history.loss.last,
                  finalValidationLoss: history.validationLoss.last, stopReason: history.stopReason,
                  restoredEpoch: history.restoredEpoch, trainingSamples: trainingSamples,
                  validationSamples: validationSamples, testSamples: testSamples)
    }

    enum CodingKeys: String, CodingKey {
        case epochs
        case finalLoss = "final_loss"
        case finalValidationLoss = "final_val_loss"
        case stopReason = "stop_reason"
        case restoredEpoch = "restored_epoch"
        case trainingSamples = "training_samples"
        case validationSamples = "validation_samples"
        case testSamples = "test_samples"
    }
}

/// The metrics of a model on labelled data: a classification or a regression report. In JSON it
/// is the report itself (the keys `neural evaluate --json` prints).
public enum ModelEvaluation: Codable, Equatable, Sendable {
    case classification(ClassificationReport)
    case regression(RegressionReport)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: ProbeKeys.self)
        if container.contains(.accuracy) {
            self = .classification(try ClassificationReport(from: decoder))
        } else {
            self = .regression(try RegressionReport(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .classification(let report): try report.encode(to: encoder)
        case .regression(let report): try report.encode(to: encoder)
        }
    }

    private enum ProbeKeys: String, CodingKey { case accuracy }

    /// The evaluation without a classifier's confusion matrix (what a model file stores).
    public var withoutConfusionMatrix: ModelEvaluation {
        switch self {
        case .classification(let report): .classification(report.withoutConfusionMatrix)
        case .regression: self
        }
    }

    /// Number of samples evaluated.
    public var samples: Int {
        switch self {
        case .classification(let report): report.samples
        case .regression(let report): report.samples
        }
    }
}
