import NeuralKernels

/// RMSProp (Hinton, 2012) as `torch.optim.RMSprop` defines it.
///
/// With g = ∂L/∂θ (+ λ·θ when `weightDecay` λ > 0):
/// ```
/// s ← α·s + (1 − α)·g²
/// centred:  a ← α·a + (1 − α)·g,  d = √(s − a²) + ε      otherwise d = √s + ε
/// momentum: b ← μ·b + g/d,  θ ← θ − η·b                   otherwise θ ← θ − η·g/d
/// ```
/// Defaults are PyTorch's: α 0.99, ε 1e-8, no momentum, not centred (and η 1e-2).
public struct RMSProp: Optimizer, Equatable {
    /// The state RMSProp carries between updates.
    public struct State: Codable, Equatable, Sendable {
        public var step: Int
        /// s, the average of squared gradients.
        public var squareAverage: [Float]
        /// a, the average of gradients; empty unless centred.
        public var gradientAverage: [Float]
        /// b; empty without momentum.
        public var momentumBuffer: [Float]
    }

    /// α, the smoothing constant.
    public var alpha: Double
    public var epsilon: Double
    /// μ; 0 for none.
    public var momentum: Double
    /// Divide by an estimate of the gradient's variance instead of its raw second moment.
    public var centered: Bool
    /// λ of the coupled L2 term added to the gradient.
    public var weightDecay: Double
    public internal(set) var state: State?

    /// PyTorch's default learning rate, 1e-2.
    public static let defaultLearningRate: Float = 1e-2

    public init(alpha: Double = 0.99, epsilon: Double = 1e-8, momentum: Double = 0,
                centered: Bool = false, weightDecay: Double = 0) {
        precondition(alpha >= 0 && alpha < 1, "RMSProp: α must be in [0, 1), got \(alpha)")
        precondition(epsilon >= 0 && epsilon.isFinite, "RMSProp: ε must be ≥ 0, got \(epsilon)")
        precondition(momentum >= 0 && momentum.isFinite, "RMSProp: momentum must be ≥ 0, got \(momentum)")
        precondition(weightDecay >= 0 && weightDecay.isFinite, "RMSProp: weight decay must be ≥ 0, got \(weightDecay)")
        self.alpha = alpha
        self.epsilon = epsilon
        self.momentum = momentum
        self.centered = centered
        self.weightDecay = weightDecay
        self.state = nil
    }

    public var stepCount: Int { state?.step ?? 0 }

    public mutating func prepare(for layout: ParameterLayout) {
        let count = layout.count
        state = State(step: 0,
                      squareAverage: [Float](repeating: 0, count: count),
                      gradientAverage: [Float](repeating: 0, count: centered ? count : 0),
                      momentumBuffer: [Float](repeating: 0, count: momentum > 0 ? count : 0))
    }

    public mutating func reset() { state = nil }

    public mutating func update(_ parameters: inout ParameterVector, along gradients: ParameterVector,
                                learningRate: Float) {
        checkUpdateArguments(parameters, gradients, learningRate: learningRate, optimizer: "RMSProp")
        if state == nil { prepare(for: parameters.layout) }
        guard var current = state.take() else { return }
        let count = parameters.values.count
        checkStateCount(current.squareAverage.count, count, optimizer: "RMSProp")
        if centered { checkStateCount(current.gradientAverage.count, count, optimizer: "RMSProp") }
        if momentum > 0 { checkStateCount(current.momentumBuffer.count, count, optimizer: "RMSProp") }
        // 1 − α in Double: in Float, 1 − 0.99 is off by 1e-6 relative.
        var scalars = nk_rmsprop_hyperparameters(learning_rate: learningRate, alpha: Float(alpha),
                                                 one_minus_alpha: Float(1 - alpha), epsilon: Float(epsilon),
                                                 weight_decay: Float(weightDecay), momentum: Float(momentum))
        let centered = centered
        let hasMomentum = momentum > 0
        parameters.values.withUnsafeMutableBufferPointer { theta in
            gradients.values.withUnsafeBufferPointer { gradient in
                current.squareAverage.withUnsafeMutableBufferPointer { s in
                    current.gradientAverage.withUnsafeMutableBufferPointer { a in
                        current.momentumBuffer.withUnsafeMutableBufferPointer { b in
                            nk_rmsprop_update(Int64(count), theta.baseAddress, gradient.baseAddress,
                                              s.baseAddress, centered ? a.baseAddress : nil,
                                              hasMomentum ? b.baseAddress : nil, &scalars)
                        }
                    }
                }
            }
        }
        current.step += 1
        state = current
    }
}
