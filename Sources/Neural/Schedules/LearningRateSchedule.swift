/// A learning-rate schedule, queried by the trainer before every optimizer step.
///
/// The trainer drives a schedule with three calls, so any schedule works with any optimizer:
/// ```swift
/// for epoch in 0..<epochs {
///     for batch in batches {
///         optimizer.update(&parameters, along: gradients, learningRate: schedule.learningRate)
///         schedule.stepTaken(batchSize: batch.count)
///     }
///     let metrics = EpochMetrics(trainingLoss: loss, validationLoss: validationLoss)
///     if case .stop(let reason) = schedule.epochEnded(metrics) { … stop with `reason` … }
/// }
/// ```
/// A schedule keeps its own position (steps, epochs, samples seen) and any adaptive state; all
/// of it is `Codable`, so a resumed run gets exactly the rates an uninterrupted one would.
/// Rates are `Double`, as every hyper-parameter; the optimizer rounds the rate to `Float` once
/// where it meets the tensors.
public protocol LearningRateSchedule: Codable, Sendable {
    /// η for the next optimizer step.
    var learningRate: Double { get }

    /// Records one optimizer step on a batch of `batchSize` samples.
    mutating func stepTaken(batchSize: Int)

    /// Records the end of an epoch with its metrics; may lower the rate, or ask to stop
    /// (scikit-learn's 'adaptive' rule stops once the rate is too small to matter).
    @discardableResult
    mutating func epochEnded(_ metrics: EpochMetrics) -> ScheduleDecision
}

/// What a schedule is told at the end of each epoch.
public struct EpochMetrics: Codable, Equatable, Sendable {
    /// Mean training loss over the epoch (penalty included).
    public var trainingLoss: Double
    /// Loss on the validation set, if there is one.
    public var validationLoss: Double?
    /// A higher-is-better validation score (accuracy, R²), as scikit-learn's early stopping uses.
    public var validationScore: Double?

    public init(trainingLoss: Double, validationLoss: Double? = nil, validationScore: Double? = nil) {
        self.trainingLoss = trainingLoss
        self.validationLoss = validationLoss
        self.validationScore = validationScore
    }
}

/// A schedule's answer at the end of an epoch.
public enum ScheduleDecision: Equatable, Sendable {
    /// Keep training.
    case proceed
    /// Stop training; `reason` says why in a sentence (e.g. "the learning rate 8e-07 is ≤ 1e-06").
    case stop(reason: String)
}

/// Which epoch metric an adaptive schedule watches.
public enum MonitoredMetric: String, Codable, Sendable, CaseIterable {
    /// `EpochMetrics.trainingLoss` (lower is better).
    case trainingLoss
    /// `EpochMetrics.validationLoss` (lower is better).
    case validationLoss
    /// `EpochMetrics.validationScore` (higher is better).
    case validationScore

    /// Whether a larger value is an improvement.
    public var higherIsBetter: Bool { self == .validationScore }

    /// The watched value in `metrics`. A missing validation value is a programmer error: the
    /// trainer must not choose a validation metric without a validation set.
    public func value(in metrics: EpochMetrics) -> Double {
        switch self {
        case .trainingLoss:
            return metrics.trainingLoss
        case .validationLoss:
            guard let value = metrics.validationLoss else {
                preconditionFailure("The schedule watches the validation loss, but the epoch has none")
            }
            return value
        case .validationScore:
            guard let value = metrics.validationScore else {
                preconditionFailure("The schedule watches the validation score, but the epoch has none")
            }
            return value
        }
    }
}
