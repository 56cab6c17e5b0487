/// Adam with decoupled weight decay (Loshchilov & Hutter, 2019) — `torch.optim.AdamW`: the
/// ``Adam`` rule plus the decay.
///
/// Each step first shrinks every parameter, `θ ← θ·(1 − η·λ)`, then takes `adam`'s step on the
/// unmodified gradient (the decay does not enter m or v); see <doc:OptimizersAndSchedules#Adam>.
/// Default λ is PyTorch's 0.01. The decay applies to every parameter, biases included, as
/// PyTorch does with one parameter group. The state is `adam`'s.
///
/// Encoded as Adam's settings with `weightDecay` meaning λ: `{"beta1": 0.9, …, "weightDecay": 0.01}`.
public struct AdamW: Optimizer {
    /// The Adam rule the decay is added to (without coupled weight decay).
    public let adam: Adam
    /// λ of the decoupled decay.
    public let weightDecay: Double

    /// PyTorch's default learning rate, 1e-3.
    public static let defaultLearningRate: Double = 1e-3

    /// `adam` plus decoupled decay λ = `weightDecay`; `adam` must have no coupled weight decay.
    public init(_ adam: Adam, weightDecay: Double = 0.01) {
        precondition(adam.weightDecay == 0,
                     "AdamW: the Adam rule has a coupled weight decay \(adam.weightDecay); AdamW's decay is decoupled")
        SettingRange.nonNegative.require(weightDecay, "AdamW: weight decay")
        self.adam = adam
        self.weightDecay = weightDecay
    }

    /// `torch.optim.AdamW(betas=(beta1, beta2), eps=epsilon, weight_decay=weightDecay, amsgrad=amsgrad)`.
    public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                epsilonPlacement: AdamEpsilonPlacement = .pytorch, amsgrad: Bool = false,
                weightDecay: Double = 0.01) {
        self.init(Adam(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonPlacement: epsilonPlacement,
                       amsgrad: amsgrad),
                  weightDecay: weightDecay)
    }

    public var beta1: Double { adam.beta1 }
    public var beta2: Double { adam.beta2 }
    public var epsilon: Double { adam.epsilon }
    public var epsilonPlacement: AdamEpsilonPlacement { adam.epsilonPlacement }
    public var amsgrad: Bool { adam.amsgrad }

    public var stateSlots: [String] { adam.stateSlots }

    public func update(_ parameters: inout ParameterVector, along gradients: ParameterVector,
                       learningRate: Double, state: inout OptimizerState) {
        adam.update(&parameters, along: gradients, learningRate: learningRate, state: &state,
                    decoupledWeightDecay: weightDecay, name: "AdamW")
    }
}

extension AdamW {
    private enum CodingKeys: String, CodingKey {
        case beta1, beta2, epsilon, epsilonPlacement, amsgrad, weightDecay
    }

    /// The flat form both AdamW and Adam are stored in (what model files and checkpoints hold).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        adam = Adam(unchecked: try container.decode(Double.self, forKey: .beta1, in: .fraction),
                    try container.decode(Double.self, forKey: .beta2, in: .fraction),
                    try container.decode(Double.self, forKey: .epsilon, in: .nonNegative),
                    try container.decode(AdamEpsilonPlacement.self, forKey: .epsilonPlacement),
                    try container.decode(Bool.self, forKey: .amsgrad), 0)
        weightDecay = try container.decode(Double.self, forKey: .weightDecay, in: .nonNegative)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(adam.beta1, forKey: .beta1)
        try container.encode(adam.beta2, forKey: .beta2)
        try container.encode(adam.epsilon, forKey: .epsilon)
        try container.encode(adam.epsilonPlacement, forKey: .epsilonPlacement)
        try container.encode(adam.amsgrad, forKey: .amsgrad)
        try container.encode(weightDecay, forKey: .weightDecay)
    }
}
