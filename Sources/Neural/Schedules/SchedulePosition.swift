/// How far training has gone, as a schedule counts it.
public struct SchedulePosition: Codable, Equatable, Sendable {
    /// Optimizer steps taken.
    public var steps: Int = 0
    /// Epochs completed.
    public var epochs: Int = 0
    /// Samples trained on so far.
    public var samples: Int = 0
    /// Samples trained on up to the end of the last completed epoch (scikit-learn's `t_`).
    public var samplesAtLastEpochEnd: Int = 0

    public init() {}

    /// Records a step on `batchSize` samples.
    public mutating func recordStep(batchSize: Int) {
        precondition(batchSize > 0, "A step needs a positive batch size, got \(batchSize)")
        steps += 1
        samples += batchSize
    }

    /// Records the end of an epoch.
    public mutating func recordEpochEnd() {
        epochs += 1
        samplesAtLastEpochEnd = samples
    }
}

/// The unit a position-based schedule counts `t` in.
public enum ScheduleClock: String, Codable, Sendable, CaseIterable {
    /// t = optimizer steps taken; the rate changes every step.
    case steps
    /// t = epochs completed; the rate changes at the end of each epoch (PyTorch's usual
    /// `scheduler.step()` once per epoch).
    case epochs

    /// t at `position`.
    public func time(at position: SchedulePosition) -> Int {
        switch self {
        case .steps: position.steps
        case .epochs: position.epochs
        }
    }
}

/// A schedule whose rate is a pure function of the training position.
///
/// Conforming types implement `rate(at:)` and store `position`; the protocol supplies the
/// `LearningRateSchedule` requirements.
public protocol PositionalSchedule: LearningRateSchedule {
    /// Where training is.
    var position: SchedulePosition { get set }
    /// The rate at `position`, in Double.
    func rate(at position: SchedulePosition) -> Double
}

extension PositionalSchedule {
    public var learningRate: Double { rate(at: position) }

    public mutating func stepTaken(batchSize: Int) {
        position.recordStep(batchSize: batchSize)
    }

    @discardableResult
    public mutating func epochEnded(_ metrics: EpochMetrics) -> ScheduleDecision {
        position.recordEpochEnd()
        return .proceed
    }
}

/// Checks a rate given to a schedule.
@inline(__always)
func checkRate(_ rate: Double, _ name: String) {
    SettingRange.nonNegativeUnrounded.require(rate, name)
}

extension SchedulePosition {
    private enum CodingKeys: String, CodingKey { case steps, epochs, samples, samplesAtLastEpochEnd }

    /// Decodes a position, refusing negative counts.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        steps = try container.decode(Int.self, forKey: .steps, in: 0...Int.max)
        epochs = try container.decode(Int.self, forKey: .epochs, in: 0...Int.max)
        samples = try container.decode(Int.self, forKey: .samples, in: 0...Int.max)
        samplesAtLastEpochEnd = try container.decode(Int.self, forKey: .samplesAtLastEpochEnd, in: 0...Int.max)
    }
}
