import Foundation

/// Any of the package's optimisers, chosen by name, with its hyperparameters and state.
///
/// This is the form to store in a training configuration or a checkpoint: it is `Codable` as
/// `{"kind": "adam", "adam": { …hyperparameters and state… }}`, and decoding it restores the
/// optimiser exactly, moments and step count included.
///
/// ```swift
/// var optimizer = AnyOptimizer(kind: .adam)          // from `--optimizer adam`
/// optimizer.update(&parameters, along: gradients, learningRate: 1e-3)
/// ```
public enum AnyOptimizer: Optimizer, Equatable {
    case sgd(SGD)
    case adam(Adam)
    case adamW(AdamW)
    case rmsProp(RMSProp)
    case adagrad(Adagrad)

    /// The optimiser `kind` with its default hyperparameters (see each type).
    public init(kind: OptimizerKind) {
        switch kind {
        case .sgd: self = .sgd(SGD())
        case .adam: self = .adam(Adam())
        case .adamW: self = .adamW(AdamW())
        case .rmsProp: self = .rmsProp(RMSProp())
        case .adagrad: self = .adagrad(Adagrad())
        }
    }

    /// Which optimiser this is.
    public var kind: OptimizerKind {
        switch self {
        case .sgd: .sgd
        case .adam: .adam
        case .adamW: .adamW
        case .rmsProp: .rmsProp
        case .adagrad: .adagrad
        }
    }

    public var stepCount: Int {
        switch self {
        case .sgd(let o): o.stepCount
        case .adam(let o): o.stepCount
        case .adamW(let o): o.stepCount
        case .rmsProp(let o): o.stepCount
        case .adagrad(let o): o.stepCount
        }
    }

    public mutating func prepare(for layout: ParameterLayout) {
        switch self {
        case .sgd(var o): o.prepare(for: layout); self = .sgd(o)
        case .adam(var o): o.prepare(for: layout); self = .adam(o)
        case .adamW(var o): o.prepare(for: layout); self = .adamW(o)
        case .rmsProp(var o): o.prepare(for: layout); self = .rmsProp(o)
        case .adagrad(var o): o.prepare(for: layout); self = .adagrad(o)
        }
    }

    public mutating func reset() {
        switch self {
        case .sgd(var o): o.reset(); self = .sgd(o)
        case .adam(var o): o.reset(); self = .adam(o)
        case .adamW(var o): o.reset(); self = .adamW(o)
        case .rmsProp(var o): o.reset(); self = .rmsProp(o)
        case .adagrad(var o): o.reset(); self = .adagrad(o)
        }
    }

    public mutating func update(_ parameters: inout ParameterVector, along gradients: ParameterVector,
                                learningRate: Float) {
        // Each case moves its payload out, updates it and puts it back. Before the update `self`
        // is replaced by a state-free placeholder so the payload's buffers are uniquely referenced
        // and the update does not copy them.
        switch self {
        case .sgd(var o):
            self = .sgd(SGD())
            o.update(&parameters, along: gradients, learningRate: learningRate)
            self = .sgd(o)
        case .adam(var o):
            self = .sgd(SGD())
            o.update(&parameters, along: gradients, learningRate: learningRate)
            self = .adam(o)
        case .adamW(var o):
            self = .sgd(SGD())
            o.update(&parameters, along: gradients, learningRate: learningRate)
            self = .adamW(o)
        case .rmsProp(var o):
            self = .sgd(SGD())
            o.update(&parameters, along: gradients, learningRate: learningRate)
            self = .rmsProp(o)
        case .adagrad(var o):
            self = .sgd(SGD())
            o.update(&parameters, along: gradients, learningRate: learningRate)
            self = .adagrad(o)
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
