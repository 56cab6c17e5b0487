/// What happened in each epoch of a training run.
///
/// Arrays are indexed by epoch (index 0 is epoch 1). `validationLoss` is empty when training
/// had no validation set; `metrics` and `validationMetrics` hold named per-epoch values
/// (e.g. `accuracy`).
public struct History: Codable, Equatable, Sendable {
    /// Training loss per epoch: the sample-weighted mean over the epoch's batches, including the
    /// regularisation penalty (the notes' `MSE + α‖w‖`).
    public var loss: [Double] = []
    /// Validation loss per epoch (no penalty, no dropout).
    public var validationLoss: [Double] = []
    /// Learning rate in effect during each epoch (the rate of its last step).
    public var learningRate: [Double] = []
    /// Training metrics per epoch, by name.
    public var metrics: [String: [Double]] = [:]
    /// Validation metrics per epoch, by name.
    public var validationMetrics: [String: [Double]] = [:]
    /// The epoch (1-based) whose weights the final model holds, when early stopping restored them.
    public var restoredEpoch: Int?
    /// Why training stopped.
    public var stopReason: StopReason = .completed

    /// Why a training run ended.
    public enum StopReason: String, Codable, Sendable {
        /// All requested epochs ran.
        case completed
        /// Early stopping saw no improvement for `patience` epochs.
        case earlyStopping
        /// The learning-rate schedule asked to stop (scikit-learn's adaptive rule at its floor).
        case schedule
        /// A callback asked to stop.
        case callback
        /// The training loss stopped improving by `tol` (scikit-learn's `n_iter_no_change`).
        case noImprovement
    }

    public init() {}

    /// Number of completed epochs.
    public var epochs: Int { loss.count }

    enum CodingKeys: String, CodingKey {
        case loss
        case validationLoss = "val_loss"
        case learningRate = "learning_rate"
        case metrics
        case validationMetrics = "val_metrics"
        case restoredEpoch = "restored_epoch"
        case stopReason = "stop_reason"
    }
}
