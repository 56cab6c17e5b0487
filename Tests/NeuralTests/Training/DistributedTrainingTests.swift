import Foundation
import Testing
import NeuralTestSupport
@testable import Neural

/// Data-parallel training through the `Communicator` protocol, without MPI: the one-process
/// communicator, and ranks as threads (`ThreadGroupCommunicator`), which run the same code path
/// as `mpirun` ranks. The MPI runs themselves are tested in `.ci/mpi.sh`.
@Suite struct DistributedTrainingTests {
    @Test func singleProcessCollectivesLeaveTheirBuffers() {
        let communicator = SingleProcessCommunicator()
        #expect(communicator.rank == 0 && communicator.size == 1 && !communicator.isDistributed)
        var floats: [Float] = [1, -2, 3.5]
        communicator.allReduceSum(&floats)
        #expect(floats == [1, -2, 3.5])
        var doubles: [Double] = [0.25, 7]
        communicator.allReduceSum(&doubles)
        #expect(doubles == [0.25, 7])
        var bytes: [UInt8] = [9, 8, 7]
        bytes.withUnsafeMutableBytes { communicator.broadcast($0, from: 0) }
        #expect(bytes == [9, 8, 7])
        #expect(communicator.allGather([1, 2]) == [[1, 2]])
        communicator.barrier()
        #expect(communicator.share(of: 10) == 0..<10)
    }

