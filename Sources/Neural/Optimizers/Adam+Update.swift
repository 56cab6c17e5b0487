import Foundation
import NeuralKernels

/// One fused Adam / AdamW / AMSGrad step over the whole vector; shared by both optimisers.
///
/// The hyperparameters are Double and the step-dependent scalars are computed in Double (as
/// PyTorch does in Python), then rounded once to Float for the C loop.
func adamUpdate(_ parameters: inout ParameterVector, along gradients: ParameterVector,
                learningRate: Float, state: inout AdamState, hyperparameters h: AdamHyperparameters,
                coupledWeightDecay: Double, decoupledWeightDecay: Double, name: String) {
    checkStateCount(state.firstMoment.count, parameters.values.count, optimizer: name)
    if h.amsgrad {
        checkStateCount(state.maximumSecondMoment.count, parameters.values.count, optimizer: name)
    }
    state.step += 1
    let t = Double(state.step)
    let rate = Double(learningRate)
    let biasCorrection1 = 1 - pow(h.beta1, t)
    let biasCorrection2 = 1 - pow(h.beta2, t)
    let stepSize: Double
    let correctionSquareRoot: Double
    switch h.epsilonPlacement {
    case .pytorch:
        // θ ← θ − (η / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)
        stepSize = rate / biasCorrection1
        correctionSquareRoot = biasCorrection2.squareRoot()
    case .keras:
        // θ ← θ − (η √(1 − β2ᵗ) / (1 − β1ᵗ)) · m / (√v + ε)
        stepSize = rate * biasCorrection2.squareRoot() / biasCorrection1
        correctionSquareRoot = 1
    }
    // AdamW: θ ← θ − η·λ·θ = θ·(1 − η·λ), applied before the moment update.
    let decayFactor = 1 - rate * decoupledWeightDecay
    var scalars = nk_adam_hyperparameters(
        beta1: Float(h.beta1), beta2: Float(h.beta2),
        one_minus_beta1: Float(1 - h.beta1), one_minus_beta2: Float(1 - h.beta2),
        step_size: Float(stepSize), bias_correction2_sqrt: Float(correctionSquareRoot),
        epsilon: Float(h.epsilon), coupled_weight_decay: Float(coupledWeightDecay),
        decay_factor: Float(decayFactor))
    let count = Int64(parameters.values.count)
    let amsgrad = h.amsgrad
    parameters.values.withUnsafeMutableBufferPointer { theta in
        gradients.values.withUnsafeBufferPointer { gradient in
            state.firstMoment.withUnsafeMutableBufferPointer { m in
                state.secondMoment.withUnsafeMutableBufferPointer { v in
                    state.maximumSecondMoment.withUnsafeMutableBufferPointer { vMax in
                        nk_adam_update(count, theta.baseAddress, gradient.baseAddress,
                                       m.baseAddress, v.baseAddress,
                                       amsgrad ? vMax.baseAddress : nil, &scalars)
                    }
                }
            }
        }
    }
}
