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
        precondition(gamma.isFinite && gamma > 0, "ExponentialDecaySchedule: γ must be > 0, got \(gamma)")
        self.initialRate = initialRate
        self.gamma = gamma
        self.clock = clock
    }

    public func rate(at position: SchedulePosition) -> Double {
        initialRate * pow(gamma, Double(clock.time(at: position)))
    }
}
