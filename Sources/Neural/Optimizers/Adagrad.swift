import NeuralKernels

/// Adagrad (Duchi et al., 2011) as `torch.optim.Adagrad` defines it; the update is written in
/// <doc:OptimizersAndSchedules#RMSProp-and-Adagrad>.
///
/// Defaults are PyTorch's: no rate decay, accumulator 0, ε 1e-10 (and η 1e-2).
/// State: `sum` (S), starting at `initialAccumulatorValue`.
public struct Adagrad: Optimizer {
    public let learningRateDecay: Double
    public let initialAccumulatorValue: Double
    public let epsilon: Double
    /// λ of the coupled L2 term added to the gradient.
    public let weightDecay: Double

    /// PyTorch's default learning rate, 1e-2.
    public static let defaultLearningRate: Double = 1e-2

    public init(learningRateDecay: Double = 0, initialAccumulatorValue: Double = 0,
                epsilon: Double = 1e-10, weightDecay: Double = 0) {
        SettingRange.nonNegative.require(learningRateDecay, "Adagrad: learning-rate decay")
        SettingRange.nonNegative.require(initialAccumulatorValue, "Adagrad: initial accumulator")
        SettingRange.nonNegative.require(epsilon, "Adagrad: ε")
        SettingRange.nonNegative.require(weightDecay, "Adagrad: weight decay")
        self.learningRateDecay = learningRateDecay
        self.initialAccumulatorValue = initialAccumulatorValue
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    public var stateSlots: [String] { ["sum"] }

    /// S starts at `initialAccumulatorValue`.
    public func makeState(parameterCount: Int) -> OptimizerState {
        OptimizerState(slots: [.init(name: "sum", values: [Float](repeating: Float(initialAccumulatorValue),
                                                                   count: parameterCount))])
    }

    public func update(_ parameters: inout ParameterVector, along gradients: ParameterVector,
                       learningRate: Double, state: inout OptimizerState) {
        checkUpdateArguments(parameters, gradients, learningRate: learningRate, optimizer: "Adagrad")
        let count = parameters.values.count
        state.checkSlotCount("Adagrad", 1)
        state.check("Adagrad", slot: 0, named: "sum", count: count)
        state.step += 1
        // Computed in Double as PyTorch does in Python, from the Float rate, rounded once.
        let nonNegativeUnrounded = Double(Float(learningRate)) / (1 + Double(state.step - 1) * learningRateDecay)
        let epsilon = epsilon
        let weightDecay = weightDecay
        parameters.values.withUnsafeMutableBufferPointer { theta in
            gradients.values.withUnsafeBufferPointer { gradient in
                state.slots.withUnsafeMutableBufferPointer { slots in
                    slots[0].values.withUnsafeMutableBufferPointer { sum in
                        nk_adagrad_update(Int64(count), theta.baseAddress, gradient.baseAddress, sum.baseAddress,
                                          Float(nonNegativeUnrounded), Float(epsilon), Float(weightDecay))
                    }
                }
            }
        }
    }
}

extension Adagrad {
    private enum CodingKeys: String, CodingKey {
        case learningRateDecay, initialAccumulatorValue, epsilon, weightDecay
    }

    /// Decodes the rule with the initialiser's checks (every value finite and ≥ 0) in the `Float`
    /// that updates compute with, throwing `DecodingError.dataCorrupted` at the field that is out
    /// of range.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        learningRateDecay = try container.decode(Double.self, forKey: .learningRateDecay, in: .nonNegative)
        initialAccumulatorValue = try container.decode(Double.self, forKey: .initialAccumulatorValue, in: .nonNegative)
        epsilon = try container.decode(Double.self, forKey: .epsilon, in: .nonNegative)
        weightDecay = try container.decode(Double.self, forKey: .weightDecay, in: .nonNegative)
    }
}
