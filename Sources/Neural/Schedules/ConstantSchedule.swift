/// η_t = η for every step (scikit-learn's and Keras's default).
public struct ConstantSchedule: PositionalSchedule, Equatable {
    public var rate: Double
    public var position = SchedulePosition()

    public init(rate: Double) {
        checkRate(rate, "ConstantSchedule: the rate")
        self.rate = rate
    }

    public func rate(at position: SchedulePosition) -> Double { rate }
}
