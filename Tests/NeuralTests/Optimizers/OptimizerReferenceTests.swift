import Foundation
import Testing
@testable import Neural

/// One reference case: an optimizer built the way the generating script configured the library.
struct OptimizerReferenceCase: Sendable, CustomTestStringConvertible {
    var name: String
    var make: @Sendable () -> AnyOptimizer
    /// Relative tolerance for this case; see `OptimizerReferenceTests`.
    var relativeTolerance: Double
    var testDescription: String { name }
}

/// Optimizer trajectories against PyTorch, Keras and scikit-learn (`optimizer_reference.json`).
///
/// Tolerances: PyTorch and Neural both run in float32 with the step-dependent scalars in
/// double, so they agree to a few float32 ulps (~6e-8 relative each): 1e-6 relative. scikit-learn
/// runs in float64; Neural's float32 result is within a few float32 roundings of it: 1e-6
/// relative. Keras (JAX backend) computes the bias-correction scalars themselves in float32 on
/// XLA, which moves its first Adam step by 7e-6 relative from scikit-learn's float64 value of the
/// same formula: 2e-5 relative against Keras (the keras-form cases are also checked against
/// scikit-learn at 1e-6). The relative tolerance is taken of the case's scale — the largest |θ|
/// anywhere in its trajectory — because a coordinate that lands near zero is the difference of
/// numbers of that size and carries their rounding error, not its own.
@Suite struct OptimizerReferenceTests {
    static let pytorchTolerance = 1e-6
    static let scikitLearnTolerance = 1e-6
    static let kerasTolerance = 2e-5

    static let cases: [OptimizerReferenceCase] = [
        .init(name: "adam_pytorch_one_step", make: { .adam(Adam()) }, relativeTolerance: pytorchTolerance),
        .init(name: "adam_keras_one_step", make: { .adam(Adam(epsilonPlacement: .keras)) }, relativeTolerance: kerasTolerance),
        .init(name: "adam_sklearn_one_step", make: { .adam(Adam(epsilonPlacement: .keras)) }, relativeTolerance: scikitLearnTolerance),
        .init(name: "adam_pytorch_three_steps", make: { .adam(Adam()) }, relativeTolerance: pytorchTolerance),
        .init(name: "adam_keras_three_steps", make: { .adam(Adam(epsilonPlacement: .keras)) }, relativeTolerance: kerasTolerance),
        .init(name: "adam_sklearn_three_steps", make: { .adam(Adam(epsilonPlacement: .keras)) }, relativeTolerance: scikitLearnTolerance),
        .init(name: "adam_pytorch_amsgrad", make: { .adam(Adam(amsgrad: true)) }, relativeTolerance: pytorchTolerance),
        .init(name: "adam_keras_amsgrad", make: { .adam(Adam(epsilonPlacement: .keras, amsgrad: true)) }, relativeTolerance: kerasTolerance),
        .init(name: "adam_pytorch_weight_decay", make: { .adam(Adam(weightDecay: 0.1)) }, relativeTolerance: pytorchTolerance),
        .init(name: "adamw_pytorch", make: { .adamW(AdamW()) }, relativeTolerance: pytorchTolerance),
        .init(name: "adamw_pytorch_decay_0.1_amsgrad", make: { .adamW(AdamW(amsgrad: true, weightDecay: 0.1)) },
              relativeTolerance: pytorchTolerance),
        .init(name: "sgd_pytorch_momentum", make: { .sgd(SGD(momentum: 0.9)) }, relativeTolerance: pytorchTolerance),
        .init(name: "sgd_pytorch_nesterov", make: { .sgd(SGD(momentum: 0.9, nesterov: true)) }, relativeTolerance: pytorchTolerance),
        .init(name: "sgd_pytorch_plain", make: { .sgd(SGD()) }, relativeTolerance: pytorchTolerance),
        .init(name: "sgd_pytorch_dampening", make: { .sgd(SGD(momentum: 0.9, dampening: 0.5)) }, relativeTolerance: pytorchTolerance),
        .init(name: "sgd_pytorch_weight_decay_nesterov", make: { .sgd(SGD(momentum: 0.8, nesterov: true, weightDecay: 0.05)) },
              relativeTolerance: pytorchTolerance),
        .init(name: "sgd_sklearn_momentum", make: { .sgd(SGD(momentum: 0.9, momentumForm: .scikitLearn)) },
              relativeTolerance: scikitLearnTolerance),
        .init(name: "sgd_sklearn_nesterov", make: { .sgd(SGD(momentum: 0.9, nesterov: true, momentumForm: .scikitLearn)) },
              relativeTolerance: scikitLearnTolerance),
        .init(name: "rmsprop_pytorch_plain", make: { .rmsProp(RMSProp()) }, relativeTolerance: pytorchTolerance),
        .init(name: "rmsprop_pytorch_centered", make: { .rmsProp(RMSProp(centered: true)) }, relativeTolerance: pytorchTolerance),
        .init(name: "rmsprop_pytorch_momentum", make: { .rmsProp(RMSProp(momentum: 0.9)) }, relativeTolerance: pytorchTolerance),
        .init(name: "rmsprop_pytorch_centered_momentum_decay",
              make: { .rmsProp(RMSProp(alpha: 0.9, momentum: 0.5, centered: true, weightDecay: 0.1)) },
              relativeTolerance: pytorchTolerance),
        .init(name: "adagrad_pytorch_plain", make: { .adagrad(Adagrad()) }, relativeTolerance: pytorchTolerance),
        .init(name: "adagrad_pytorch_decay_accumulator",
              make: { .adagrad(Adagrad(learningRateDecay: 0.1, initialAccumulatorValue: 0.1, weightDecay: 0.05)) },
              relativeTolerance: pytorchTolerance),
    ]

