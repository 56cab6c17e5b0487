/// What the trainer reports at the end of each epoch to a progress callback.
public struct EpochReport: Sendable {
    /// The epoch just finished (1-based) and the number planned.
    public var epoch: Int
    public var epochs: Int
    /// Mean training loss over the epoch, penalty included.
    public var loss: Double
    /// Validation loss, when there is validation data.
    public var validationLoss: Double?
    /// Learning rate of the epoch's last step.
    public var learningRate: Double
    /// Training and validation metrics by name (e.g. `accuracy`, `val_accuracy`, `val_r2`).
    public var metrics: [String: Double]
}

/// A callback's answer.
public enum TrainingControl: Sendable {
    case proceed
    case stop
}
