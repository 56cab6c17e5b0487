/// Adam (Kingma & Ba, 2014) with bias correction, optional AMSGrad and optional coupled
/// weight decay — `torch.optim.Adam` by default.
///
/// The update, its two placements of ε, AMSGrad and the weight decay are written in
/// <doc:OptimizersAndSchedules#Adam>. State: `m`, `v` (and `v_max`), one value per parameter.
/// Defaults are the paper's: β1 0.9, β2 0.999, ε 1e-8 (and η 1e-3 is the usual rate).
/// For decoupled weight decay use `AdamW`.
public struct Adam: Optimizer, Equatable {
    /// Decay rate of the first-moment average.
    public var beta1: Double
    /// Decay rate of the second-moment average.
    public var beta2: Double
    /// Added to the denominator; see `epsilonPlacement` for where.
    public var epsilon: Double
    /// PyTorch's or Keras / scikit-learn's placement of ε.
    public var epsilonPlacement: AdamEpsilonPlacement
    /// AMSGrad (Reddi et al., 2018): divide by the running maximum of v.
    public var amsgrad: Bool
    /// λ of the coupled L2 term added to the gradient (PyTorch Adam's `weight_decay`).
    public var weightDecay: Double
    /// Moments and step count; `nil` until the first update or `prepare(for:)`.
    public internal(set) var state: AdamState?

    /// The paper's learning rate, 1e-3.
    public static let defaultLearningRate: Float = 1e-3

    public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                epsilonPlacement: AdamEpsilonPlacement = .pytorch, amsgrad: Bool = false,
                weightDecay: Double = 0) {
        AdamHyperparameters.validate(beta1: beta1, beta2: beta2, epsilon: epsilon, name: "Adam")
        precondition(weightDecay >= 0 && weightDecay.isFinite, "Adam: weight decay must be ≥ 0, got \(weightDecay)")
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
        checkUpdateArguments(parameters, gradients, learningRate: learningRate, optimizer: "Adam")
        if state == nil { prepare(for: parameters.layout) }
        guard var current = state.take() else { return }
        adamUpdate(&parameters, along: gradients, learningRate: learningRate, state: &current,
                   hyperparameters: AdamHyperparameters(beta1: beta1, beta2: beta2, epsilon: epsilon,
                                                        epsilonPlacement: epsilonPlacement, amsgrad: amsgrad),
                   coupledWeightDecay: weightDecay, decoupledWeightDecay: 0, name: "Adam")
        state = current
    }
}
