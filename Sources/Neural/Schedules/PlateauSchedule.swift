/// Reduce the rate when a metric stops improving — PyTorch's `ReduceLROnPlateau`, exactly.
///
/// At the end of each epoch, with `a` the monitored value and `best` the best so far:
/// ```
/// better = a < best·(1 − threshold)   (minimise, relative)    a < best − threshold  (minimise, absolute)
///          a > best·(1 + threshold)   (maximise, relative)    a > best + threshold  (maximise, absolute)
/// if better { best = a; bad = 0 } else { bad += 1 }
/// if cooldown > 0 { cooldown -= 1; bad = 0 }          // bad epochs are ignored during cooldown
/// if bad > patience {
///     new = max(η·factor, minimumRate); if η − new > epsilon { η = new }
///     cooldown = cooldownLength; bad = 0
/// }
/// ```
/// PyTorch's defaults: factor 0.1, patience 10, threshold 1e-4 relative, no cooldown, minimum 0,
/// ε 1e-8. The rate does not change between epoch ends.
public struct PlateauSchedule: LearningRateSchedule, Equatable {
    /// Whether smaller or larger values of the monitored metric are better.
    public enum Mode: String, Codable, Sendable, CaseIterable {
        case minimize, maximize
    }

    /// How `threshold` defines a significant improvement.
    public enum ThresholdMode: String, Codable, Sendable, CaseIterable {
        /// Better by a fraction `threshold` of the best value.
        case relative
        /// Better by `threshold` in absolute terms.
        case absolute
    }

    public var monitor: MonitoredMetric
    public var mode: Mode
    /// Multiplier applied on a plateau, in (0, 1).
    public var factor: Double
    /// Epochs without improvement tolerated before reducing.
    public var patience: Int
    public var threshold: Double
    public var thresholdMode: ThresholdMode
    /// Epochs to wait after a reduction before counting bad epochs again.
    public var cooldown: Int
    public var minimumRate: Double
    /// Reductions smaller than this are skipped.
    public var epsilon: Double

    /// The current rate.
    public private(set) var rate: Double
    /// The best monitored value so far; `nil` before the first epoch (PyTorch's ±∞).
    public private(set) var best: Double?
    /// Consecutive epochs without significant improvement.
    public private(set) var badEpochs: Int = 0
    /// Epochs of cooldown remaining.
    public private(set) var cooldownRemaining: Int = 0

    /// A plateau schedule starting at `initialRate`. `mode` defaults to `.maximize` for a
    /// higher-is-better metric (`.validationScore`) and to `.minimize` for a loss.
    public init(initialRate: Double, monitor: MonitoredMetric = .trainingLoss, mode: Mode? = nil,
                factor: Double = 0.1, patience: Int = 10, threshold: Double = 1e-4,
                thresholdMode: ThresholdMode = .relative, cooldown: Int = 0,
                minimumRate: Double = 0, epsilon: Double = 1e-8) {
        checkRate(initialRate, "PlateauSchedule: the initial rate")
        checkRate(minimumRate, "PlateauSchedule: the minimum rate")
        SettingRange.openFraction.require(factor, "PlateauSchedule: factor")
        SettingRange.require(patience, in: 0...Int.max, "PlateauSchedule: patience")
        SettingRange.nonNegative.require(threshold, "PlateauSchedule: threshold")
        SettingRange.require(cooldown, in: 0...Int.max, "PlateauSchedule: cooldown")
        SettingRange.nonNegative.require(epsilon, "PlateauSchedule: ε")
        self.monitor = monitor
        self.mode = mode ?? (monitor.higherIsBetter ? .maximize : .minimize)
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.thresholdMode = thresholdMode
        self.cooldown = cooldown
        self.minimumRate = minimumRate
        self.epsilon = epsilon
        self.rate = initialRate
    }

    public var learningRate: Double { rate }

    public mutating func stepTaken(batchSize: Int) {}

    /// Whether `value` improves significantly on `best` (PyTorch's `_is_better`).
    public func isBetter(_ value: Double, than best: Double?) -> Bool {
        // No best yet stands for PyTorch's initial +∞ (minimise) or −∞ (maximise): any finite
        // value is better, NaN is not.
        guard let best else { return mode == .minimize ? value < .infinity : value > -.infinity }
        switch (mode, thresholdMode) {
        case (.minimize, .relative): return value < best * (1 - threshold)
        case (.minimize, .absolute): return value < best - threshold
        case (.maximize, .relative): return value > best * (threshold + 1)
        case (.maximize, .absolute): return value > best + threshold
        }
    }

    @discardableResult
    public mutating func epochEnded(_ metrics: EpochMetrics) -> ScheduleDecision {
        let value = monitor.value(in: metrics)
        if isBetter(value, than: best) {
            best = value
            badEpochs = 0
        } else {
            badEpochs += 1
        }
        if cooldownRemaining > 0 {
            cooldownRemaining -= 1
            badEpochs = 0
        }
        if badEpochs > patience {
            let reduced = max(rate * factor, minimumRate)
            if rate - reduced > epsilon { rate = reduced }
            cooldownRemaining = cooldown
            badEpochs = 0
        }
        return .proceed
    }
}

extension PlateauSchedule {
    private enum CodingKeys: String, CodingKey {
        case monitor, mode, factor, patience, threshold, thresholdMode, cooldown, minimumRate, epsilon, rate, best,
             badEpochs, cooldownRemaining
    }

    /// Decodes the schedule and its state with the initialiser's checks (factor in (0, 1),
    /// threshold and ε finite and ≥ 0, counts ≥ 0, rates finite and ≥ 0, a best value finite).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        monitor = try container.decode(MonitoredMetric.self, forKey: .monitor)
        mode = try container.decode(Mode.self, forKey: .mode)
        factor = try container.decode(Double.self, forKey: .factor, in: .openFraction)
        patience = try container.decode(Int.self, forKey: .patience, in: 0...Int.max)
        threshold = try container.decode(Double.self, forKey: .threshold, in: .nonNegative)
        thresholdMode = try container.decode(ThresholdMode.self, forKey: .thresholdMode)
        cooldown = try container.decode(Int.self, forKey: .cooldown, in: 0...Int.max)
        minimumRate = try container.decode(Double.self, forKey: .minimumRate, in: .nonNegativeUnrounded)
        epsilon = try container.decode(Double.self, forKey: .epsilon, in: .nonNegative)
        rate = try container.decode(Double.self, forKey: .rate, in: .nonNegativeUnrounded)
        best = try container.decodeIfPresent(Double.self, forKey: .best, in: .finiteUnrounded)
        badEpochs = try container.decode(Int.self, forKey: .badEpochs, in: 0...Int.max)
        cooldownRemaining = try container.decode(Int.self, forKey: .cooldownRemaining, in: 0...Int.max)
    }
}
