import Foundation

/// Exponential decay, `η_t = η0 · γ^t` — PyTorch's `ExponentialLR`.
public struct ExponentialDecaySchedule: PositionalSchedule, Equatable {
    public var initialRate: Double
    /// γ, the factor per t unit.
    public var gamma: Double
    public var clock: ScheduleClock
    public var position = SchedulePosition()

    public init(initialRate: Double, gamma: Double, clock: ScheduleClock = .epochs) {
        checkRate(initialRate, "ExponentialDecaySchedule: the initial rate")
        SettingRange.positive.require(gamma, "ExponentialDecaySchedule: γ")
        self.initialRate = initialRate
        self.gamma = gamma
        self.clock = clock
    }

    public func rate(at position: SchedulePosition) -> Double {
        initialRate * pow(gamma, Double(clock.time(at: position)))
    }
}

extension ExponentialDecaySchedule {
    private enum CodingKeys: String, CodingKey { case initialRate, gamma, clock, position }

    /// Decodes the schedule with the initialiser's checks (the rate finite and ≥ 0, γ positive).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        initialRate = try container.decode(Double.self, forKey: .initialRate, in: .nonNegativeUnrounded)
        gamma = try container.decode(Double.self, forKey: .gamma, in: .positive)
        clock = try container.decode(ScheduleClock.self, forKey: .clock)
        position = try container.decode(SchedulePosition.self, forKey: .position)
    }
}
