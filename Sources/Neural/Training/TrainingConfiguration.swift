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
        func fail(_ message: String) -> TrainingError { .invalidConfiguration(message) }
        guard epochs >= 1 else { throw fail("epochs must be at least 1, got \(epochs)") }
        guard batchSize >= 1 else { throw fail("batch size must be at least 1, got \(batchSize)") }
        guard learningRate > 0, learningRate.isFinite else {
            throw fail("learning rate must be a positive number, got \(learningRate)")
        }
        guard validationFraction >= 0, validationFraction < 1 else {
            throw fail("validation fraction must be in [0, 1), got \(validationFraction)")
        }
        guard regularization.l1 >= 0, regularization.l2 >= 0, regularization.l1.isFinite, regularization.l2.isFinite else {
            throw fail("L1 and L2 penalties must be finite and non-negative, got l1 = \(regularization.l1), l2 = \(regularization.l2)")
        }
        if let limit = maximumGradientNorm, !(limit > 0) {
            throw fail("maximum gradient norm must be positive, got \(limit)")
        }
        if let convergence {
            guard convergence.patience >= 1 else { throw fail("no-improvement patience must be at least 1, got \(convergence.patience)") }
            guard convergence.tolerance >= 0, convergence.tolerance.isFinite else {
                throw fail("tolerance must be finite and non-negative, got \(convergence.tolerance)")
            }
        }
        if let stopping = earlyStopping {
            // Checked again here because a configuration read from a file bypasses the initialiser.
            guard stopping.patience >= 1 else { throw fail("early-stopping patience must be at least 1, got \(stopping.patience)") }
            guard stopping.minimumDelta >= 0, stopping.minimumDelta.isFinite else {
                throw fail("early-stopping minimum delta must be finite and non-negative, got \(stopping.minimumDelta)")
            }
        }
    }

    /// The schedule this configuration starts with.
    public func makeSchedule() -> AnyLearningRateSchedule {
        customSchedule ?? AnyLearningRateSchedule(kind: schedule, initialRate: learningRate, epochs: epochs)
    }
}
