import NeuralKernels

/// RMSProp (Hinton, 2012) as `torch.optim.RMSprop` defines it; the update is written in
/// <doc:OptimizersAndSchedules#RMSProp-and-Adagrad>.
///
/// Defaults are PyTorch's: α 0.99, ε 1e-8, no momentum, not centred (and η 1e-2).
/// State: `square_average` (s); `gradient_average` (a) when centred; `momentum_buffer` (b) with
/// momentum.
public struct RMSProp: Optimizer {
    /// α, the smoothing constant.
    public let alpha: Double
    public let epsilon: Double
    /// μ; 0 for none.
    public let momentum: Double
    /// Divide by an estimate of the gradient's variance instead of its raw second moment.
    public let centered: Bool
    /// λ of the coupled L2 term added to the gradient.
    public let weightDecay: Double

    /// PyTorch's default learning rate, 1e-2.
    public static let defaultLearningRate: Double = 1e-2

    public init(alpha: Double = 0.99, epsilon: Double = 1e-8, momentum: Double = 0,
                centered: Bool = false, weightDecay: Double = 0) {
        SettingRange.fraction.require(alpha, "RMSProp: α")
        SettingRange.nonNegative.require(epsilon, "RMSProp: ε")
        SettingRange.fraction.require(momentum, "RMSProp: momentum")
        SettingRange.nonNegative.require(weightDecay, "RMSProp: weight decay")
        self.alpha = alpha
        self.epsilon = epsilon
        self.momentum = momentum
        self.centered = centered
        self.weightDecay = weightDecay
    }

    public var stateSlots: [String] {
        ["square_average"] + (centered ? ["gradient_average"] : []) + (momentum > 0 ? ["momentum_buffer"] : [])
    }

    public func update(_ parameters: inout ParameterVector, along gradients: ParameterVector,
                       learningRate: Double, state: inout OptimizerState) {
        checkUpdateArguments(parameters, gradients, learningRate: learningRate, optimizer: "RMSProp")
        let count = parameters.values.count
        let centered = centered
        let hasMomentum = momentum > 0
        // The slots in `stateSlots`' order: s, then a if centred, then b with momentum.
        let averageIndex = centered ? 1 : -1
        let momentumIndex = hasMomentum ? (centered ? 2 : 1) : -1
        state.checkSlotCount("RMSProp", 1 + (centered ? 1 : 0) + (hasMomentum ? 1 : 0))
        state.check("RMSProp", slot: 0, named: "square_average", count: count)
        if centered { state.check("RMSProp", slot: averageIndex, named: "gradient_average", count: count) }
        if hasMomentum { state.check("RMSProp", slot: momentumIndex, named: "momentum_buffer", count: count) }
        // 1 − α in Double: in Float, 1 − 0.99 is off by 1e-6 relative.
        var scalars = nk_rmsprop_hyperparameters(learning_rate: Float(learningRate), alpha: Float(alpha),
                                                 one_minus_alpha: Float(1 - alpha), epsilon: Float(epsilon),
                                                 weight_decay: Float(weightDecay), momentum: Float(momentum))
        parameters.values.withUnsafeMutableBufferPointer { theta in
            gradients.values.withUnsafeBufferPointer { gradient in
                state.slots.withUnsafeMutableBufferPointer { slots in
                    slots.withSlot(0) { s in
                        slots.withSlot(averageIndex) { a in
                            slots.withSlot(momentumIndex) { b in
                                nk_rmsprop_update(Int64(count), theta.baseAddress, gradient.baseAddress, s, a, b, &scalars)
                            }
                        }
                    }
                }
            }
        }
        state.step += 1
    }
}

extension RMSProp {
    private enum CodingKeys: String, CodingKey {
        case alpha, epsilon, momentum, centered, weightDecay
    }

    /// Decodes the rule with the checks of the command line's flags (`--momentum` in [0, 1)) and
    /// the initialiser's (α in [0, 1), ε and the weight decay finite and ≥ 0), throwing
    /// `DecodingError.dataCorrupted` at the field that is out of range.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        alpha = try container.decode(Double.self, forKey: .alpha, in: .fraction)
        epsilon = try container.decode(Double.self, forKey: .epsilon, in: .nonNegative)
        momentum = try container.decode(Double.self, forKey: .momentum, in: .fraction)
        centered = try container.decode(Bool.self, forKey: .centered)
        weightDecay = try container.decode(Double.self, forKey: .weightDecay, in: .nonNegative)
    }
}
