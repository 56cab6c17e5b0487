// The ONNX seeds this package exports itself (see WriteSeeds.swift): small stacks that together
// use every activation (GELU as its Mul/Add/Tanh composition), each output link, and the
// standardisation nodes. The PyTorch and skl2onnx seeds are copies of Tests/NeuralTests/Fixtures/onnx.
import Foundation
import Neural
import NeuralONNX

enum OnnxSeeds {
    static func write(to folder: URL) throws {
        let stacks: [(file: String, stack: DenseStack)] = [
            ("neural_standardised_relu_regressor.onnx",
             DenseStack(layers: [layer(3, 4, .relu, seed: 1), layer(4, 1, .identity, seed: 2)],
                        inputMean: [0.5, -1, 2], inputScale: [2, 0.5, 1.5])),
            ("neural_gelu_softmax.onnx",
             DenseStack(layers: [layer(3, 4, .gelu, seed: 3), layer(4, 3, .identity, seed: 4)], outputLink: .softmax)),
            ("neural_tanh_sigmoid_link.onnx",
             DenseStack(layers: [layer(2, 3, .tanh, seed: 5), layer(3, 1, .identity, seed: 6)], outputLink: .sigmoid)),
            ("neural_leaky_elu_softplus_sigmoid.onnx",
             DenseStack(layers: [layer(3, 3, .leakyReLU(slope: 0.15), seed: 7), layer(3, 2, .elu(alpha: 0.8), seed: 8),
                                 layer(2, 2, .softplus, seed: 9), layer(2, 1, .sigmoid, seed: 10)],
                        inputMean: [1, 0, -1])),
        ]
        for (file, stack) in stacks {
            try stack.writeONNX(to: folder.appendingPathComponent(file))
        }
    }

    /// Weights from a fixed sequence in about [−1.2, 1.2], so pre-activations take both signs.
    private static func layer(_ inputs: Int, _ outputs: Int, _ activation: DenseStack.StackActivation,
                              seed: Int) -> DenseStack.Layer {
        let weight = Matrix(rows: inputs, columns: outputs) { row, column in
            Float(((row * 7 + column * 13 + seed * 5) % 17) - 8) * 0.15
        }
        let bias = (0..<outputs).map { Float((($0 * 5 + seed) % 7) - 3) * 0.1 }
        return DenseStack.Layer(weight: weight, bias: bias, activation: activation)
    }
}
