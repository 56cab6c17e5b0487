import NeuralKernels

/// Stochastic gradient descent with optional momentum, Nesterov momentum, dampening and
/// coupled weight decay — PyTorch's `torch.optim.SGD` by default.
///
/// With d = g + λ·θ (λ = `weightDecay`, 0 by default):
/// - no momentum: `θ ← θ − η·d` (the lecture's `w_new = w_old − η ∂L/∂w`);
/// - `.pytorch` momentum: `b ← μ·b + (1 − dampening)·d` (`b ← d` on the first step),
///   then `θ ← θ − η·b`, or with Nesterov `θ ← θ − η·(d + μ·b)`;
/// - `.scikitLearn` momentum: `v ← μ·v − η·d`, then `θ ← θ + v`, or with Nesterov
///   `θ ← θ + μ·v − η·d` (scikit-learn's `SGDOptimizer`). With a constant η both forms give
///   the same trajectory; they differ when η changes, because scikit-learn's buffer already
///   holds η.
///
/// The momentum buffer is allocated only when `momentum > 0`.
public struct SGD: Optimizer, Equatable {
    /// How the momentum buffer is kept; see the type's documentation.
    public enum MomentumForm: String, Codable, Sendable, CaseIterable {
        case pytorch
        case scikitLearn
    }

    /// The state SGD carries between updates.
    public struct State: Codable, Equatable, Sendable {
        /// Number of updates applied.
        public var step: Int
        /// `b` (PyTorch form) or `v` (scikit-learn form); empty without momentum.
        public var momentumBuffer: [Float]
    }

    /// μ, in [0, 1).
    public var momentum: Double
    /// Fraction of the new gradient withheld from the buffer (PyTorch form only).
    public var dampening: Double
    /// Nesterov's look-ahead momentum; needs `momentum > 0` and (PyTorch form) `dampening == 0`.
    public var nesterov: Bool
    /// λ of the coupled L2 term added to the gradient, applied to every parameter as PyTorch does.
    public var weightDecay: Double
    /// PyTorch's or scikit-learn's momentum bookkeeping.
    public var momentumForm: MomentumForm
    /// The state, `nil` until the first update or `prepare(for:)`.
    public internal(set) var state: State?

    /// A conventional default learning rate for plain SGD (Keras's; PyTorch has none).
    public static let defaultLearningRate: Float = 0.01

    public init(momentum: Double = 0, dampening: Double = 0, nesterov: Bool = false,
                weightDecay: Double = 0, momentumForm: MomentumForm = .pytorch) {
        precondition(momentum >= 0 && momentum.isFinite, "SGD: momentum must be ≥ 0, got \(momentum)")
        precondition(dampening >= 0 && dampening <= 1, "SGD: dampening must be in [0, 1], got \(dampening)")
        precondition(weightDecay >= 0 && weightDecay.isFinite, "SGD: weight decay must be ≥ 0, got \(weightDecay)")
        precondition(!nesterov || (momentum > 0 && (dampening == 0 || momentumForm == .scikitLearn)),
                     "SGD: Nesterov momentum needs momentum > 0 and zero dampening, got momentum \(momentum), dampening \(dampening)")
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
        self.momentumForm = momentumForm
        self.state = nil
    }

    public var stepCount: Int { state?.step ?? 0 }

    public mutating func prepare(for layout: ParameterLayout) {
        let bufferCount = momentum > 0 ? layout.count : 0
        state = State(step: 0, momentumBuffer: [Float](repeating: 0, count: bufferCount))
    }

    public mutating func reset() { state = nil }

    public mutating func update(_ parameters: inout ParameterVector, along gradients: ParameterVector,
                                learningRate: Float) {
        checkUpdateArguments(parameters, gradients, learningRate: learningRate, optimizer: "SGD")
        if state == nil { prepare(for: parameters.layout) }
        // Move the state out so its buffer is uniquely referenced and mutated without a copy.
        guard var current = state.take() else { return }
        if momentum > 0 {
            checkStateCount(current.momentumBuffer.count, parameters.values.count, optimizer: "SGD")
        }
        var hyperparameters = nk_sgd_hyperparameters(
            learning_rate: learningRate, momentum: Float(momentum), one_minus_dampening: Float(1 - dampening),
            weight_decay: Float(weightDecay), nesterov: nesterov ? 1 : 0,
            first_step: current.step == 0 ? 1 : 0,
            form: momentumForm == .pytorch ? NK_SGD_PYTORCH : NK_SGD_SCIKIT_LEARN)
        let count = Int64(parameters.values.count)
        parameters.values.withUnsafeMutableBufferPointer { theta in
            gradients.values.withUnsafeBufferPointer { gradient in
                current.momentumBuffer.withUnsafeMutableBufferPointer { buffer in
                    nk_sgd_update(count, theta.baseAddress, gradient.baseAddress,
                                  momentum > 0 ? buffer.baseAddress : nil, &hyperparameters)
                }
            }
        }
        current.step += 1
        state = current
    }
}
