/// Inverted dropout: in training, each element is zeroed with probability `rate` and the rest are
/// scaled by `1 / (1 − rate)`, so the expected output equals the input and inference needs no
/// rescaling; at inference the layer is the identity.
///
/// The mask is drawn from the generator passed to the training step, so a seed fixes it.
/// The layer has no parameters; its width is the width of the layer before it.
public struct Dropout: Codable, Sendable, Hashable {
    /// Probability of dropping an element, in [0, 1).
    public var rate: Float

    public init(rate: Float) {
        precondition(rate >= 0 && rate < 1, "Dropout rate must be in [0, 1), got \(rate)")
        self.rate = rate
    }

    /// The scale applied to kept elements in training, `1 / (1 − rate)`.
    public var keptScale: Float { 1 / (1 - rate) }
}
