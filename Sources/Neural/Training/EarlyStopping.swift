/// Stops training when a monitored quantity has stopped improving, and remembers the best epoch.
///
/// An epoch improves when its value beats the best so far by more than `minimumDelta`
/// (`value < best − minimumDelta` for a quantity to minimise, `value > best + minimumDelta` to
/// maximise). After `patience` epochs in a row without improvement, `observe` answers `.stop`.
/// This is Keras's `EarlyStopping(monitor, min_delta, patience, restore_best_weights)`.
public struct EarlyStopping: Codable, Equatable, Sendable {
    /// The quantity watched at the end of each epoch.
    public enum Monitor: Codable, Equatable, Sendable {
        /// The validation loss (falls back to nothing: training without validation data cannot use it).
        case validationLoss
        /// The training loss.
        case trainingLoss
        /// A validation metric by name, e.g. `accuracy`; `higherIsBetter` sets the direction.
        case validationMetric(name: String, higherIsBetter: Bool)
    }

    /// What the monitor saw at the end of an epoch.
    public enum Decision: Equatable, Sendable {
        case improved
        case noImprovement
        case stop
    }

    public var monitor: Monitor
    /// Epochs without improvement tolerated before stopping (≥ 1).
    public var patience: Int
    /// The smallest change that counts as an improvement (≥ 0).
    public var minimumDelta: Double
    /// Put back the weights of the best epoch when training ends.
    public var restoreBestWeights: Bool

    /// Best value seen so far, and its 1-based epoch.
    public private(set) var bestValue: Double?
    public private(set) var bestEpoch: Int?
    /// Epochs since the last improvement.
    public private(set) var epochsWithoutImprovement = 0

    public init(monitor: Monitor = .validationLoss, patience: Int = 10, minimumDelta: Double = 0,
                restoreBestWeights: Bool = true) {
        SettingRange.require(patience, in: 1...Int.max, "EarlyStopping patience")
        SettingRange.nonNegative.require(minimumDelta, "EarlyStopping minimumDelta")
        self.monitor = monitor
        self.patience = patience
        self.minimumDelta = minimumDelta
        self.restoreBestWeights = restoreBestWeights
    }

    private var higherIsBetter: Bool {
        if case .validationMetric(_, let higher) = monitor { return higher }
        return false
    }

    /// Records `value` for `epoch` (1-based) and says whether it improved or training should stop.
    public mutating func observe(_ value: Double, epoch: Int) -> Decision {
        let improved: Bool
        if let best = bestValue {
            improved = higherIsBetter ? value > best + minimumDelta : value < best - minimumDelta
        } else {
            improved = value.isFinite
        }
        if improved {
            bestValue = value
            bestEpoch = epoch
            epochsWithoutImprovement = 0
            return .improved
        }
        epochsWithoutImprovement += 1
        return epochsWithoutImprovement >= patience ? .stop : .noImprovement
    }

    /// Clears what was observed, keeping the settings.
    public mutating func reset() {
        bestValue = nil
        bestEpoch = nil
        epochsWithoutImprovement = 0
    }
}

extension EarlyStopping {
    private enum CodingKeys: String, CodingKey {
        case monitor, patience, minimumDelta, restoreBestWeights, bestValue, bestEpoch, epochsWithoutImprovement
    }

    /// Decodes the rule and its progress with the initialiser's checks (`--patience` at least 1,
    /// the minimum delta finite and ≥ 0, a best value finite, counts not negative), throwing
    /// `DecodingError.dataCorrupted` at the field that is out of range.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        monitor = try container.decode(Monitor.self, forKey: .monitor)
        patience = try container.decode(Int.self, forKey: .patience, in: 1...Int.max)
        minimumDelta = try container.decode(Double.self, forKey: .minimumDelta, in: .nonNegative)
        restoreBestWeights = try container.decode(Bool.self, forKey: .restoreBestWeights)
        bestValue = try container.decodeIfPresent(Double.self, forKey: .bestValue, in: .finiteUnrounded)
        if container.contains(.bestEpoch) {
            bestEpoch = try container.decode(Int.self, forKey: .bestEpoch, in: 0...Int.max)
        }
        epochsWithoutImprovement = try container.decode(Int.self, forKey: .epochsWithoutImprovement, in: 0...Int.max)
    }
}
