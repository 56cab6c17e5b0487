import Foundation
import Testing
@testable import Neural
@testable import NeuralONNX

/// The reference forward pass against hand-worked values.
@Suite struct DenseStackForwardTests {
    @Test func oneLayerByHand() {
        // x = (1, 2); standardised with mean (1, 0), scale (1, 2) → (0, 1);
        // z = 0·3 + 1·(−1) + 0.5 = −0.5 → identity.
        let stack = DenseStack(
            layers: [.init(weight: Matrix([[3], [-1]]), bias: [0.5], activation: .identity)],
            inputMean: [1, 0], inputScale: [1, 2])
        #expect(stack.logits(for: Matrix([[1, 2]])) == Matrix([[-0.5]]))
        #expect(stack.predictions(for: Matrix([[1, 2]])) == Matrix([[-0.5]]))
    }

    /// (activation, z, value): values from the closed forms, computed in double precision.
    static let activationValues: [(DenseStack.StackActivation, Float, Float)] = [
        (.identity, -1.5, -1.5),
        (.sigmoid, 0, 0.5),
        (.sigmoid, -2, 0.11920292),            // 1 / (1 + e²)
        (.tanh, 0.5, 0.46211716),              // tanh 0.5
        (.relu, -3, 0),
        (.relu, 2, 2),
        (.leakyReLU(slope: 0.1), -3, -0.3),
        (.elu(alpha: 1), -1, -0.63212056),     // e⁻¹ − 1
        (.elu(alpha: 2), 3, 3),
        (.softplus, 0, 0.69314718),            // ln 2
        (.softplus, 100, 100),                 // log(1 + e¹⁰⁰) = 100 + log1p(e⁻¹⁰⁰): no overflow
        (.gelu, 1, 0.84119199),                // 0.5 (1 + tanh(√(2/π) · 1.044715))
        (.gelu, -1, -0.15880801),
    ]

    @Test(arguments: 0..<activationValues.count)
    func activationValue(_ index: Int) {
        let (activation, z, value) = Self.activationValues[index]
        // float32 evaluation of these closed forms is within a few ulps (≤ 3e-7 here).
        #expect(abs(activation.apply(z) - value) <= 1e-6, "\(activation)(\(z)) = \(activation.apply(z)), expected \(value)")
    }

    @Test func softmaxRowsSumToOneAndSigmoidIsElementwise() {
        let layer = DenseStack.Layer(weight: Matrix([[1, -1, 2], [0.5, 0, -3]]), bias: [0, 1, 0], activation: .identity)
        let input = Matrix([[1, 1], [100, -50], [0, 0]])
        let softmax = DenseStack(layers: [layer], outputLink: .softmax).predictions(for: input)
        for row in 0..<3 {
            // float32 sums of three terms: within 2 ulps of 1.
            #expect(abs(softmax.row(row).reduce(0, +) - 1) <= 3e-7)
        }
        let sigmoid = DenseStack(layers: [layer], outputLink: .sigmoid).predictions(for: input)
        let logits = DenseStack(layers: [layer]).logits(for: input)
        #expect(sigmoid[2, 1] == DenseStack.StackActivation.sigmoid.apply(logits[2, 1]))
        #expect(sigmoid[2, 1] == 1 / (1 + exp(-1)))   // z = 0·(−1) + 0·0 + 1
    }
}
