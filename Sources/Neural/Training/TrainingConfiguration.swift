/// Everything that decides how a network is trained, as one `Codable` value (stored in the
/// model file's metadata, so a model says how it was made).
///
/// Defaults follow scikit-learn's `MLPClassifier`/`MLPRegressor` where it has one: Adam at
/// 1e-3, 200 epochs, shuffled batches, a constant rate. Regularisation, early stopping and a
/// validation split are off unless asked for. To train the way PyTorch, scikit-learn or Keras
/// would where they differ from these conventions, see `applying(_:)` and `Parity`.
public struct TrainingConfiguration: Codable, Equatable, Sendable {
    /// Passes over the training data (≥ 1).
    public var epochs: Int = 200
    /// Samples per optimizer step (≥ 1); the last batch of an epoch may be smaller.
    /// A batch size larger than the data means full-batch gradient descent.
    public var batchSize: Int = 32
    /// Reshuffle the sample order every epoch (from `seed`'s generator).
    public var shuffle: Bool = true
    /// Seeds the shuffling, the dropout masks and the validation split. The same seed gives
    /// the same trained weights bit for bit on the same machine and thread count.
    public var seed: UInt64 = 0
    /// The objective; it owns the output link (identity, sigmoid or softmax).
    public var loss: Loss
    /// L1/L2 penalty on the weights, added to the loss and its gradient.
    public var regularization: Regularization = .none
    /// The optimizer and its settings (its state starts empty).
    public var optimizer: AnyOptimizer = .adam(Adam())
    /// The initial learning rate η₀ (> 0).
    public var learningRate: Double = 1e-3
    /// How the learning rate changes; built from `learningRate` and `epochs`.
    public var schedule: ScheduleKind = .constant
    /// A fully specified schedule that replaces `schedule` (its own initial rate is used).
    public var customSchedule: AnyLearningRateSchedule?
    /// Gradient clipping applied to every step's gradients before the update.
    public var clipping: GradientClipping = .none
    /// Stop with `TrainingError.explodingGradient` when a step's gradient norm (before
    /// clipping) exceeds this; `nil` never stops on the norm (a non-finite norm always stops).
    public var maximumGradientNorm: Double?
    /// Early stopping on the validation loss or a metric; `nil` trains all epochs.
    public var earlyStopping: EarlyStopping?
    /// Fraction of the training data held out for validation when `fit` is not given a
    /// validation set (stratified for classification); 0 for none.
    public var validationFraction: Double = 0
    /// scikit-learn's stopping rule on the training loss: stop after more than `patience`
    /// epochs without improving by `tolerance`; `nil` disables it.
    public var convergence: Convergence?

    /// The peer whose conventions `applying(_:)` translated this configuration into, or `nil`
    /// (Neural's own). It records how the settings were read; the trainer does not consult it.
    public var parity: Parity?

    /// scikit-learn's `tol` and `n_iter_no_change` on the training loss.
    public struct Convergence: Codable, Equatable, Sendable {
        public var tolerance: Double
        public var patience: Int
        public init(tolerance: Double = 1e-4, patience: Int = 10) {
            self.tolerance = tolerance
            self.patience = patience
        }
    }

    public init(loss: Loss) {
        self.loss = loss
    }

    /// Checks every value's range; the message names the setting and its value.
    public func validate() throws(TrainingError) {
        func check(_ name: String, _ problem: String?) throws(TrainingError) {
            if let problem { throw .invalidConfiguration("\(name) \(problem)") }
        }
        try check("epochs", SettingRange.problem(epochs, in: 1...Int.max))
        try check("batch size", SettingRange.problem(batchSize, in: 1...Int.max))
        try check("learning rate", SettingRange.positive.problem(learningRate))
        try check("validation fraction", SettingRange.fraction.problem(validationFraction))
        try check("L1 penalty", SettingRange.nonNegative.problem(regularization.l1))
        try check("L2 penalty", SettingRange.nonNegative.problem(regularization.l2))
        try check("maximum gradient norm", maximumGradientNorm.flatMap(SettingRange.positive.problem))
        if let convergence {
            try check("no-improvement patience", SettingRange.problem(convergence.patience, in: 1...Int.max))
            try check("tolerance", SettingRange.nonNegative.problem(convergence.tolerance))
        }
        if let stopping = earlyStopping {
            // Checked again here because a configuration built in code may set the fields directly.
            try check("early-stopping patience", SettingRange.problem(stopping.patience, in: 1...Int.max))
            try check("early-stopping minimum delta", SettingRange.nonNegative.problem(stopping.minimumDelta))
        }
    }

    /// The schedule this configuration starts with.
    public func makeSchedule() -> AnyLearningRateSchedule {
        customSchedule ?? AnyLearningRateSchedule(kind: schedule, initialRate: learningRate, epochs: epochs)
    }
}

extension TrainingConfiguration {
    private enum CodingKeys: String, CodingKey {
        case epochs, batchSize, shuffle, seed, loss, regularization, optimizer, learningRate, schedule,
             customSchedule, clipping, maximumGradientNorm, earlyStopping, validationFraction, convergence, parity
    }

    /// Decodes a configuration with every value checked by the rules of the command line's flags
    /// (`--epochs`, `--batch-size`, `--learning-rate`, `--max-gradient-norm`, …), each part by its
    /// own decoder (the optimizer, the loss, the schedule …); a value out of range throws
    /// `DecodingError.dataCorrupted` whose coding path ends at the field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        loss = try container.decode(Loss.self, forKey: .loss)
        epochs = try container.decode(Int.self, forKey: .epochs, in: 1...Int.max)
        batchSize = try container.decode(Int.self, forKey: .batchSize, in: 1...Int.max)
        shuffle = try container.decode(Bool.self, forKey: .shuffle)
        seed = try container.decode(UInt64.self, forKey: .seed)
        regularization = try container.decode(Regularization.self, forKey: .regularization)
        optimizer = try container.decode(AnyOptimizer.self, forKey: .optimizer)
        learningRate = try container.decode(Double.self, forKey: .learningRate, in: .positive)
        schedule = try container.decode(ScheduleKind.self, forKey: .schedule)
        customSchedule = try container.decodeIfPresent(AnyLearningRateSchedule.self, forKey: .customSchedule)
        clipping = try container.decode(GradientClipping.self, forKey: .clipping)
        maximumGradientNorm = try container.decodeIfPresent(Double.self, forKey: .maximumGradientNorm, in: .positive)
        earlyStopping = try container.decodeIfPresent(EarlyStopping.self, forKey: .earlyStopping)
        validationFraction = try container.decode(Double.self, forKey: .validationFraction, in: .fraction)
        convergence = try container.decodeIfPresent(Convergence.self, forKey: .convergence)
        parity = try container.decodeIfPresent(Parity.self, forKey: .parity)
    }
}

extension TrainingConfiguration.Convergence {
    private enum CodingKeys: String, CodingKey { case tolerance, patience }

    /// Decodes the rule with the checks of `--tol` (finite, ≥ 0) and `--n-iter-no-change` (≥ 1).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tolerance = try container.decode(Double.self, forKey: .tolerance, in: .nonNegative)
        patience = try container.decode(Int.self, forKey: .patience, in: 1...Int.max)
    }
}