    /// The shares of every count among 1…5 ranks tile `0..<count` in rank order and differ by at most one row.
    @Test func sharesTileTheRows() {
        for size in 1...5 {
            for count in 0...23 {
                let shares = (0..<size).map { contiguousShare(of: count, rank: $0, size: size) }
                #expect(shares.first?.lowerBound == 0 && shares.last?.upperBound == count)
                for index in 1..<size { #expect(shares[index].lowerBound == shares[index - 1].upperBound) }
                let sizes = shares.map(\.count)
                #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
            }
        }
    }

    /// Every position of every rank's order is trained exactly once per epoch, in `batchCount`
    /// batches, whether the ranks hold all rows (positions are global) or their own shard.
    @Test(arguments: [(10, 3, 3), (100, 32, 2), (7, 32, 3), (31, 4, 4)])
    func batchPlansCoverEveryRowOnce(rows: Int, batch: Int, ranks: Int) {
        let batchCount = (rows + batch - 1) / batch
        var seen = [Int](repeating: 0, count: rows)
        for rank in 0..<ranks {
            let plan = BatchPlan(batchSize: batch, batchCount: batchCount, globalCount: rows, localCount: rows,
                                 sharded: false, rank: rank, size: ranks)
            for index in 0..<batchCount { for position in plan.positions(ofBatch: index) { seen[position] += 1 } }
        }
        #expect(seen == [Int](repeating: 1, count: rows))
        // Sharded: rank r holds its own rows; each is trained once, over the same batch count.
        let shardSizes = (0..<ranks).map { contiguousShare(of: rows, rank: $0, size: ranks).count }
        for rank in 0..<ranks {
            let plan = BatchPlan(batchSize: batch, batchCount: batchCount, globalCount: rows,
                                 localCount: shardSizes[rank], sharded: true, rank: rank, size: ranks)
            var positions: [Int] = []
            for index in 0..<batchCount { positions += plan.positions(ofBatch: index) }
            #expect(positions == Array(0..<shardSizes[rank]))
        }
    }

    /// A batch cut in two parts: each part's mean times its weight total, summed and divided by
    /// the total weight, is the whole batch's weighted mean (the definition in `Loss`), for each
    /// loss with and without class weights.
    @Test func weightTotalsPutABatchBackTogether() {
        var generator = SeededGenerator(seed: 11)
        let rows = 7
        let logits = Matrix(rows: rows, columns: 3, storage: (0..<(rows * 3)).map { _ in Float(generator.nextNormal()) })
        let labels = Matrix(rows: rows, columns: 1, storage: [0, 2, 1, 1, 0, 2, 2])
        let values = Matrix(rows: rows, columns: 3, storage: (0..<(rows * 3)).map { _ in Float(generator.nextNormal()) })
        let binary = Matrix(rows: rows, columns: 3, storage: (0..<(rows * 3)).map { index in Float(index % 2) })
        let cases: [(Loss, Matrix)] = [
            (.categoricalCrossEntropy, labels),
            (Loss(.categoricalCrossEntropy, classWeights: [0.5, 2, 1.25]), labels),
            (Loss(.binaryCrossEntropy, classWeights: [0.3, 1.7]), binary),
            (Loss(.meanSquaredError(halved: true)), values),
            (Loss(.huber(delta: 1), classWeights: [1, 2, 3]), values),
        ]
        for (loss, targets) in cases {
            let whole = loss.value(logits: logits, targets: targets)
            var weightedSum = 0.0
            var totalWeight = 0.0
            for part in [0..<3, 3..<rows] {
                let z = Matrix(rows: part.count, columns: 3, storage: Array(logits.storage[(part.lowerBound * 3)..<(part.upperBound * 3)]))
                let width = targets.columns
                let y = Matrix(rows: part.count, columns: width,
                               storage: Array(targets.storage[(part.lowerBound * width)..<(part.upperBound * width)]))
                let weight = y.withUnsafeBufferPointer {
                    loss.weightTotal(rows: part.count, outputs: 3, targets: $0, targetColumns: width)
                }
                weightedSum += loss.value(logits: z, targets: y) * weight
                totalWeight += weight
            }
            // Float32 kernels summing in a different grouping: a few ulps of the loss.
            #expect(abs(weightedSum / totalWeight - whole) <= 1e-6 * max(1, abs(whole)), "\(loss.kind)")
        }
    }

    static func configuration(loss: Loss, batchSize: Int) -> TrainingConfiguration {
        var configuration = TrainingConfiguration(loss: loss)
        configuration.epochs = 6
        configuration.batchSize = batchSize
        configuration.seed = 5
        configuration.learningRate = 0.01
        configuration.regularization = Regularization(l2: 1e-3, scaling: .perSample)
        configuration.clipping = .globalNorm(maxNorm: 5)
        configuration.validationFraction = 0.2
        return configuration
    }

    /// Trains on every rank of a thread group and returns each rank's weights and history.
    static func trainOnRanks(_ ranks: Int, data: Dataset, network: Network,
                             configuration: TrainingConfiguration) throws -> [(weights: [Float], history: History)] {
        try ThreadGroupCommunicator.run(size: ranks) { communicator in
            var trainer = try Trainer(network: network, configuration: configuration)
            trainer.communicator = communicator
            let history = try trainer.fit(data)
            return (trainer.network.parameters.values, history)
        }
    }

    static func largestRelativeDifference(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { abs($0 - $1) / (1 + abs($0)) }.max() ?? 0
    }

    /// 2 and 3 ranks (batches of 13 split unevenly, a last batch smaller than the rank count
    /// never happens here but uneven shares do) against one process: class weights, a per-sample
    /// L2 penalty, clipping and a validation split. The ranks end with the same bits; against
    /// one process only the order of the float sums differs, and 6 epochs of Adam keep that
    /// below 1e-5 relative (measured: about 1e-7; counting the penalty's batch one row off
    /// already moves them by 2e-4).
    @Test(arguments: [2, 3])
    func ranksMatchOneProcess(ranks: Int) throws {
        let data = TrainerTests.moons(count: 151, seed: 2)
        let network = Network(inputSize: 2, hiddenLayers: [16], outputSize: 2, activation: .tanh, seed: 4)
        let configuration = Self.configuration(loss: Loss(.categoricalCrossEntropy, classWeights: [1, 1.5]), batchSize: 13)
        var single = try Trainer(network: network, configuration: configuration)
        let history = try single.fit(data)
        let results = try Self.trainOnRanks(ranks, data: data, network: network, configuration: configuration)
        for result in results {
            #expect(result.weights == results[0].weights)
            #expect(result.history.loss == results[0].history.loss)
            #expect(result.history.validationLoss == results[0].history.validationLoss)
        }
        #expect(Self.largestRelativeDifference(single.network.parameters.values, results[0].weights) < 1e-5)
        for (one, distributed) in zip(history.validationLoss, results[0].history.validationLoss) {
            #expect(abs(one - distributed) < 1e-5 * max(1, one))
        }
        for (one, distributed) in zip(history.metrics["accuracy"] ?? [], results[0].history.metrics["accuracy"] ?? []) {
            #expect(abs(one - distributed) < 1e-12)
        }
    }

    /// Batches with fewer rows than ranks (31 rows in batches of 10 or 2, on 3 or 4 ranks): a
    /// rank without rows contributes zeros to the step's sums and still takes part, and the
    /// result is one process's. The tolerance is the one above, for the same reason.
    @Test(arguments: [(3, 10), (4, 2)])
    func ranksWithoutRowsInABatchStillMatch(ranks: Int, batchSize: Int) throws {
        let data = TrainerTests.moons(count: 31, seed: 12)
        let network = Network(inputSize: 2, hiddenLayers: [6], outputSize: 2, activation: .tanh, seed: 7)
        var configuration = Self.configuration(loss: .categoricalCrossEntropy, batchSize: batchSize)
        configuration.validationFraction = 0
        var single = try Trainer(network: network, configuration: configuration)
        try single.fit(data)
        let results = try Self.trainOnRanks(ranks, data: data, network: network, configuration: configuration)
        for result in results { #expect(result.weights == results[0].weights) }
        #expect(Self.largestRelativeDifference(single.network.parameters.values, results[0].weights) < 1e-5)
    }

    /// Regression with early stopping on the validation loss: every rank stops at the same
    /// epoch and restores the same weights, those of one process.
    @Test func earlyStoppingAgreesOnAllRanks() throws {
        let data = TrainerTests.regression(count: 90, seed: 8)
        let network = Network(inputSize: 3, hiddenLayers: [12], outputSize: 1, activation: .relu, seed: 1)
        var configuration = Self.configuration(loss: Loss(.meanSquaredError(halved: true)), batchSize: 8)
        configuration.epochs = 40
        configuration.learningRate = 0.05
        configuration.earlyStopping = EarlyStopping(monitor: .validationLoss, patience: 2)
        var single = try Trainer(network: network, configuration: configuration)
        let history = try single.fit(data)
        let results = try Self.trainOnRanks(3, data: data, network: network, configuration: configuration)
        for result in results {
            #expect(result.history.loss.count == history.loss.count)
            #expect(result.history.restoredEpoch == history.restoredEpoch)
            #expect(result.weights == results[0].weights)
        }
        #expect(Self.largestRelativeDifference(single.network.parameters.values, results[0].weights) < 1e-5)
    }

    /// One rank asks to pause: all ranks pause after the same batch (the flag rides on the
    /// step's all-reduce), and fitting again finishes with the weights of a run never paused.
    @Test func aPauseOnOneRankPausesAll() throws {
        let data = TrainerTests.moons(count: 80, seed: 6)
        let network = Network(inputSize: 2, hiddenLayers: [8], outputSize: 2, activation: .tanh, seed: 9)
        let configuration = Self.configuration(loss: .categoricalCrossEntropy, batchSize: 10)
        let uninterrupted = try Self.trainOnRanks(2, data: data, network: network, configuration: configuration)
        let results = try ThreadGroupCommunicator.run(size: 2) { communicator in
            var trainer = try Trainer(network: network, configuration: configuration)
            trainer.communicator = communicator
            var asked = 0
            try trainer.fit(data, pauseRequested: {
                asked += 1
                return communicator.rank == 1 && asked == 10
            }) { _, _ in .proceed }
            let progress = trainer.state.epochProgress
            try trainer.fit(data) { _, _ in .proceed }
            return (progress, trainer.network.parameters.values)
        }
        #expect(results[0].0 != nil)
        #expect(results[0].0?.batches == results[1].0?.batches)
        #expect(results[0].0?.batches == 10 - 7)  // 64 training rows in batches of 10: epoch 2, batch 3
        #expect(results[0].1 == uninterrupted[0].weights)
        #expect(results[1].1 == uninterrupted[0].weights)
    }

    /// Sharded: each rank trains on its own rows, with as many steps as the global batch count;
    /// the ranks end identical, and the counts are global (accuracy over all 120 rows' epoch).
    @Test func shardedRanksStayIdentical() throws {
        let data = TrainerTests.moons(count: 120, seed: 3)
        let network = Network(inputSize: 2, hiddenLayers: [8], outputSize: 2, activation: .tanh, seed: 2)
        var shardConfiguration = Self.configuration(loss: .categoricalCrossEntropy, batchSize: 16)
        shardConfiguration.validationFraction = 0
        let configuration = shardConfiguration
        let results = try ThreadGroupCommunicator.run(size: 3) { communicator in
            let shard = data.subset(Array(communicator.share(of: data.count)))
            var trainer = try Trainer(network: network, configuration: configuration)
            trainer.communicator = communicator
            trainer.isSharded = true
            let history = try trainer.fit(shard)
            return (trainer.network.parameters.values, history, trainer.state.step)
        }
        for result in results {
            #expect(result.0 == results[0].0)
            #expect(result.1.loss == results[0].1.loss)
            #expect(result.2 == 6 * 8)  // ⌈120 / 16⌉ = 8 steps per epoch on every rank
        }
        let accuracy = results[0].1.metrics["accuracy"]?.last ?? 0
        #expect(accuracy > 0.7)
    }
}
