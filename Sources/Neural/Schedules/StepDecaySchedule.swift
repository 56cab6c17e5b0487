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
        precondition(stepSize > 0, "StepDecaySchedule: stepSize must be > 0, got \(stepSize)")
        precondition(gamma.isFinite && gamma > 0, "StepDecaySchedule: γ must be > 0, got \(gamma)")
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
