import Testing
import Neural

/// The lecture's worked example: one linear neuron y = w1·x1 + w2·x2 + b on the table
/// (y, x1, x2) = (4, 2, 3), (6, 3, 5), (2, 1, 0), (5, 3, 1), starting from w1 = 1, w2 = 2, b = 0,
/// and one full-batch gradient-descent step on the MSE.
@Suite struct LectureStepTests {
    static let inputs = Matrix([[2, 3], [3, 5], [1, 0], [3, 1]])
    static let targets = Matrix([[4], [6], [2], [5]])

    static func neuron() -> Network {
        var network = Network(layers: [.dense(Dense(inputSize: 2, outputSize: 1))], seed: 0)
        network.setParameters(ofLayer: 0, weight: Matrix([[1, 2]]), bias: [0])
        return network
    }

    @Test func oneGradientDescentStep() {
        var network = Self.neuron()
        // Predictions ŷ = 1·x1 + 2·x2 + 0:
        //   2 + 6 = 8,  3 + 10 = 13,  1 + 0 = 1,  3 + 2 = 5.
        #expect(network.predict(Self.inputs) == Matrix([[8], [13], [1], [5]]))

        // Errors ŷ − y = 8 − 4 = 4, 13 − 6 = 7, 1 − 2 = −1, 5 − 5 = 0;
        // MSE = (4² + 7² + 1² + 0²)/4 = (16 + 49 + 1 + 0)/4 = 66/4 = 16.5.
        let workspace = TrainingWorkspace(for: network, batchCapacity: 4)
        var masks = SeededGenerator(seed: 0)  // no dropout: not used
        let loss = network.computeGradients(inputs: Self.inputs, targets: Self.targets,
                                            loss: .meanSquaredError, workspace: workspace, generator: &masks)
        #expect(loss == 16.5)  // every intermediate is a small integer or half: exact in float32

        // ∂L/∂ŷ_i = 2(ŷ_i − y_i)/4 = (2, 3.5, −0.5, 0).
        // ∂L/∂w1 = Σ x1_i·∂L/∂ŷ_i = 2·2 + 3·3.5 + 1·(−0.5) + 3·0 = 4 + 10.5 − 0.5 = 14
        // ∂L/∂w2 = Σ x2_i·∂L/∂ŷ_i = 3·2 + 5·3.5 + 0·(−0.5) + 1·0 = 6 + 17.5 = 23.5
        // ∂L/∂b  = Σ ∂L/∂ŷ_i      = 2 + 3.5 − 0.5 + 0 = 5
        #expect(workspace.gradients.values == [14, 23.5, 5])
        // The workspace keeps the intermediate numbers of the chain rule.
        #expect(workspace.output(ofLayer: 0).storage == [8, 13, 1, 5])
        #expect(workspace.delta(ofLayer: 0).storage == [2, 3.5, -0.5, 0])

        // Gradient descent, w_new = w_old − η·∂L/∂w with η = 0.01:
        //   w1 = 1 − 0.01·14 = 0.86,  w2 = 2 − 0.01·23.5 = 1.765,  b = 0 − 0.01·5 = −0.05.
        let learningRate: Float = 0.01
        for index in network.parameters.values.indices {
            network.parameters.values[index] -= learningRate * workspace.gradients.values[index]
        }
        let expected: [Float] = [0.86, 1.765, -0.05]
        for (value, target) in zip(network.parameters.values, expected) {
            // float32 rounding of 0.86, 1.765, −0.05 and of the products: within a few ulps of 2.
            #expect(abs(value - target) < 1e-6)
        }

        // New predictions: 0.86·2 + 1.765·3 − 0.05 = 6.965, 0.86·3 + 1.765·5 − 0.05 = 11.355,
        // 0.86 − 0.05 = 0.81, 0.86·3 + 1.765 − 0.05 = 4.295; errors 2.965, 5.355, −1.19, −0.705;
        // MSE = (8.791225 + 28.676025 + 1.4161 + 0.497025)/4 = 39.380375/4 = 9.84509375 < 16.5.
        let after = network.evaluateLoss(inputs: Self.inputs, targets: Self.targets, loss: .meanSquaredError)
        #expect(abs(after - 9.84509375) < 1e-5)  // float32 predictions of size ~10: error ~1e-6 each
    }

    /// The notes' objective "MSE + α‖w‖": with L1, α = 0.1, the loss gains 0.1·(|1| + |2|) = 0.3
    /// and each weight's gradient gains 0.1·sign(w) = 0.1; the bias is not penalised.
    @Test func stepWithL1Penalty() {
        let network = Self.neuron()
        let workspace = TrainingWorkspace(for: network, batchCapacity: 4)
        var masks = SeededGenerator(seed: 0)  // no dropout: not used
        let loss = network.computeGradients(inputs: Self.inputs, targets: Self.targets, loss: .meanSquaredError,
                                            regularization: .l1(0.1), workspace: workspace, generator: &masks)
        #expect(abs(loss - 16.8) < 1e-6)  // 16.5 + 0.3; 0.1 is not exact in float32 (error ~1e-8)
        let expected: [Float] = [14.1, 23.6, 5]
        for (value, target) in zip(workspace.gradients.values, expected) { #expect(abs(value - target) < 1e-5) }
    }
}
