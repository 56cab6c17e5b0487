import Neural
/// A feed-forward stack of dense layers with optional input standardisation and output link: the
/// part of a model that ONNX describes, independent of how it was trained.
///
/// With `x` of shape `[batch, inputSize]`:
///
///     x̃  = (x − inputMean) / inputScale            (each optional, per feature)
///     h₀ = x̃,  hₗ = activationₗ(hₗ₋₁ · Wₗ + bₗ)     Wₗ is [inputSizeₗ, outputSizeₗ], bₗ is [outputSizeₗ]
///     output        = h_L                           (`outputName`; logits when a link follows)
///     probabilities = link(h_L)                     (`probabilitiesName`; only when `outputLink ≠ .identity`)
///
/// Export writes this as an ONNX graph (`DenseStack+ONNX.swift`); import recognises graphs of this
/// form written by PyTorch, scikit-learn (skl2onnx) and this package.
public struct DenseStack: Equatable, Sendable {
    /// One dense layer: `activation(x · weight + bias)`.
    public struct Layer: Equatable, Sendable {
        /// `[inputSize, outputSize]`, row-major (the layout of `x · W`, not PyTorch's `[out, in]`).
        public var weight: Matrix
        /// `[outputSize]`.
        public var bias: [Float]
        public var activation: StackActivation

        public init(weight: Matrix, bias: [Float], activation: StackActivation) {
            precondition(bias.count == weight.columns,
                         "Layer bias has \(bias.count) entries but the weight has \(weight.columns) columns")
            self.weight = weight
            self.bias = bias
            self.activation = activation
        }

        public var inputSize: Int { weight.rows }
        public var outputSize: Int { weight.columns }
    }

    /// The element-wise activations a layer can have.
    public enum StackActivation: Equatable, Sendable {
        /// `z`.
        case identity
        /// `1 / (1 + e^(−z))`.
        case sigmoid
        /// `tanh z`.
        case tanh
        /// `max(z, 0)`.
        case relu
        /// `z` for `z ≥ 0`, `slope · z` otherwise.
        case leakyReLU(slope: Float)
        /// `z` for `z > 0`, `alpha · (e^z − 1)` otherwise.
        case elu(alpha: Float)
        /// `log(1 + e^z)`.
        case softplus
        /// GELU, tanh form: `0.5 z (1 + tanh(√(2/π) (z + 0.044715 z³)))`.
        case gelu
    }

    /// The link from the last layer's output (logits) to probabilities.
    public enum OutputLink: Equatable, Sendable {
        /// No probabilities output.
        case identity
        /// Element-wise `1 / (1 + e^(−z))` (binary or multi-label).
        case sigmoid
        /// Row-wise `e^(zₖ) / Σᵢ e^(zᵢ)` (multi-class).
        case softmax
    }

    /// Per-feature mean subtracted from the input, `[inputSize]`, or `nil` for none.
    public var inputMean: [Float]?
    /// Per-feature scale the centred input is divided by, `[inputSize]`, or `nil` for none.
    public var inputScale: [Float]?
    /// The layers, first to last; each layer's `inputSize` is the previous one's `outputSize`.
    public var layers: [Layer]
    public var outputLink: OutputLink
    /// Name of the graph input, `[batch, inputSize]`.
    public var inputName: String
    /// Name of the last layer's output, `[batch, outputSize]`.
    public var outputName: String
    /// Name of the probabilities output when `outputLink ≠ .identity`.
    public var probabilitiesName: String

    /// A stack of `layers`. `outputName` defaults to `"logits"` when a link follows, `"output"` otherwise.
    public init(
        layers: [Layer], inputMean: [Float]? = nil, inputScale: [Float]? = nil,
        outputLink: OutputLink = .identity, inputName: String = "input",
        outputName: String? = nil, probabilitiesName: String = "probabilities"
    ) {
        precondition(!layers.isEmpty, "A dense stack needs at least one layer")
        for index in 1..<layers.count {
            precondition(layers[index].inputSize == layers[index - 1].outputSize,
                         "Layer \(index) takes \(layers[index].inputSize) inputs but layer \(index - 1) gives \(layers[index - 1].outputSize)")
        }
        if let inputMean {
            precondition(inputMean.count == layers[0].inputSize,
                         "inputMean has \(inputMean.count) entries, the first layer takes \(layers[0].inputSize)")
        }
        if let inputScale {
            precondition(inputScale.count == layers[0].inputSize,
                         "inputScale has \(inputScale.count) entries, the first layer takes \(layers[0].inputSize)")
        }
        self.layers = layers
        self.inputMean = inputMean
        self.inputScale = inputScale
        self.outputLink = outputLink
        self.inputName = inputName
        self.outputName = outputName ?? (outputLink == .identity ? "output" : "logits")
        self.probabilitiesName = probabilitiesName
    }

    /// Number of input features (the first layer's `inputSize`).
    public var inputSize: Int { layers.first?.inputSize ?? 0 }
    /// Number of outputs (the last layer's `outputSize`).
    public var outputSize: Int { layers.last?.outputSize ?? 0 }

    /// Checks what the properties cannot guarantee by themselves (they are mutable): at least one
    /// layer, chained sizes, preprocessing sizes, finite values, non-zero scales, distinct names.
    public func validate() throws(ONNXError) {
        guard let first = layers.first else { throw .invalidStack("it has no layers") }
        for (index, layer) in layers.enumerated() {
            if index > 0, layer.inputSize != layers[index - 1].outputSize {
                throw .invalidStack("layer \(index) takes \(layer.inputSize) inputs but layer \(index - 1) gives \(layers[index - 1].outputSize)")
            }
            guard layer.bias.count == layer.outputSize else {
                throw .invalidStack("layer \(index) has \(layer.bias.count) biases for \(layer.outputSize) outputs")
            }
            guard layer.inputSize > 0, layer.outputSize > 0 else {
                throw .invalidStack("layer \(index) is \(layer.inputSize)×\(layer.outputSize)")
            }
            guard layer.weight.storage.allSatisfy(\.isFinite), layer.bias.allSatisfy(\.isFinite) else {
                throw .invalidStack("layer \(index) has non-finite parameters")
            }
            switch layer.activation {
            case let .leakyReLU(slope) where !slope.isFinite: throw .invalidStack("layer \(index) has slope \(slope)")
            case let .elu(alpha) where !alpha.isFinite: throw .invalidStack("layer \(index) has alpha \(alpha)")
            default: break
            }
        }
        if let inputMean {
            guard inputMean.count == first.inputSize, inputMean.allSatisfy(\.isFinite) else {
                throw .invalidStack("inputMean must have \(first.inputSize) finite entries, has \(inputMean.count)")
            }
        }
        if let inputScale {
            guard inputScale.count == first.inputSize, inputScale.allSatisfy({ $0.isFinite && $0 != 0 }) else {
                throw .invalidStack("inputScale must have \(first.inputSize) finite non-zero entries")
            }
        }
        let names = [inputName, outputName] + (outputLink == .identity ? [] : [probabilitiesName])
        guard !names.contains(""), Set(names).count == names.count else {
            throw .invalidStack("input and output names must be non-empty and distinct, got \(names)")
        }
    }
}
