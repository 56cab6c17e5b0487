import Testing
import Neural
import NeuralTestSupport

/// Back-propagation against central differences for every activation × loss × penalty.
///
/// Bound: with h = 1e-2 on parameters of size ~0.05–1, the central difference's truncation
/// error is O(h²·L‴) ≈ 1e-4 relative, and the float32 forward pass (relative rounding ~1e-7 per
/// operation, a few dozen operations deep) perturbs each loss value by ~1e-6·|L|, which divided
/// by 2h adds ~1e-4·|L| absolute to the numeric gradient. The relative-error floor of 1e-3 keeps
/// near-zero gradients from turning that noise into a large ratio. Over all 168 cases the worst
/// relative error measured is 3.7e-3 (a bias gradient of 5e-4, close to the floor); a wrong
/// derivative (a missing factor, a transposed product, a wrong sign) gives errors of order 1.
/// So 1e-2 separates the two. The fixtures keep every perturbation away from kinks (see
/// `GradientCheckFixture.make`).
@Suite struct GradientCheckTests {
    static let bound = 1e-2

    @Test(arguments: Activation.allCases, LossCase.allCases)
    func everyActivationLossAndPenalty(activation: Activation, lossCase: LossCase) {
        let fixture = GradientCheckFixture.make(activation: activation, lossCase: lossCase)
        for penalty in PenaltyCase.allCases {
            let result = GradientCheck().run(network: fixture.network, inputs: fixture.inputs,
                                             targets: fixture.targets, loss: lossCase.loss,
                                             regularization: penalty.regularization)
            #expect(result.worstRelativeError < Self.bound, "\(activation.name) \(lossCase) \(penalty): \(result.worst)")
            #expect(result.comparisons.count == fixture.network.parameters.values.count)
        }
    }

    /// Sample weights, class weights and scikit-learn's per-sample L2 scaling, for every loss.
    @Test(arguments: LossCase.allCases)
    func weightedLosses(lossCase: LossCase) {
        let fixture = GradientCheckFixture.make(activation: .tanh, lossCase: lossCase)
        let sampleWeights: [Float] = [1, 0.5, 2, 0.25, 1.5]
        let result = GradientCheck().run(network: fixture.network, inputs: fixture.inputs, targets: fixture.targets,
                                         sampleWeights: sampleWeights, loss: lossCase.weightedLoss(outputs: 3),
                                         regularization: .scikitLearn(alpha: 0.1))
        #expect(result.worstRelativeError < Self.bound, "\(lossCase): \(result.worst)")
    }

    /// Dropout between the layers (the same mask in every evaluation) and a non-identity
    /// activation on the output layer, whose derivative then multiplies the loss delta.
    @Test func dropoutAndOutputActivation() {
        let layers: [Layer] = [
            .dense(Dense(inputSize: 3, outputSize: 6, activation: .tanh)),
            .dropout(Dropout(rate: 0.5)),
            .dense(Dense(inputSize: 6, outputSize: 4, activation: .softplus)),
            .dropout(Dropout(rate: 0.25)),
            .dense(Dense(inputSize: 4, outputSize: 2, activation: .sigmoid)),
        ]
        let network = Network(layers: layers, seed: 3)
        var generator = SeededGenerator(seed: 9)
        let inputs = Matrix(rows: 6, columns: 3) { _, _ in Float(generator.nextUniform(in: -1..<1)) }
        let targets = Matrix(rows: 6, columns: 2) { _, _ in Float(generator.nextUniform(in: 0..<1)) }
        let result = GradientCheck().run(network: network, inputs: inputs, targets: targets,
                                         loss: .meanSquaredError, regularization: .l2(0.01), dropoutSeed: 5)
        #expect(result.worstRelativeError < Self.bound, "\(result.worst)")
    }

    /// A dropout layer before the first dense layer: input dropout, no delta needed before it.
    @Test func inputDropout() {
        let layers: [Layer] = [
            .dropout(Dropout(rate: 0.3)),
            .dense(Dense(inputSize: 3, outputSize: 4, activation: .gelu)),
            .dense(Dense(inputSize: 4, outputSize: 3)),
        ]
        let network = Network(layers: layers, seed: 4)
        var generator = SeededGenerator(seed: 10)
        let inputs = Matrix(rows: 4, columns: 3) { _, _ in Float(generator.nextUniform(in: -1..<1)) }
        let targets = Matrix(rows: 4, columns: 1) { row, _ in Float(row % 3) }
        let result = GradientCheck().run(network: network, inputs: inputs, targets: targets,
                                         loss: .categoricalCrossEntropy, dropoutSeed: 2)
        #expect(result.worstRelativeError < Self.bound, "\(result.worst)")
    }
}
