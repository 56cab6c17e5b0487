import NeuralKernels

/// An elementwise activation function `f`, applied to a layer's pre-activation `z = x·W + b`.
/// Each case gives `f` and its derivative `f′`, which back-propagation multiplies into the delta
/// (`δ ← δ ⊙ f′(z)`).
///
/// The forward and derivative loops run in C (`NeuralKernels`, built with `-O2` even in debug).
/// Every form is numerically stable for any finite `z`: the sigmoid and softplus never take the
/// exponential of a positive number, and ELU uses `expm1`.
///
/// In JSON an activation is an object with its name and, if any, its parameter:
/// `{"name": "relu"}`, `{"name": "leakyReLU", "slope": 0.01}`, `{"name": "elu", "alpha": 1}`.
public enum Activation: Sendable, Hashable {
    /// `f(z) = z`;  `f′(z) = 1`.
    case identity
    /// The logistic sigmoid `f(z) = σ(z) = 1 / (1 + e^−z)`, in (0, 1);  `f′(z) = σ(z)·(1 − σ(z))`.
    case sigmoid
    /// `f(z) = tanh z`, in (−1, 1);  `f′(z) = 1 − tanh² z`.
    case tanh
    /// `f(z) = max(z, 0)`;  `f′(z) = 1` for `z > 0`, else 0 (`f′(0)` is taken as 0).
    case relu
    /// `f(z) = z` for `z > 0`, else `slope·z`;  `f′(z) = 1` for `z > 0`, else `slope`.
    case leakyReLU(slope: Float = 0.01)
    /// `f(z) = z` for `z > 0`, else `alpha·(e^z − 1)`;  `f′(z) = 1` for `z > 0`, else `alpha·e^z`.
    case elu(alpha: Float = 1)
    /// `f(z) = log(1 + e^z)`, computed as `max(z, 0) + log1p(e^−|z|)`;  `f′(z) = σ(z)`.
    case softplus
    /// The Gaussian error linear unit in its tanh form:
    /// `f(z) = z/2 · (1 + tanh u)` with `u = √(2/π)·(z + 0.044715·z³)`;
    /// `f′(z) = (1 + tanh u)/2 + z/2 · (1 − tanh² u) · √(2/π)·(1 + 3·0.044715·z²)`.
    case gelu

    /// Every activation once, with default parameters (for tests and command-line help).
    public static let allCases: [Activation] = [
        .identity, .sigmoid, .tanh, .relu, .leakyReLU(), .elu(), .softplus, .gelu,
    ]

    /// The stable name used in JSON and on the command line.
    public var name: String {
        switch self {
        case .identity: "identity"
        case .sigmoid: "sigmoid"
        case .tanh: "tanh"
        case .relu: "relu"
        case .leakyReLU: "leakyReLU"
        case .elu: "elu"
        case .softplus: "softplus"
        case .gelu: "gelu"
        }
    }

    /// The activation with this name and default parameters (`"logistic"` is accepted for the
    /// sigmoid, `"linear"` for the identity, and names are matched without case, `_` or `-`).
    public init?(name: String) {
        let key = name.lowercased().filter { $0 != "_" && $0 != "-" }
        switch key {
        case "identity", "linear", "none": self = .identity
        case "sigmoid", "logistic": self = .sigmoid
        case "tanh": self = .tanh
        case "relu": self = .relu
        case "leakyrelu": self = .leakyReLU()
        case "elu": self = .elu()
        case "softplus": self = .softplus
        case "gelu": self = .gelu
        default: return nil
        }
    }

    /// The initialiser that keeps activations' variance stable through this function:
    /// He (Kaiming) for the ReLU family (relu, leakyReLU, elu, softplus, gelu), which pass about
    /// half of a symmetric input; Glorot (Xavier) for identity, sigmoid and tanh, which are linear
    /// near 0. Uniform variants, as in Keras and PyTorch's defaults.
    public var defaultInitializer: Initializer {
        switch self {
        case .identity, .sigmoid, .tanh: .glorotUniform
        case .relu, .leakyReLU, .elu, .softplus, .gelu: .heUniform
        }
    }

    /// The C kernel's code for this activation.
    var kernelKind: nk_activation {
        switch self {
        case .identity: NK_ACTIVATION_IDENTITY
        case .sigmoid: NK_ACTIVATION_SIGMOID
        case .tanh: NK_ACTIVATION_TANH
        case .relu: NK_ACTIVATION_RELU
        case .leakyReLU: NK_ACTIVATION_LEAKY_RELU
        case .elu: NK_ACTIVATION_ELU
        case .softplus: NK_ACTIVATION_SOFTPLUS
        case .gelu: NK_ACTIVATION_GELU
        }
    }

    /// The kernel's parameter: the slope of leaky ReLU, α of ELU, else 0.
    var kernelParameter: Float {
        switch self {
        case .leakyReLU(let slope): slope
        case .elu(let alpha): alpha
        default: 0
        }
    }

    /// Whether `f` is the identity (then a layer's output is its pre-activation).
    public var isIdentity: Bool { self == .identity }
}

extension Activation: Codable {
    private enum CodingKeys: String, CodingKey { case name, slope, alpha }

    /// Errors decoding an activation from JSON.
    public enum DecodingFailure: Error, CustomStringConvertible {
        case unknownName(String)
        public var description: String {
            switch self {
            case .unknownName(let name):
                "unknown activation \"\(name)\"; expected one of "
                    + Activation.allCases.map(\.name).joined(separator: ", ")
            }
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .name)
        switch name {
        case "leakyReLU":
            // Read as a Double, so a value beyond Float's range is named rather than "not valid JSON".
            self = .leakyReLU(slope: Float(try container.decodeIfPresent(Double.self, forKey: .slope, in: .finite) ?? 0.01))
        case "elu":
            self = .elu(alpha: Float(try container.decodeIfPresent(Double.self, forKey: .alpha, in: .finite) ?? 1))
        default:
            guard let activation = Activation(name: name) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .name, in: container,
                    debugDescription: DecodingFailure.unknownName(name).description)
            }
            self = activation
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        switch self {
        case .leakyReLU(let slope): try container.encode(slope, forKey: .slope)
        case .elu(let alpha): try container.encode(alpha, forKey: .alpha)
        default: break
        }
    }
}
