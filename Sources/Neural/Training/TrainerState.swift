/// Everything a training run carries from one epoch (or batch) to the next, so that training can
/// be saved and resumed with exactly the result of an uninterrupted run: the optimiser's moments,
/// the schedule's position, the random generator, early-stopping bookkeeping, the history, and
/// the position inside an epoch when the run paused there.
public struct TrainerState: Codable, Equatable, Sendable {
    /// Completed epochs.
    public var epoch: Int = 0
    /// Optimiser steps taken.
    public var step: Int = 0
    public var optimizer: AnyOptimizer
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

    /// The state at the start of training with `configuration`.
    public init(configuration: TrainingConfiguration) {
        optimizer = configuration.optimizer
        optimizer.reset()
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
