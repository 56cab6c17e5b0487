import Neural
import NeuralONNX

/// Small dense stacks with deterministic weights, one per activation and output link.
enum ONNXTestStacks {
    static let activations: [DenseStack.StackActivation] = [
        .identity, .sigmoid, .tanh, .relu, .leakyReLU(slope: 0.15), .elu(alpha: 0.8), .softplus, .gelu,
    ]

    /// Weights from a fixed sequence in about [−1.2, 1.2], so pre-activations span both signs.
    static func layer(_ inputSize: Int, _ outputSize: Int, _ activation: DenseStack.StackActivation, seed: Int) -> DenseStack.Layer {
        let weight = Matrix(rows: inputSize, columns: outputSize) { row, column in
            Float(((row * 7 + column * 13 + seed * 5) % 17) - 8) * 0.15
        }
        let bias = (0..<outputSize).map { Float((($0 * 5 + seed) % 7) - 3) * 0.1 }
        return DenseStack.Layer(weight: weight, bias: bias, activation: activation)
    }

    /// `4 → 5 (activation) → 3 (identity) → link`, with standardisation when `standardized`.
    static func stack(_ activation: DenseStack.StackActivation, link: DenseStack.OutputLink = .identity,
                      standardized: Bool = true) -> DenseStack {
        DenseStack(
            layers: [layer(4, 5, activation, seed: 1), layer(5, 3, .identity, seed: 2)],
            inputMean: standardized ? [0.5, -1, 2, 0] : nil,
            inputScale: standardized ? [2, 0.5, 1.5, 1] : nil,
            outputLink: link)
    }

    /// Every activation with an identity link, plus each link, plus a deep one ending in tanh.
    static let all: [(label: String, stack: DenseStack)] =
        activations.map { ("\($0)", stack($0)) }
        + [("softmax", stack(.relu, link: .softmax)),
           ("sigmoid link", stack(.tanh, link: .sigmoid, standardized: false)),
           ("deep", DenseStack(layers: [layer(4, 6, .gelu, seed: 3), layer(6, 5, .elu(alpha: 1), seed: 4),
                                        layer(5, 2, .tanh, seed: 5)], inputMean: [1, 1, 1, 1]))]

    /// Inputs `[6, 4]` covering negative, zero and large values.
    static let inputs = Matrix([
        [0, 0, 0, 0], [1, -2, 3, -4], [-0.5, 0.25, 2, 1], [5, 4, -3, 2], [-3, -3, -3, -3], [0.1, 0.2, 0.3, 0.4],
    ])
}
