import Foundation
import Neural

/// An element-wise function of one layer's pre-activation `z`, built from the ONNX nodes that sit
/// between two linear nodes, and recognised as one of the `DenseStack.StackActivation`s.
///
/// Exporters spell the same activation differently: PyTorch writes GELU (tanh form) at opset 17 as
/// `0.5·z·(1 + Tanh(0.7978846·(z + 0.044715·z·z·z)))` with `Mul`s (TorchScript exporter) or with
/// `Pow(z, 3)` in another order (the `torch.export` exporter); opset 20 has a `Gelu` node. Rather than
/// matching each spelling node by node, a single node (`Relu`, `LeakyRelu`, …) is mapped directly and
/// any other composition of the supported element-wise operators with scalar constants is evaluated
/// at many points of [−8, 8] and compared with each parameter-free activation. A composition that
/// matches none is reported with the node that completes it.
indirect enum ONNXElementwiseExpression: Equatable, Sendable {
    case argument
    case constant(Double)
    case unary(UnaryOperator, ONNXElementwiseExpression, node: String)
    case binary(BinaryOperator, ONNXElementwiseExpression, ONNXElementwiseExpression, node: String)

    enum UnaryOperator: Equatable, Sendable {
        case relu, sigmoid, tanh, softplus, exp, log, sqrt, neg, abs, erf
        case leakyRelu(alpha: Double)
        case elu(alpha: Double)
        case gelu(tanhApproximation: Bool)

        /// The ONNX operators that map to a unary operator, with their attributes read from `node`.
        static func from(_ node: ONNXNodeProto) -> UnaryOperator? {
            let alpha = node.attribute("alpha").map { Double($0.float) }
            switch node.opType {
            case "Relu": return .relu
            case "Sigmoid": return .sigmoid
            case "Tanh": return .tanh
            case "Softplus": return .softplus
            case "Exp": return .exp
            case "Log": return .log
            case "Sqrt": return .sqrt
            case "Neg": return .neg
            case "Abs": return .abs
            case "Erf": return .erf
            case "LeakyRelu": return .leakyRelu(alpha: alpha ?? 0.01)   // ONNX default alpha
            case "Elu": return .elu(alpha: alpha ?? 1.0)                // ONNX default alpha
            case "Gelu":
                let mode = node.attribute("approximate").flatMap { String(bytes: $0.string, encoding: .utf8) } ?? "none"
                return .gelu(tanhApproximation: mode == "tanh")
            default: return nil
            }
        }

        /// The ONNX operator type.
        var opType: String {
            switch self {
            case .relu: return "Relu"
            case .sigmoid: return "Sigmoid"
            case .tanh: return "Tanh"
            case .softplus: return "Softplus"
            case .exp: return "Exp"
            case .log: return "Log"
            case .sqrt: return "Sqrt"
            case .neg: return "Neg"
            case .abs: return "Abs"
            case .erf: return "Erf"
            case .leakyRelu: return "LeakyRelu"
            case .elu: return "Elu"
            case .gelu: return "Gelu"
            }
        }

        func apply(_ z: Double) -> Double {
            switch self {
            case .relu: return max(z, 0)
            case .sigmoid: return 1 / (1 + Foundation.exp(-z))
            case .tanh: return Foundation.tanh(z)
            case .softplus: return max(z, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(z)))
            case .exp: return Foundation.exp(z)
            case .log: return Foundation.log(z)
            case .sqrt: return Foundation.sqrt(z)
            case .neg: return -z
            case .abs: return Swift.abs(z)
            case .erf: return Foundation.erf(z)
            case let .leakyRelu(alpha): return z >= 0 ? z : alpha * z
            case let .elu(alpha): return z > 0 ? z : alpha * Foundation.expm1(z)
            case let .gelu(tanhApproximation):
                if tanhApproximation {
                    return 0.5 * z * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * (z + 0.044715 * z * z * z)))
                }
                return 0.5 * z * (1 + Foundation.erf(z / 2.0.squareRoot()))
            }
        }
    }

    enum BinaryOperator: String, Equatable, Sendable {
        case add = "Add", sub = "Sub", mul = "Mul", div = "Div", pow = "Pow"

        func apply(_ a: Double, _ b: Double) -> Double {
            switch self {
            case .add: return a + b
            case .sub: return a - b
            case .mul: return a * b
            case .div: return a / b
            case .pow: return Foundation.pow(a, b)
            }
        }
    }

    /// The most operations an activation's expression may have (GELU's composition has 10).
    static let maximumSize = 64

    /// The number of operations and leaves in the tree, counting shared subtrees each time they
    /// occur; counting stops once it exceeds `limit`, so the cost is bounded by `limit`.
    func size(limit: Int) -> Int {
        switch self {
        case .argument, .constant: return 1
        case let .unary(_, operand, _): return 1 + operand.size(limit: limit)
        case let .binary(_, lhs, rhs, _):
            let left = lhs.size(limit: limit)
            return left > limit ? left + 1 : 1 + left + rhs.size(limit: limit)
        }
    }

    /// The value of the expression at `z`.
    func evaluate(at z: Double) -> Double {
        switch self {
        case .argument: return z
        case let .constant(value): return value
        case let .unary(op, operand, _): return op.apply(operand.evaluate(at: z))
        case let .binary(op, lhs, rhs, _): return op.apply(lhs.evaluate(at: z), rhs.evaluate(at: z))
        }
    }

    /// The operator type and name of the node that completes the expression (for error messages).
    var lastOperation: (opType: String, name: String)? {
        switch self {
        case .argument, .constant: return nil
        case let .unary(op, _, node): return (op.opType, node)
        case let .binary(op, _, _, node): return (op.rawValue, node)
        }
    }

    /// The activation this expression computes, or `nil` when it is none of them.
    var activation: DenseStack.StackActivation? {
        switch self {
        case .argument: return .identity
        case .unary(.relu, .argument, _): return .relu
        case .unary(.sigmoid, .argument, _): return .sigmoid
        case .unary(.tanh, .argument, _): return .tanh
        case .unary(.softplus, .argument, _): return .softplus
        case let .unary(.leakyRelu(alpha), .argument, _): return .leakyReLU(slope: Float(alpha))
        case let .unary(.elu(alpha), .argument, _): return .elu(alpha: Float(alpha))
        case .unary(.gelu(tanhApproximation: true), .argument, _): return .gelu
        case .unary(.gelu(tanhApproximation: false), .argument, _): return nil   // erf GELU is not a stack activation
        default: break
        }
        let candidates: [DenseStack.StackActivation] = [.identity, .relu, .sigmoid, .tanh, .softplus, .gelu]
        return candidates.first { candidate in
            Self.probePoints.allSatisfy { z in
                let expected = Double(Self.reference(candidate, z))
                let actual = evaluate(at: z)
                // The composition's constants are float32 (√(2/π) rounds at 3e-8 relative) and
                // `expected` is a float32 evaluation: 1e-5 absolute plus relative covers both, while
                // the nearest wrong candidate (erf GELU vs tanh GELU, up to 4.7e-4 apart near z = 2.7) stays out.
                return actual.isFinite && Swift.abs(actual - expected) <= 1e-5 * (1 + Swift.abs(expected))
            }
        }
    }

    /// −8 … 8 in steps of 1/8, plus points near 0 where the candidates differ least.
    private static let probePoints: [Double] = (-64...64).map { Double($0) / 8 } + [-0.01, 0.003, 0.02]

    private static func reference(_ activation: DenseStack.StackActivation, _ z: Double) -> Double {
        switch activation {
        case .gelu: return UnaryOperator.gelu(tanhApproximation: true).apply(z)
        case .sigmoid: return UnaryOperator.sigmoid.apply(z)
        case .softplus: return UnaryOperator.softplus.apply(z)
        case .tanh: return Foundation.tanh(z)
        case .relu: return max(z, 0)
        case .identity: return z
        case .leakyReLU, .elu: return Double(activation.apply(Float(z)))
        }
    }
}
