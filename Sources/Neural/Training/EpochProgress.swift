/// Where a training run stands inside an epoch it was paused in (see the `pauseRequested`
/// argument of `Trainer.fit`): everything the rest of the epoch needs to go on exactly as if it
/// had not stopped. The generator after the pause (dropout masks drawn so far) is the state's own
/// `generator`; the parameters, the optimizer and the schedule are in their usual places.
public struct EpochProgress: Codable, Equatable, Sendable {
    /// Batches of the epoch already trained, and how many the epoch has (⌈rows / batch size⌉).
    public var batches: Int
    public var batchCount: Int
    /// Σ (batch loss × batch rows) over the batches trained, for the epoch's mean loss (the sum
    /// goes on in the same order, so the mean comes out bit for bit).
    public var lossSum: Double
    /// Correct predictions among the rows trained (the running training accuracy; 0 for values).
    public var correct: Int
    /// The generator as it was before the epoch's shuffle: shuffling with a copy of it gives the
    /// epoch's order again, so the order needs no storing (it may have millions of rows).
    public var generatorBeforeShuffle: SeededGenerator

    /// The start of an epoch of `batchCount` batches whose shuffle draws from `generator`.
    public init(batchCount: Int, generatorBeforeShuffle: SeededGenerator) {
        self.batches = 0
        self.batchCount = batchCount
        self.lossSum = 0
        self.correct = 0
        self.generatorBeforeShuffle = generatorBeforeShuffle
    }
}
