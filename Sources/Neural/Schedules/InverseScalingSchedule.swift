import Foundation

/// Inverse scaling, `η_t = η0 / (t + 1)^power`, the lecture's "rate ∝ 1/t^power".
///
/// `t` is counted by `clock`:
/// - `.steps`: optimizer steps taken (the rate changes every step);
/// - `.epochs`: epochs completed;
/// - `.samples`: samples trained on up to the end of the last epoch — scikit-learn's exact
///   'invscaling' (`SGDOptimizer.iteration_ends(t_)`, with `t_ += n_samples` after each epoch):
///   the first epoch runs at η0, epoch k + 1 at η0 / (k·n + 1)^power for n samples per epoch.
public struct InverseScalingSchedule: PositionalSchedule, Equatable {
    /// What `t` counts.
    public enum Clock: String, Codable, Sendable, CaseIterable {
        case steps, epochs, samples
    }

    /// η0.
    public var initialRate: Double
    /// The exponent (scikit-learn's `power_t`, default 0.5).
    public var power: Double
    public var clock: Clock
    public var position = SchedulePosition()

    public init(initialRate: Double, power: Double = 0.5, clock: Clock = .epochs) {
        checkRate(initialRate, "InverseScalingSchedule: the initial rate")
        SettingRange.nonNegative.require(power, "InverseScalingSchedule: power")
        self.initialRate = initialRate
        self.power = power
        self.clock = clock
    }

    /// scikit-learn's `learning_rate='invscaling'`: `t` in samples, updated at epoch ends;
    /// defaults `learning_rate_init=0.001`, `power_t=0.5`.
    public static func scikitLearn(initialRate: Double = 0.001, power: Double = 0.5) -> InverseScalingSchedule {
        InverseScalingSchedule(initialRate: initialRate, power: power, clock: .samples)
    }

    public func rate(at position: SchedulePosition) -> Double {
        let t: Int
        switch clock {
        case .steps: t = position.steps
        case .epochs: t = position.epochs
        case .samples: t = position.samplesAtLastEpochEnd
        }
        return initialRate / pow(Double(t) + 1, power)
    }
}

extension InverseScalingSchedule {
    private enum CodingKeys: String, CodingKey { case initialRate, power, clock, position }

    /// Decodes the schedule with the initialiser's checks (the rate and the power finite and ≥ 0).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        initialRate = try container.decode(Double.self, forKey: .initialRate, in: .nonNegativeUnrounded)
        power = try container.decode(Double.self, forKey: .power, in: .nonNegative)
        clock = try container.decode(Clock.self, forKey: .clock)
        position = try container.decode(SchedulePosition.self, forKey: .position)
    }
}
