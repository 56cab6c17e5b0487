import Foundation

/// Any of the package's schedules, chosen by name, with its parameters and state.
///
/// `Codable` as `{"kind": "cosine", "cosine": { … }}`; decoding restores the schedule's position
/// and adaptive state exactly, so a resumed run continues with the same rates.
///
/// ```swift
/// var schedule = AnyLearningRateSchedule(kind: .cosine, initialRate: 1e-3, epochs: 50)
/// ```
public enum AnyLearningRateSchedule: LearningRateSchedule, Equatable {
    case constant(ConstantSchedule)
    case inverseScaling(InverseScalingSchedule)
    case plateau(PlateauSchedule)
    case scikitLearnAdaptive(ScikitLearnAdaptiveSchedule)
    case step(StepDecaySchedule)
    case exponential(ExponentialDecaySchedule)
    case cosine(CosineAnnealingSchedule)

    /// The schedule `kind` with defaults for a run of `epochs` epochs starting at `initialRate`:
    /// - `constant`: η0 throughout;
    /// - `inverse-scaling`: η0 / (epoch + 1)^0.5;
    /// - `adaptive`: PyTorch's ReduceLROnPlateau defaults on the training loss (factor 0.1,
    ///   patience 10, threshold 1e-4 relative);
    /// - `step`: ×0.1 every ⌈epochs / 3⌉ epochs;
    /// - `exponential`: ×γ per epoch with γ = 0.01^(1/epochs), so the last epoch runs near η0/100;
    /// - `cosine`: from η0 to 0 over `epochs` epochs, no warm-up;
    /// - `sklearn-invscaling`, `sklearn-adaptive`: scikit-learn's rules with power 0.5, tol 1e-4,
    ///   n_iter_no_change 10.
    /// Build the concrete type directly for other settings.
    public init(kind: ScheduleKind, initialRate: Double, epochs: Int) {
        precondition(epochs > 0, "A schedule needs a positive number of epochs, got \(epochs)")
        switch kind {
        case .constant:
            self = .constant(ConstantSchedule(rate: initialRate))
        case .inverseScaling:
            self = .inverseScaling(InverseScalingSchedule(initialRate: initialRate, power: 0.5, clock: .epochs))
        case .adaptive:
            self = .plateau(PlateauSchedule(initialRate: initialRate))
        case .step:
            self = .step(StepDecaySchedule(initialRate: initialRate, stepSize: (epochs + 2) / 3, gamma: 0.1))
        case .exponential:
            let gamma = pow(0.01, 1 / Double(epochs))
            self = .exponential(ExponentialDecaySchedule(initialRate: initialRate, gamma: gamma))
        case .cosine:
            self = .cosine(CosineAnnealingSchedule(initialRate: initialRate, period: epochs))
        case .scikitLearnInverseScaling:
            self = .inverseScaling(.scikitLearn(initialRate: initialRate))
        case .scikitLearnAdaptive:
            self = .scikitLearnAdaptive(ScikitLearnAdaptiveSchedule(initialRate: initialRate))
        }
    }

    /// Which schedule this is.
    public var kind: ScheduleKind {
        switch self {
        case .constant: .constant
        case .inverseScaling(let s): s.clock == .samples ? .scikitLearnInverseScaling : .inverseScaling
        case .plateau: .adaptive
        case .scikitLearnAdaptive: .scikitLearnAdaptive
        case .step: .step
        case .exponential: .exponential
        case .cosine: .cosine
        }
    }

    public var learningRate: Double {
        switch self {
        case .constant(let s): s.learningRate
        case .inverseScaling(let s): s.learningRate
        case .plateau(let s): s.learningRate
        case .scikitLearnAdaptive(let s): s.learningRate
        case .step(let s): s.learningRate
        case .exponential(let s): s.learningRate
        case .cosine(let s): s.learningRate
        }
    }

    public mutating func stepTaken(batchSize: Int) {
        switch self {
        case .constant(var s): s.stepTaken(batchSize: batchSize); self = .constant(s)
        case .inverseScaling(var s): s.stepTaken(batchSize: batchSize); self = .inverseScaling(s)
        case .plateau(var s): s.stepTaken(batchSize: batchSize); self = .plateau(s)
        case .scikitLearnAdaptive(var s): s.stepTaken(batchSize: batchSize); self = .scikitLearnAdaptive(s)
        case .step(var s): s.stepTaken(batchSize: batchSize); self = .step(s)
        case .exponential(var s): s.stepTaken(batchSize: batchSize); self = .exponential(s)
        case .cosine(var s): s.stepTaken(batchSize: batchSize); self = .cosine(s)
        }
    }

    @discardableResult
    public mutating func epochEnded(_ metrics: EpochMetrics) -> ScheduleDecision {
        let decision: ScheduleDecision
        switch self {
        case .constant(var s): decision = s.epochEnded(metrics); self = .constant(s)
        case .inverseScaling(var s): decision = s.epochEnded(metrics); self = .inverseScaling(s)
        case .plateau(var s): decision = s.epochEnded(metrics); self = .plateau(s)
        case .scikitLearnAdaptive(var s): decision = s.epochEnded(metrics); self = .scikitLearnAdaptive(s)
        case .step(var s): decision = s.epochEnded(metrics); self = .step(s)
        case .exponential(var s): decision = s.epochEnded(metrics); self = .exponential(s)
        case .cosine(var s): decision = s.epochEnded(metrics); self = .cosine(s)
        }
        return decision
    }
}

extension AnyLearningRateSchedule {
    private enum CodingKeys: String, CodingKey {
        case kind, constant, inverseScaling, plateau, scikitLearnAdaptive, step, exponential, cosine
    }

    private enum Case: String, Codable {
        case constant, inverseScaling, plateau, scikitLearnAdaptive, step, exponential, cosine
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Case.self, forKey: .kind) {
        case .constant: self = .constant(try container.decode(ConstantSchedule.self, forKey: .constant))
        case .inverseScaling:
            self = .inverseScaling(try container.decode(InverseScalingSchedule.self, forKey: .inverseScaling))
        case .plateau: self = .plateau(try container.decode(PlateauSchedule.self, forKey: .plateau))
        case .scikitLearnAdaptive:
            self = .scikitLearnAdaptive(try container.decode(ScikitLearnAdaptiveSchedule.self, forKey: .scikitLearnAdaptive))
        case .step: self = .step(try container.decode(StepDecaySchedule.self, forKey: .step))
        case .exponential: self = .exponential(try container.decode(ExponentialDecaySchedule.self, forKey: .exponential))
        case .cosine: self = .cosine(try container.decode(CosineAnnealingSchedule.self, forKey: .cosine))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .constant(let s):
            try container.encode(Case.constant, forKey: .kind); try container.encode(s, forKey: .constant)
        case .inverseScaling(let s):
            try container.encode(Case.inverseScaling, forKey: .kind); try container.encode(s, forKey: .inverseScaling)
        case .plateau(let s):
            try container.encode(Case.plateau, forKey: .kind); try container.encode(s, forKey: .plateau)
        case .scikitLearnAdaptive(let s):
            try container.encode(Case.scikitLearnAdaptive, forKey: .kind)
            try container.encode(s, forKey: .scikitLearnAdaptive)
        case .step(let s):
            try container.encode(Case.step, forKey: .kind); try container.encode(s, forKey: .step)
        case .exponential(let s):
            try container.encode(Case.exponential, forKey: .kind); try container.encode(s, forKey: .exponential)
        case .cosine(let s):
            try container.encode(Case.cosine, forKey: .kind); try container.encode(s, forKey: .cosine)
        }
    }
}
