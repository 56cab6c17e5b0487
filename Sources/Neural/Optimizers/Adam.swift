import Foundation
import NeuralKernels

/// Adam (Kingma & Ba, 2014) with bias correction, optional AMSGrad and optional coupled
/// weight decay — `torch.optim.Adam` by default.
///
/// The update, its two placements of ε, AMSGrad and the weight decay are written in
/// <doc:OptimizersAndSchedules#Adam>. Defaults are the paper's: β1 0.9, β2 0.999, ε 1e-8 (and
/// η 1e-3 is the usual rate). For decoupled weight decay use ``AdamW``, which is this rule plus
/// the decay.
///
/// State: `first_moment` (m), `second_moment` (v), and with AMSGrad `maximum_second_moment`
/// (v_max); one value per parameter each.
public struct Adam: Optimizer {
    /// Decay rate of the first-moment average.
    public let beta1: Double
    /// Decay rate of the second-moment average.
    public let beta2: Double
    /// Added to the denominator; see `epsilonPlacement` for where.
    public let epsilon: Double
    /// PyTorch's or Keras / scikit-learn's placement of ε.
    public let epsilonPlacement: AdamEpsilonPlacement
    /// AMSGrad (Reddi et al., 2018): divide by the running maximum of v.
    public let amsgrad: Bool
    /// λ of the coupled L2 term added to the gradient (PyTorch Adam's `weight_decay`).
    public let weightDecay: Double

    /// The paper's learning rate, 1e-3.
    public static let defaultLearningRate: Double = 1e-3

    public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                epsilonPlacement: AdamEpsilonPlacement = .pytorch, amsgrad: Bool = false,
                weightDecay: Double = 0) {
        SettingRange.fraction.require(beta1, "Adam: β1")
        SettingRange.fraction.require(beta2, "Adam: β2")
        SettingRange.nonNegative.require(epsilon, "Adam: ε")
        SettingRange.nonNegative.require(weightDecay, "Adam: weight decay")
        self.init(unchecked: beta1, beta2, epsilon, epsilonPlacement, amsgrad, weightDecay)
    }

    /// The rule from values its decoder has already range-checked (a `precondition` would stop
    /// the program where the decoder throws an error naming the field).
    init(unchecked beta1: Double, _ beta2: Double, _ epsilon: Double, _ epsilonPlacement: AdamEpsilonPlacement,
         _ amsgrad: Bool, _ weightDecay: Double) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.epsilonPlacement = epsilonPlacement
        self.amsgrad = amsgrad
        self.weightDecay = weightDecay
    }

    /// This rule with another ε and its placement (how a peer's conventions are applied).
    public func with(epsilon: Double, placement: AdamEpsilonPlacement) -> Adam {
        Adam(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonPlacement: placement, amsgrad: amsgrad,
             weightDecay: weightDecay)
    }

    public var stateSlots: [String] {
        amsgrad ? ["first_moment", "second_moment", "maximum_second_moment"] : ["first_moment", "second_moment"]
    }

    public func update(_ parameters: inout ParameterVector, along gradients: ParameterVector,
                       learningRate: Double, state: inout OptimizerState) {
        update(&parameters, along: gradients, learningRate: learningRate, state: &state,
               decoupledWeightDecay: 0, name: "Adam")
    }

    /// The update with an extra decoupled decay `θ ← θ·(1 − η·decoupledWeightDecay)` applied
    /// before the step (``AdamW``'s), in the same pass.
    func update(_ parameters: inout ParameterVector, along gradients: ParameterVector, learningRate: Double,
                state: inout OptimizerState, decoupledWeightDecay: Double, name: StaticString) {
        checkUpdateArguments(parameters, gradients, learningRate: learningRate, optimizer: name)
        let count = parameters.values.count
        state.checkSlotCount(name, amsgrad ? 3 : 2)
        state.check(name, slot: 0, named: "first_moment", count: count)
        state.check(name, slot: 1, named: "second_moment", count: count)
        if amsgrad { state.check(name, slot: 2, named: "maximum_second_moment", count: count) }
        state.step += 1
        // Step-dependent scalars in Double (as PyTorch does in Python), from the Float rate.
        let t = Double(state.step)
        let rate = Double(Float(learningRate))
        let biasCorrection1 = 1 - pow(beta1, t)
        let biasCorrection2 = 1 - pow(beta2, t)
        let stepSize: Double
        let correctionSquareRoot: Double
        switch epsilonPlacement {
        case .pytorch:
            stepSize = rate / biasCorrection1
            correctionSquareRoot = biasCorrection2.squareRoot()
        case .keras:
            stepSize = rate * biasCorrection2.squareRoot() / biasCorrection1
            correctionSquareRoot = 1
        }
        var scalars = nk_adam_hyperparameters(
            beta1: Float(beta1), beta2: Float(beta2),
            one_minus_beta1: Float(1 - beta1), one_minus_beta2: Float(1 - beta2),
            step_size: Float(stepSize), bias_correction2_sqrt: Float(correctionSquareRoot),
            epsilon: Float(epsilon), coupled_weight_decay: Float(weightDecay),
            decay_factor: Float(1 - rate * decoupledWeightDecay))
        parameters.values.withUnsafeMutableBufferPointer { theta in
            gradients.values.withUnsafeBufferPointer { gradient in
                state.slots.withUnsafeMutableBufferPointer { slots in
                    slots.withSlot(0) { m in
                        slots.withSlot(1) { v in
                            slots.withSlot(amsgrad ? 2 : -1) { vMax in
                                nk_adam_update(Int64(count), theta.baseAddress, gradient.baseAddress, m, v, vMax, &scalars)
                            }
                        }
                    }
                }
            }
        }
    }
}

extension Adam {
    private enum CodingKeys: String, CodingKey {
        case beta1, beta2, epsilon, epsilonPlacement, amsgrad, weightDecay
    }

    /// Decodes the rule with the same checks as the initialiser, in the `Float` that updates
    /// compute with (β1 and β2 in [0, 1), ε and the weight decay finite and ≥ 0), throwing
    /// `DecodingError.dataCorrupted` at the field that is out of range.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(unchecked: try container.decode(Double.self, forKey: .beta1, in: .fraction),
                  try container.decode(Double.self, forKey: .beta2, in: .fraction),
                  try container.decode(Double.self, forKey: .epsilon, in: .nonNegative),
                  try container.decode(AdamEpsilonPlacement.self, forKey: .epsilonPlacement),
                  try container.decode(Bool.self, forKey: .amsgrad),
                  try container.decode(Double.self, forKey: .weightDecay, in: .nonNegative))
    }
}
