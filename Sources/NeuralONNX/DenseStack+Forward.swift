import Foundation
import Neural

// The reference forward pass of a dense stack: simple, allocation-happy and exact to the formulas,
// for tests and for checking exported or imported models. Training uses the network's own
// workspace-based pass.

extension DenseStack {
    /// The last layer's output `h_L` (see `DenseStack`) for `input` of shape `[batch, inputSize]`;
    /// returns `[batch, outputSize]`.
    public func logits(for input: Matrix) -> Matrix {
        precondition(input.columns == inputSize, "Input has \(input.columns) columns, the stack takes \(inputSize)")
        var current = input
        if inputMean != nil || inputScale != nil {
            current = Matrix(rows: input.rows, columns: input.columns) { row, column in
                var value = input[row, column]
                if let inputMean { value -= inputMean[column] }
                if let inputScale { value /= inputScale[column] }
                return value
            }
        }
        for layer in layers {
            let linear = matmul(current, layer.weight)
            current = Matrix(rows: linear.rows, columns: linear.columns) { row, column in
                layer.activation.apply(linear[row, column] + layer.bias[column])
            }
        }
        return current
    }

    /// The stack's predictions: `link(h_L)`, i.e. probabilities for `.sigmoid` / `.softmax` links
    /// and the logits themselves for `.identity`. `[batch, outputSize]`.
    public func predictions(for input: Matrix) -> Matrix {
        let output = logits(for: input)
        switch outputLink {
        case .identity:
            return output
        case .sigmoid:
            return Matrix(rows: output.rows, columns: output.columns) { row, column in
                StackActivation.sigmoid.apply(output[row, column])
            }
        case .softmax:
            var result = output
            for row in 0..<output.rows {
                // Subtract the row max so `exp` cannot overflow; softmax is shift-invariant.
                let values = output.row(row)
                let largest = values.max() ?? 0
                let exponentials = values.map { Foundation.exp($0 - largest) }
                let total = exponentials.reduce(0, +)
                for column in 0..<output.columns { result[row, column] = exponentials[column] / total }
            }
            return result
        }
    }
}

extension DenseStack.StackActivation {
    /// The activation of one value (formulas in the case documentation).
    public func apply(_ z: Float) -> Float {
        switch self {
        case .identity:
            return z
        case .sigmoid:
            // Two branches so that `exp` only ever sees a non-positive argument.
            if z >= 0 { return 1 / (1 + Foundation.exp(-z)) }
            let e = Foundation.exp(z)
            return e / (1 + e)
        case .tanh:
            return Foundation.tanh(z)
        case .relu:
            return max(z, 0)
        case let .leakyReLU(slope):
            return z >= 0 ? z : slope * z
        case let .elu(alpha):
            // expm1 keeps precision for small negative z where e^z − 1 would cancel.
            return z > 0 ? z : alpha * Foundation.expm1(z)
        case .softplus:
            // log(1 + e^z) = max(z, 0) + log1p(e^(−|z|)): no overflow for large z.
            return max(z, 0) + Foundation.log1p(Foundation.exp(-abs(z)))
        case .gelu:
            let inner = z + 0.044715 * z * z * z
            return 0.5 * z * (1 + Foundation.tanh(Self.geluScale * inner))
        }
    }

    /// `√(2/π)`, the GELU tanh-form coefficient.
    static let geluScale: Float = 0.7978845608028654
}
