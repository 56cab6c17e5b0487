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

extension ConstantSchedule {
    private enum CodingKeys: String, CodingKey { case rate, position }

    /// Decodes the schedule with the initialiser's check (the rate finite and ≥ 0).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rate = try container.decode(Double.self, forKey: .rate, in: .nonNegativeUnrounded)
        position = try container.decode(SchedulePosition.self, forKey: .position)
    }
}