    @Test(arguments: cases)
    func matchesReferenceTrajectory(_ referenceCase: OptimizerReferenceCase) {
        let reference = OptimizerReferenceFixture.shared.optimizer(named: referenceCase.name)
        var layout = ParameterLayout()
        layout.append(name: "theta", shape: [reference.initial.count], kind: .weight)
        var parameters = ParameterVector(layout: layout, values: reference.initial.map { Float($0) })
        let optimizer = referenceCase.make()
        var state = optimizer.makeState(for: parameters)
        let scale = (reference.trajectory.flatMap { $0 } + reference.initial).map(abs).max() ?? 1
        for (step, gradient) in reference.gradients.enumerated() {
            let gradients = ParameterVector(layout: layout, values: gradient.map { Float($0) })
            optimizer.update(&parameters, along: gradients, learningRate: reference.learningRates[step], state: &state)
            for (index, expected) in reference.trajectory[step].enumerated() {
                let actual = Double(parameters.values[index])
                let error = abs(actual - expected)
                let bound = referenceCase.relativeTolerance * scale
                #expect(error <= bound,
                        "\(reference.name) (\(reference.library)) step \(step + 1), θ[\(index)]: \(actual) vs \(expected)")
            }
        }
        #expect(state.step == reference.gradients.count)
    }

    /// The two ε placements disagree most for a tiny gradient: the first step from θ = 0 with
    /// g = 1e-6 and η = 1e-3 moves θ by η·m̂/(√v̂ + ε) = 1e-3·1e-6/(1e-6 + 1e-8) = 9.901e-4 in the
    /// PyTorch form, and by η√(1 − β2)/(1 − β1)·m/(√v + ε) = 3.1623e-4·1e-7/(3.1623e-8 + 1e-8)
    /// = 7.597e-4 in the Keras form (the fixture's PyTorch and scikit-learn values).
    @Test func epsilonPlacementsDifferForTinyGradients() {
        var layout = ParameterLayout()
        layout.append(name: "theta", shape: [1], kind: .weight)
        let gradients = ParameterVector(layout: layout, values: [1e-6])
        var pytorchForm = ParameterVector(layout: layout, repeating: 0)
        var kerasForm = ParameterVector(layout: layout, repeating: 0)
        let adam = Adam()
        let adamKeras = Adam(epsilonPlacement: .keras)
        var pytorchState = adam.makeState(for: pytorchForm)
        var kerasState = adamKeras.makeState(for: kerasForm)
        adam.update(&pytorchForm, along: gradients, learningRate: 1e-3, state: &pytorchState)
        adamKeras.update(&kerasForm, along: gradients, learningRate: 1e-3, state: &kerasState)
        // Hand-derived to 4 digits, so 1e-4 relative.
        #expect(abs(Double(pytorchForm.values[0]) + 9.901e-4) <= 1e-4 * 9.901e-4)
        #expect(abs(Double(kerasForm.values[0]) + 7.597e-4) <= 1e-4 * 7.597e-4)
    }

    /// SGD, lr 0.1, μ 0.9, gradient 1 twice, θ0 = 0, by hand (PyTorch's convention):
    /// classical: b1 = 1, θ1 = −0.1; b2 = 0.9·1 + 1 = 1.9, θ2 = −0.1 − 0.19 = −0.29.
    /// Nesterov: b1 = 1, θ1 = −0.1·(1 + 0.9·1) = −0.19; b2 = 1.9, θ2 = −0.19 − 0.1·(1 + 0.9·1.9) = −0.461.
    @Test(arguments: [(false, Float(-0.29)), (true, Float(-0.461))])
    func sgdMomentumByHand(nesterov: Bool, expected: Float) {
        var layout = ParameterLayout()
        layout.append(name: "theta", shape: [1], kind: .weight)
        var parameters = ParameterVector(layout: layout, repeating: 0)
        let gradients = ParameterVector(layout: layout, repeating: 1)
        let sgd = SGD(momentum: 0.9, nesterov: nesterov)
        var state = sgd.makeState(for: parameters)
        sgd.update(&parameters, along: gradients, learningRate: 0.1, state: &state)
        sgd.update(&parameters, along: gradients, learningRate: 0.1, state: &state)
        // Four float32 operations on values of order 1: 1e-6 relative.
        #expect(abs(parameters.values[0] - expected) <= 1e-6 * abs(expected))
    }
}
