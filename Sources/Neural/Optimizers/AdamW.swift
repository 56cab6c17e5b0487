/// Adam with decoupled weight decay (Loshchilov & Hutter, 2019) — `torch.optim.AdamW`.
///
/// Each step first shrinks every parameter by the decoupled decay, then takes the `Adam` step on
/// the unmodified gradient (the decay does not enter m or v); the formula is in
/// <doc:OptimizersAndSchedules#Adam>. Default λ is PyTorch's 0.01.
/// The decay applies to every parameter, biases included, as PyTorch does with one parameter group.
public struct AdamW: Optimizer, Equatable {
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    /// PyTorch's or Keras / scikit-learn's placement of ε (see `AdamEpsilonPlacement`).
    public var epsilonPlacement: AdamEpsilonPlacement
    public var amsgrad: Bool
    /// λ of the decoupled decay.
    public var weightDecay: Double
    /// Moments and step count; `nil` until the first update or `prepare(for:)`.
    public internal(set) var state: AdamState?

    /// PyTorch's default learning rate, 1e-3.
    public static let defaultLearningRate: Float = 1e-3

    public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                epsilonPlacement: AdamEpsilonPlacement = .pytorch, amsgrad: Bool = false,
                weightDecay: Double = 0.01) {
        AdamHyperparameters.validate(beta1: beta1, beta2: beta2, epsilon: epsilon, name: "AdamW")
        precondition(weightDecay >= 0 && weightDecay.isFinite, "AdamW: weight decay must be ≥ 0, got \(weightDecay)")
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.epsilonPlacement = epsilonPlacement
        self.amsgrad = amsgrad
        self.weightDecay = weightDecay
        self.state = nil
    }

    public var stepCount: Int { state?.step ?? 0 }

    public mutating func prepare(for layout: ParameterLayout) {
        state = AdamState(count: layout.count, amsgrad: amsgrad)
    }

    public mutating func reset() { state = nil }

    public mutating func update(_ parameters: inout ParameterVector, along gradients: ParameterVector,
                                learningRate: Float) {
        checkUpdateArguments(parameters, gradients, learningRate: learningRate, optimizer: "AdamW")
        if state == nil { prepare(for: parameters.layout) }
        guard var current = state.take() else { return }
        adamUpdate(&parameters, along: gradients, learningRate: learningRate, state: &current,
                   hyperparameters: AdamHyperparameters(beta1: beta1, beta2: beta2, epsilon: epsilon,
                                                        epsilonPlacement: epsilonPlacement, amsgrad: amsgrad),
                   coupledWeightDecay: 0, decoupledWeightDecay: weightDecay, name: "AdamW")
        state = current
    }
}
