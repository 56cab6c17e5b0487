/// Why training could not go on.
public enum TrainingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The loss became NaN or infinite; the weights before that batch are kept.
    case nonFiniteLoss(epoch: Int, batch: Int, value: Double)
    /// The gradient norm exceeded the configured limit and the policy is to stop.
    case explodingGradient(epoch: Int, batch: Int, norm: Double, limit: Double)
    /// The data cannot be used for training (empty, mismatched sizes, …).
    case invalidData(String)
    /// A configuration value is out of range or contradicts another.
    case invalidConfiguration(String)
    /// A saved training state does not fit the network or data it is resumed with.
    case incompatibleState(String)
    /// The buffers for a batch of `rows` rows would need `bytes` bytes (nil: more than 2⁶³),
    /// more than the `available` bytes of memory (`MemoryBudget`); nothing was allocated.
    case batchTooLarge(rows: Int, bytes: Int?, available: UInt64)

    public var description: String {
        switch self {
        case .nonFiniteLoss(let epoch, let batch, let value):
            return "The training loss became \(value) in epoch \(epoch), batch \(batch); training stopped and the weights from before that batch were kept. Try a smaller learning rate or standardised inputs."
        case .explodingGradient(let epoch, let batch, let norm, let limit):
            return "The gradient norm reached \(norm) (limit \(limit)) in epoch \(epoch), batch \(batch); training stopped. Try a smaller learning rate or gradient clipping."
        case .invalidData(let message):
            return "Invalid training data: \(message)"
        case .invalidConfiguration(let message):
            return "Invalid training configuration: \(message)"
        case .incompatibleState(let message):
            return "Cannot resume training: \(message)"
        case let .batchTooLarge(rows, bytes, available):
            let needed = bytes.map { "\($0) bytes" } ?? "more than 2^63 bytes"
            return "A batch of \(rows) rows needs \(needed) of training buffers for this network, more than the \(available) bytes of memory available; nothing was allocated. Use a smaller batch size or a smaller network."
        }
    }
}
