import Foundation

/// Any of the package's optimizer rules, chosen by name (`--optimizer adam`).
///
/// This is the form a training configuration holds: `Codable` as
/// `{"kind": "adam", "adam": { …hyper-parameters… }}`. Like every rule it holds no state; the
/// state is an `OptimizerState` made by `makeState(for:)`.
///
/// ```swift
/// let optimizer = AnyOptimizer(kind: .adam)          // from `--optimizer adam`
/// var state = optimizer.makeState(for: parameters)
/// optimizer.update(&parameters, along: gradients, learningRate: 1e-3, state: &state)
/// ```
public enum AnyOptimizer: Optimizer {
    case sgd(SGD)
    case adam(Adam)
    case adamW(AdamW)
    case rmsProp(RMSProp)
    case adagrad(Adagrad)

    /// The optimizer `kind` with its default hyper-parameters (see each type).
    public init(kind: OptimizerKind) {
        switch kind {
        case .sgd: self = .sgd(SGD())
        case .adam: self = .adam(Adam())
        case .adamW: self = .adamW(AdamW())
        case .rmsProp: self = .rmsProp(RMSProp())
        case .adagrad: self = .adagrad(Adagrad())
        }
    }

    /// Which optimizer this is.
    public var kind: OptimizerKind {
        switch self {
        case .sgd: .sgd
        case .adam: .adam
        case .adamW: .adamW
        case .rmsProp: .rmsProp
        case .adagrad: .adagrad
        }
    }

    /// The rule itself.
    public var rule: any Optimizer {
        switch self {
        case .sgd(let o): o
        case .adam(let o): o
        case .adamW(let o): o
        case .rmsProp(let o): o
        case .adagrad(let o): o
        }
    }

    public var stateSlots: [String] { rule.stateSlots }

    public func makeState(parameterCount: Int) -> OptimizerState {
        rule.makeState(parameterCount: parameterCount)
    }

    public func update(_ parameters: inout ParameterVector, along gradients: ParameterVector,
                       learningRate: Double, state: inout OptimizerState) {
        // Each rule is a small value without arrays; only `state` holds buffers, and it is
        // passed through in place.
        switch self {
        case .sgd(let o): o.update(&parameters, along: gradients, learningRate: learningRate, state: &state)
        case .adam(let o): o.update(&parameters, along: gradients, learningRate: learningRate, state: &state)
        case .adamW(let o): o.update(&parameters, along: gradients, learningRate: learningRate, state: &state)
        case .rmsProp(let o): o.update(&parameters, along: gradients, learningRate: learningRate, state: &state)
        case .adagrad(let o): o.update(&parameters, along: gradients, learningRate: learningRate, state: &state)
        }
    }
}

extension AnyOptimizer {
    private enum CodingKeys: String, CodingKey {
        case kind, sgd, adam, adamw, rmsprop, adagrad
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(OptimizerKind.self, forKey: .kind)
        switch kind {
        case .sgd: self = .sgd(try container.decode(SGD.self, forKey: .sgd))
        case .adam: self = .adam(try container.decode(Adam.self, forKey: .adam))
        case .adamW: self = .adamW(try container.decode(AdamW.self, forKey: .adamw))
        case .rmsProp: self = .rmsProp(try container.decode(RMSProp.self, forKey: .rmsprop))
        case .adagrad: self = .adagrad(try container.decode(Adagrad.self, forKey: .adagrad))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .sgd(let o): try container.encode(o, forKey: .sgd)
        case .adam(let o): try container.encode(o, forKey: .adam)
        case .adamW(let o): try container.encode(o, forKey: .adamw)
        case .rmsProp(let o): try container.encode(o, forKey: .rmsprop)
        case .adagrad(let o): try container.encode(o, forKey: .adagrad)
        }
    }
}
