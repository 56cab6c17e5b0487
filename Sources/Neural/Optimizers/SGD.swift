import NeuralKernels

/// Stochastic gradient descent with optional momentum, Nesterov momentum, dampening and
/// coupled weight decay — PyTorch's `torch.optim.SGD` by default.
///
/// The update, its two momentum forms (PyTorch's `b ← μ·b + (1 − dampening)·d`, `θ ← θ − η·b`,
/// and scikit-learn's `v ← μ·v − η·d`, `θ ← θ + v`) and Nesterov's look-ahead are written in
/// <doc:OptimizersAndSchedules#Gradient-descent-and-momentum>. With a constant η both forms
/// give the same trajectory; they differ when η changes, because scikit-learn's buffer already
/// holds η.
///
/// State: `momentum_buffer` (b or v), only when `momentum > 0`.
public struct SGD: Optimizer {
    /// How the momentum buffer is kept; see the type's documentation.
    public enum MomentumForm: String, Codable, Sendable, CaseIterable {
        case pytorch
        case scikitLearn
    }

    /// μ, in [0, 1).
    public let momentum: Double
    /// Fraction of the new gradient withheld from the buffer (PyTorch form only).
    public let dampening: Double
    /// Nesterov's look-ahead momentum; needs `momentum > 0` and (PyTorch form) `dampening == 0`.
    public let nesterov: Bool
    /// λ of the coupled L2 term added to the gradient, applied to every parameter as PyTorch does.
    public let weightDecay: Double
    /// PyTorch's or scikit-learn's momentum bookkeeping.
    public let momentumForm: MomentumForm

    /// A conventional default learning rate for plain SGD (Keras's; PyTorch has none).
    public static let defaultLearningRate: Double = 0.01

    public init(momentum: Double = 0, dampening: Double = 0, nesterov: Bool = false,
                weightDecay: Double = 0, momentumForm: MomentumForm = .pytorch) {
        SettingRange.fraction.require(momentum, "SGD: momentum")
        SettingRange.unitInterval.require(dampening, "SGD: dampening")
        SettingRange.nonNegative.require(weightDecay, "SGD: weight decay")
        precondition(!nesterov || (momentum > 0 && (dampening == 0 || momentumForm == .scikitLearn)),
                     "SGD: Nesterov momentum needs momentum > 0 and zero dampening, got momentum \(momentum), dampening \(dampening)")
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
        self.momentumForm = momentumForm
    }

    public var stateSlots: [String] { momentum > 0 ? ["momentum_buffer"] : [] }

    public func update(_ parameters: inout ParameterVector, along gradients: ParameterVector,
                       learningRate: Double, state: inout OptimizerState) {
        checkUpdateArguments(parameters, gradients, learningRate: learningRate, optimizer: "SGD")
        let count = parameters.values.count
        let hasMomentum = momentum > 0
        state.checkSlotCount("SGD", hasMomentum ? 1 : 0)
        if hasMomentum { state.check("SGD", slot: 0, named: "momentum_buffer", count: count) }
        var hyperparameters = nk_sgd_hyperparameters(
            learning_rate: Float(learningRate), momentum: Float(momentum), one_minus_dampening: Float(1 - dampening),
            weight_decay: Float(weightDecay), nesterov: nesterov ? 1 : 0,
            first_step: state.step == 0 ? 1 : 0,
            form: momentumForm == .pytorch ? NK_SGD_PYTORCH : NK_SGD_SCIKIT_LEARN)
        parameters.values.withUnsafeMutableBufferPointer { theta in
            gradients.values.withUnsafeBufferPointer { gradient in
                state.slots.withUnsafeMutableBufferPointer { slots in
                    slots.withSlot(hasMomentum ? 0 : -1) { buffer in
                        nk_sgd_update(Int64(count), theta.baseAddress, gradient.baseAddress, buffer, &hyperparameters)
                    }
                }
            }
        }
        state.step += 1
    }
}

extension SGD {
    private enum CodingKeys: String, CodingKey {
        case momentum, dampening, nesterov, weightDecay, momentumForm
    }

    /// Decodes the rule with the checks of the command line's flags (`--momentum` in [0, 1)),
    /// throwing `DecodingError.dataCorrupted` at the field that is out of range.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        momentum = try container.decode(Double.self, forKey: .momentum, in: .fraction)
        dampening = try container.decode(Double.self, forKey: .dampening, in: .unitInterval)
        nesterov = try container.decode(Bool.self, forKey: .nesterov)
        weightDecay = try container.decode(Double.self, forKey: .weightDecay, in: .nonNegative)
        momentumForm = try container.decode(MomentumForm.self, forKey: .momentumForm)
        if nesterov && !(momentum > 0 && (dampening == 0 || momentumForm == .scikitLearn)) {
            throw container.invalid(.nesterov, "needs momentum > 0 and zero dampening, got momentum \(momentum), dampening \(dampening)")
        }
    }
}
