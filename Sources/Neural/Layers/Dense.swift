/// A fully connected layer: `y = f(x·Wᵀ + b)`, as PyTorch's `nn.Linear` followed by `f`.
///
/// `x` is `[batch, inputSize]`, the weight `W` is `[outputSize, inputSize]`, the bias `b` is
/// `[outputSize]` (added to every row) and `f` is the activation. The layer itself holds only its
/// description; its weight and bias live in the network's flat `ParameterVector` under
/// `layers.<i>.weight` and `layers.<i>.bias`.
public struct Dense: Codable, Sendable, Hashable {
    /// Number of input features (columns of `W`).
    public var inputSize: Int
    /// Number of units (rows of `W`, length of `b`).
    public var outputSize: Int
    /// The activation `f`.
    public var activation: Activation
    /// How `W` is drawn when the network is created.
    public var initializer: Initializer

    /// A dense layer; the initialiser defaults to `activation.defaultInitializer`.
    public init(inputSize: Int, outputSize: Int, activation: Activation = .identity,
                initializer: Initializer? = nil) {
        precondition(inputSize > 0 && outputSize > 0,
                     "Dense needs positive sizes, got inputSize=\(inputSize) outputSize=\(outputSize)")
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.activation = activation
        self.initializer = initializer ?? activation.defaultInitializer
    }

    /// `inputSize·outputSize + outputSize`.
    public var parameterCount: Int { inputSize * outputSize + outputSize }
}

extension Dense {
    private enum CodingKeys: String, CodingKey { case inputSize, outputSize, activation, initializer }

    /// Decodes a layer; a missing activation means identity and a missing initialiser means the
    /// activation's default. Sizes are checked when the layer list is assembled into a `Network`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        inputSize = try container.decode(Int.self, forKey: .inputSize)
        outputSize = try container.decode(Int.self, forKey: .outputSize)
        activation = try container.decodeIfPresent(Activation.self, forKey: .activation) ?? .identity
        initializer = try container.decodeIfPresent(Initializer.self, forKey: .initializer)
            ?? activation.defaultInitializer
    }
}
