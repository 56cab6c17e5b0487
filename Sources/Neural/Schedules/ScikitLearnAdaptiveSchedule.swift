/// scikit-learn's exact `learning_rate='adaptive'` rule for `MLPClassifier`/`MLPRegressor`.
///
/// The rate stays at η0 while the monitored metric keeps improving. At the end of each epoch
/// (`BaseMultilayerPerceptron._update_no_improvement_count`, then `SGDOptimizer.trigger_stopping`):
/// ```
/// loss (lower is better):   if a > best − tol { count += 1 } else { count = 0 };  if a < best { best = a }
/// score (higher is better): if a < best + tol { count += 1 } else { count = 0 };  if a > best { best = a }
/// if count > n_iter_no_change {
///     if η ≤ 1e-6 { stop }  else { η = η / 5; count = 0 }
/// }
/// ```
/// `best` follows every new best value, even one that did not beat the old by `tol`. scikit-learn
/// watches the training loss, or the validation score when `early_stopping=True`. It applies
/// this rule to `solver='sgd'` only (with Adam, the same trigger stops training instead); here it
/// works with any optimizer. Defaults are scikit-learn's: η0 0.001, tol 1e-4, n_iter_no_change 10.
public struct ScikitLearnAdaptiveSchedule: LearningRateSchedule, Equatable {
    public var monitor: MonitoredMetric
    /// `tol`: the improvement that counts.
    public var tolerance: Double
    /// `n_iter_no_change`: the rate is divided once more than this many epochs did not improve.
    public var patience: Int
    /// The divisor applied on a plateau (5).
    public var divisor: Double
    /// Training stops at a plateau once the rate is at or below this (1e-6).
    public var minimumRate: Double

    /// The current rate.
    public private(set) var rate: Double
    /// The no-improvement counter and best value.
    public private(set) var counter: ScikitLearnNoImprovementCounter

    public init(initialRate: Double = 0.001, monitor: MonitoredMetric = .trainingLoss,
                tolerance: Double = 1e-4, patience: Int = 10, divisor: Double = 5,
                minimumRate: Double = 1e-6) {
        checkRate(initialRate, "ScikitLearnAdaptiveSchedule: the initial rate")
        checkRate(minimumRate, "ScikitLearnAdaptiveSchedule: the minimum rate")
        SettingRange.require(patience, in: 0...Int.max, "ScikitLearnAdaptiveSchedule: patience")
        SettingRange.aboveOne.require(divisor, "ScikitLearnAdaptiveSchedule: divisor")
        self.monitor = monitor
        self.tolerance = tolerance
        self.patience = patience
        self.divisor = divisor
        self.minimumRate = minimumRate
        self.rate = initialRate
        self.counter = ScikitLearnNoImprovementCounter(higherIsBetter: monitor.higherIsBetter, tolerance: tolerance)
    }

    public var learningRate: Double { rate }

    public mutating func stepTaken(batchSize: Int) {}

    @discardableResult
    public mutating func epochEnded(_ metrics: EpochMetrics) -> ScheduleDecision {
        counter.record(monitor.value(in: metrics))
        guard counter.count > patience else { return .proceed }
        if rate <= minimumRate {
            return .stop(reason: "\(monitor.rawValue) did not improve by more than \(tolerance) for "
                         + "\(patience) consecutive epochs and the learning rate \(rate) is ≤ \(minimumRate)")
        }
        rate /= divisor
        counter.count = 0
        return .proceed
    }
}

/// scikit-learn's count of consecutive epochs without an improvement by more than `tol`
/// (`_no_improvement_count`, `best_loss_`, `best_validation_score_`).
///
/// scikit-learn also uses it to stop training (constant and 'invscaling' rates, and Adam) once
/// `count > n_iter_no_change`: a trainer reproducing that can keep one of these.
public struct ScikitLearnNoImprovementCounter: Codable, Equatable, Sendable {
    /// Whether larger values are better (a validation score) or smaller (a loss).
    public var higherIsBetter: Bool
    public var tolerance: Double
    /// Consecutive epochs without improvement.
    public var count: Int = 0
    /// Best value so far; `nil` before the first (scikit-learn's ±∞).
    public private(set) var best: Double?

    public init(higherIsBetter: Bool, tolerance: Double) {
        SettingRange.finiteUnrounded.require(tolerance, "ScikitLearnNoImprovementCounter: tolerance")
        self.higherIsBetter = higherIsBetter
        self.tolerance = tolerance
    }

    /// Records one epoch's value.
    public mutating func record(_ value: Double) {
        if higherIsBetter {
            // With no best yet (scikit-learn's −∞), `value < −∞ + tol` is false: not worse.
            let worse = best.map { value < $0 + tolerance } ?? false
            count = worse ? count + 1 : 0
            if best.map({ value > $0 }) ?? (value > -.infinity) { best = value }
        } else {
            // With no best yet (scikit-learn's +∞), `value > +∞ − tol` is false: not worse.
            let worse = best.map { value > $0 - tolerance } ?? false
            count = worse ? count + 1 : 0
            if best.map({ value < $0 }) ?? (value < .infinity) { best = value }
        }
    }
}

extension ScikitLearnAdaptiveSchedule {
    private enum CodingKeys: String, CodingKey { case monitor, tolerance, patience, divisor, minimumRate, rate, counter }

    /// Decodes the schedule and its state with the initialiser's checks (a finite tolerance,
    /// patience ≥ 0, divisor > 1, rates finite and ≥ 0).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        monitor = try container.decode(MonitoredMetric.self, forKey: .monitor)
        tolerance = try container.decode(Double.self, forKey: .tolerance, in: .finiteUnrounded)
        patience = try container.decode(Int.self, forKey: .patience, in: 0...Int.max)
        divisor = try container.decode(Double.self, forKey: .divisor, in: .aboveOne)
        minimumRate = try container.decode(Double.self, forKey: .minimumRate, in: .nonNegativeUnrounded)
        rate = try container.decode(Double.self, forKey: .rate, in: .nonNegativeUnrounded)
        counter = try container.decode(ScikitLearnNoImprovementCounter.self, forKey: .counter)
    }
}

extension ScikitLearnNoImprovementCounter {
    private enum CodingKeys: String, CodingKey { case higherIsBetter, tolerance, count, best }

    /// Decodes the counter with the initialiser's check (a finite tolerance), a count ≥ 0 and a
    /// finite best value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        higherIsBetter = try container.decode(Bool.self, forKey: .higherIsBetter)
        tolerance = try container.decode(Double.self, forKey: .tolerance, in: .finiteUnrounded)
        count = try container.decode(Int.self, forKey: .count, in: 0...Int.max)
        best = try container.decodeIfPresent(Double.self, forKey: .best, in: .finiteUnrounded)
    }
}
