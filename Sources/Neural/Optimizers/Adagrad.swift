import NeuralKernels

/// Adagrad (Duchi et al., 2011) as `torch.optim.Adagrad` defines it.
///
/// With g = ∂L/∂θ (+ λ·θ when `weightDecay` λ > 0) and t the step number from 1:
/// ```
/// η_t = η / (1 + (t − 1)·learningRateDecay)
/// S ← S + g²                      (S starts at `initialAccumulatorValue`)
/// θ ← θ − η_t · g / (√S + ε)
/// ```
/// Defaults are PyTorch's: no rate decay, accumulator 0, ε 1e-10 (and η 1e-2).
public struct Adagrad: Optimizer, Equatable {
    /// The state Adagrad carries between updates.
    public struct State: Codable, Equatable, Sendable {
        public var step: Int
        /// S, the running sum of squared gradients.
        public var sum: [Float]
    }

    public var learningRateDecay: Double
    public var initialAccumulatorValue: Double
    public var epsilon: Double
    /// λ of the coupled L2 term added to the gradient.
    public var weightDecay: Double
    public internal(set) var state: State?

    /// PyTorch's default learning rate, 1e-2.
    public static let defaultLearningRate: Float = 1e-2

    public init(learningRateDecay: Double = 0, initialAccumulatorValue: Double = 0,
                epsilon: Double = 1e-10, weightDecay: Double = 0) {
        precondition(learningRateDecay >= 0 && learningRateDecay.isFinite,
                     "Adagrad: learning-rate decay must be ≥ 0, got \(learningRateDecay)")
        precondition(initialAccumulatorValue >= 0 && initialAccumulatorValue.isFinite,
                     "Adagrad: initial accumulator must be ≥ 0, got \(initialAccumulatorValue)")
        precondition(epsilon >= 0 && epsilon.isFinite, "Adagrad: ε must be ≥ 0, got \(epsilon)")
        precondition(weightDecay >= 0 && weightDecay.isFinite, "Adagrad: weight decay must be ≥ 0, got \(weightDecay)")
        self.learningRateDecay = learningRateDecay
        self.initialAccumulatorValue = initialAccumulatorValue
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.state = nil
    }

    public var stepCount: Int { state?.step ?? 0 }

    public mutating func prepare(for layout: ParameterLayout) {
        state = State(step: 0, sum: [Float](repeating: Float(initialAccumulatorValue), count: layout.count))
    }

    public mutating func reset() { state = nil }

    public mutating func update(_ parameters: inout ParameterVector, along gradients: ParameterVector,
                                learningRate: Float) {
        checkUpdateArguments(parameters, gradients, learningRate: learningRate, optimizer: "Adagrad")
        if state == nil { prepare(for: parameters.layout) }
        guard var current = state.take() else { return }
        let count = parameters.values.count
        checkStateCount(current.sum.count, count, optimizer: "Adagrad")
        current.step += 1
        // Computed in Double as PyTorch does in Python, rounded once.
        let decayedRate = Double(learningRate) / (1 + Double(current.step - 1) * learningRateDecay)
        let epsilon = epsilon
        let weightDecay = weightDecay
        parameters.values.withUnsafeMutableBufferPointer { theta in
            gradients.values.withUnsafeBufferPointer { gradient in
                current.sum.withUnsafeMutableBufferPointer { sum in
                    nk_adagrad_update(Int64(count), theta.baseAddress, gradient.baseAddress, sum.baseAddress,
                                      Float(decayedRate), Float(epsilon), Float(weightDecay))
                }
            }
        }
        state = current
    }
}
