/// Everything a training run carries from one epoch (or batch) to the next, so that training can
/// be saved and resumed with exactly the result of an uninterrupted run: the optimizer's state
/// (moments and step count; its rule is the configuration's), the schedule's position, the
/// random generator, early-stopping bookkeeping, the history, and the position inside an epoch
/// when the run paused there.
public struct TrainerState: Codable, Equatable, Sendable {
    /// Completed epochs.
    public var epoch: Int = 0
    /// Optimizer steps taken.
    public var step: Int = 0
    /// The state of `TrainingConfiguration.optimizer`'s rule: its per-parameter arrays and step
    /// count. Empty until the trainer makes it for the network.
    public var optimizerState = OptimizerState()
    public var schedule: AnyLearningRateSchedule
    /// Drives shuffling and dropout.
    public var generator: SeededGenerator
    public var earlyStopping: EarlyStopping?
    public var convergence: ScikitLearnNoImprovementCounter?
    /// The best epoch's parameters, kept when early stopping restores them.
    public var bestParameters: [Float]?
    public var history = History()
    /// Whether the run has ended (all epochs ran, or a stopping rule fired).
    public var finished = false
    /// Set while the run is paused inside epoch `epoch + 1` (`fit` was asked to pause after a
    /// batch); the next `fit` goes on from there. Nil between epochs.
    public var epochProgress: EpochProgress?

    /// The state at the start of training with `configuration` (the optimizer's arrays are made
    /// by the `Trainer`, which knows the network).
    public init(configuration: TrainingConfiguration) {
        schedule = configuration.makeSchedule()
        // The generator for training is derived from the seed but differs from the one that
        // initialised the weights, so that the same seed does not correlate the two streams.
        generator = SeededGenerator(seed: configuration.seed ^ 0x5DEE_CE66_D1CE_5EED)
        earlyStopping = configuration.earlyStopping
        earlyStopping?.reset()
        convergence = configuration.convergence.map {
            ScikitLearnNoImprovementCounter(higherIsBetter: false, tolerance: $0.tolerance)
        }
    }
}

extension TrainerState {
    private enum CodingKeys: String, CodingKey {
        case epoch, step, optimizerState, schedule, generator, earlyStopping, convergence, bestParameters,
             history, finished, epochProgress
        /// Checkpoints written before the rule and its state were apart: the rule with its state.
        case optimizer
    }

    /// Reads the state, also in the form of checkpoints written before the optimizer's rule and
    /// its state were apart (key `optimizer`: the rule with its state inside, see
    /// `SavedOptimizerWithState`); their copy of the rule is read for the arrays' names only, as
    /// the configuration holds the rule.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        epoch = try container.decode(Int.self, forKey: .epoch)
        step = try container.decode(Int.self, forKey: .step)
        if container.contains(.optimizerState) || !container.contains(.optimizer) {
            optimizerState = try container.decode(OptimizerState.self, forKey: .optimizerState)
        } else {
            optimizerState = try container.decode(SavedOptimizerWithState.self, forKey: .optimizer).state
        }
        schedule = try container.decode(AnyLearningRateSchedule.self, forKey: .schedule)
        generator = try container.decode(SeededGenerator.self, forKey: .generator)
        earlyStopping = try container.decodeIfPresent(EarlyStopping.self, forKey: .earlyStopping)
        convergence = try container.decodeIfPresent(ScikitLearnNoImprovementCounter.self, forKey: .convergence)
        bestParameters = try container.decodeIfPresent([Float].self, forKey: .bestParameters)
        history = try container.decode(History.self, forKey: .history)
        finished = try container.decode(Bool.self, forKey: .finished)
        epochProgress = try container.decodeIfPresent(EpochProgress.self, forKey: .epochProgress)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(epoch, forKey: .epoch)
        try container.encode(step, forKey: .step)
        try container.encode(optimizerState, forKey: .optimizerState)
        try container.encode(schedule, forKey: .schedule)
        try container.encode(generator, forKey: .generator)
        try container.encodeIfPresent(earlyStopping, forKey: .earlyStopping)
        try container.encodeIfPresent(convergence, forKey: .convergence)
        try container.encodeIfPresent(bestParameters, forKey: .bestParameters)
        try container.encode(history, forKey: .history)
        try container.encode(finished, forKey: .finished)
        try container.encodeIfPresent(epochProgress, forKey: .epochProgress)
    }
}
