import Foundation

/// Cosine annealing with an optional linear warm-up.
///
/// With W = `warmUpLength`, s = `warmUpStartFactor`, T = `period`:
/// ```
/// t < W:  η_t = η0 · (s + (1 − s) · t / W)                                  (PyTorch's LinearLR)
/// t ≥ W:  η_t = η_min + (η0 − η_min) · (1 + cos(π · (t − W) / T)) / 2       (CosineAnnealingLR,
///                                                                            closed form)
/// ```
/// This is PyTorch's `SequentialLR([LinearLR(s, 1, W), CosineAnnealingLR(T, η_min)], [W])`.
/// As in PyTorch's closed form, past t = W + T the cosine rises again; choose T so that
/// W + T is the length of training.
public struct CosineAnnealingSchedule: PositionalSchedule, Equatable {
    /// η0, the rate at the end of warm-up.
    public var initialRate: Double
    /// η_min, the rate reached after `period`.
    public var minimumRate: Double
    /// T, the length of the cosine half-wave in `clock` units.
    public var period: Int
    /// W, the number of `clock` units of linear warm-up (0 for none).
    public var warmUpLength: Int
    /// s, the fraction of η0 the warm-up starts from.
    public var warmUpStartFactor: Double
    public var clock: ScheduleClock
    public var position = SchedulePosition()

    public init(initialRate: Double, period: Int, minimumRate: Double = 0,
                warmUpLength: Int = 0, warmUpStartFactor: Double = 0.1, clock: ScheduleClock = .epochs) {
        checkRate(initialRate, "CosineAnnealingSchedule: the initial rate")
        checkRate(minimumRate, "CosineAnnealingSchedule: the minimum rate")
        SettingRange.require(period, in: 1...Int.max, "CosineAnnealingSchedule: period")
        SettingRange.require(warmUpLength, in: 0...Int.max, "CosineAnnealingSchedule: warm-up length")
        SettingRange.positiveUpToOne.require(warmUpStartFactor, "CosineAnnealingSchedule: warm-up start factor")
        self.initialRate = initialRate
        self.minimumRate = minimumRate
        self.period = period
        self.warmUpLength = warmUpLength
        self.warmUpStartFactor = warmUpStartFactor
        self.clock = clock
    }

    public func rate(at position: SchedulePosition) -> Double {
        let t = clock.time(at: position)
        if t < warmUpLength {
            let fraction = Double(t) / Double(warmUpLength)
            return initialRate * (warmUpStartFactor + (1 - warmUpStartFactor) * fraction)
        }
        let phase = Double.pi * Double(t - warmUpLength) / Double(period)
        return minimumRate + (initialRate - minimumRate) * (1 + cos(phase)) / 2
    }
}

extension CosineAnnealingSchedule {
    private enum CodingKeys: String, CodingKey {
        case initialRate, minimumRate, period, warmUpLength, warmUpStartFactor, clock, position
    }

    /// Decodes the schedule with the initialiser's checks (rates finite and ≥ 0, a period of at
    /// least 1, a warm-up length ≥ 0 and start factor in (0, 1]).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        initialRate = try container.decode(Double.self, forKey: .initialRate, in: .nonNegativeUnrounded)
        minimumRate = try container.decode(Double.self, forKey: .minimumRate, in: .nonNegativeUnrounded)
        period = try container.decode(Int.self, forKey: .period, in: 1...Int.max)
        warmUpLength = try container.decode(Int.self, forKey: .warmUpLength, in: 0...Int.max)
        warmUpStartFactor = try container.decode(Double.self, forKey: .warmUpStartFactor, in: .positiveUpToOne)
        clock = try container.decode(ScheduleClock.self, forKey: .clock)
        position = try container.decode(SchedulePosition.self, forKey: .position)
    }
}
