import Foundation

/// Step decay, `η_t = η0 · γ^⌊t / stepSize⌋` — PyTorch's `StepLR`.
public struct StepDecaySchedule: PositionalSchedule, Equatable {
    public var initialRate: Double
    /// Number of t units between decays.
    public var stepSize: Int
    /// γ, the factor applied every `stepSize` units (PyTorch's default 0.1).
    public var gamma: Double
    public var clock: ScheduleClock
    public var position = SchedulePosition()

    public init(initialRate: Double, stepSize: Int, gamma: Double = 0.1, clock: ScheduleClock = .epochs) {
        checkRate(initialRate, "StepDecaySchedule: the initial rate")
        SettingRange.require(stepSize, in: 1...Int.max, "StepDecaySchedule: stepSize")
        SettingRange.positive.require(gamma, "StepDecaySchedule: γ")
        self.initialRate = initialRate
        self.stepSize = stepSize
        self.gamma = gamma
        self.clock = clock
    }

    public func rate(at position: SchedulePosition) -> Double {
        let decays = clock.time(at: position) / stepSize
        return initialRate * pow(gamma, Double(decays))
    }
}

extension StepDecaySchedule {
    private enum CodingKeys: String, CodingKey { case initialRate, stepSize, gamma, clock, position }

    /// Decodes the schedule with the initialiser's checks (the rate finite and ≥ 0, a step size
    /// of at least 1, γ positive).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        initialRate = try container.decode(Double.self, forKey: .initialRate, in: .nonNegativeUnrounded)
        stepSize = try container.decode(Int.self, forKey: .stepSize, in: 1...Int.max)
        gamma = try container.decode(Double.self, forKey: .gamma, in: .positive)
        clock = try container.decode(ScheduleClock.self, forKey: .clock)
        position = try container.decode(SchedulePosition.self, forKey: .position)
    }
}
