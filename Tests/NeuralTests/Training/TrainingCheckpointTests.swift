import Foundation
import Testing
@testable import Neural

/// `TrainingCheckpoint`: saved to a file inside `fit`'s `onEpochEnd` callback and resumed, a run
/// ends with the weights of an uninterrupted run, bit for bit.
@Suite struct TrainingCheckpointTests {
    /// Adam (moments in the state), a cosine schedule (position in the state), dropout and
    /// shuffling (the generator), early stopping with best weights (bookkeeping): everything the
    /// state carries takes part.
    static func configuration() -> TrainingConfiguration {
        var configuration = TrainingConfiguration(loss: .categoricalCrossEntropy)
        configuration.epochs = 8
        configuration.batchSize = 16
        configuration.schedule = .cosine
        configuration.learningRate = 0.02
        configuration.seed = 5
        configuration.earlyStopping = EarlyStopping(monitor: .validationLoss, patience: 50)
        return configuration
    }

    /// The run the resume tests interrupt: 120 training rows (8 batches of 16 per epoch), 40
    /// validation rows, a 2-8-2 network with dropout, and a checkpoint path in a fresh folder.
    struct Run {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("checkpoint-\(UUID().uuidString)")
        var url: URL { folder.appendingPathComponent("run.checkpoint.safetensors") }
        let data = TrainerTests.moons(count: 120, seed: 6)
        let validation = TrainerTests.moons(count: 40, seed: 7)
        let network = Network(inputSize: 2, hiddenLayers: [8], outputSize: 2, activation: .tanh, dropout: 0.1, seed: 2)

        init() throws {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    @Test func resumingFromAFileMatchesAnUninterruptedRun() throws {
        let run = try Run()
        defer { run.remove() }
        let (url, data, validation, network) = (run.url, run.data, run.validation, run.network)

        var uninterrupted = try Trainer(network: network, configuration: Self.configuration())
        try uninterrupted.fit(data, validation: validation)

        var interrupted = try Trainer(network: network, configuration: Self.configuration())
        var saveError: Error?
        try interrupted.fit(data, validation: validation) { report, trainer in
            guard report.epoch == 3 else { return .proceed }
            do {
                try TrainingCheckpoint(trainer: trainer, extraMetadata: ["app.note": "three"]).save(to: url)
            } catch {
                saveError = error
            }
            return .stop
        }
        #expect(saveError == nil)

        let checkpoint = try TrainingCheckpoint.load(from: url)
        #expect(checkpoint.state.epoch == 3)
        #expect(!checkpoint.state.finished)
        #expect(checkpoint.extraMetadata == ["app.note": "three"])
        var resumed = try checkpoint.trainer()
        let history = try resumed.fit(data, validation: validation)
        #expect(history.epochs == 8)
        #expect(history == uninterrupted.state.history)
        #expect(resumed.network.parameters.values.map(\.bitPattern) == uninterrupted.network.parameters.values.map(\.bitPattern))
        #expect(resumed.state == uninterrupted.state)
    }

    /// Paused after batch `batch` of epoch `epoch` (120 rows in batches of 16: 8 per epoch, the
    /// last of 8 rows), saved to a file, loaded and resumed: the run ends with the weights, state
    /// and history of one that never paused. Shuffling (each epoch's order), dropout (the masks
    /// drawn so far), Adam, the cosine schedule and early stopping all take part; batch 8 pauses
    /// after an epoch's last batch, before its validation and stopping rules.
    @Test(arguments: [(1, 1), (3, 4), (5, 8)])
    func pausingAfterABatchAndResumingFromAFileMatchesAnUninterruptedRun(epoch: Int, batch: Int) throws {
        let run = try Run()
        defer { run.remove() }
        let (url, data, validation, network) = (run.url, run.data, run.validation, run.network)

        var uninterrupted = try Trainer(network: network, configuration: Self.configuration())
        var asked = 0
        try uninterrupted.fit(data, validation: validation, pauseRequested: { asked += 1; return false }) { _, _ in .proceed }
        // Asked after every batch: 8 epochs of 8 batches.
        #expect(asked == 64)

        var interrupted = try Trainer(network: network, configuration: Self.configuration())
        var batches = 0
        try interrupted.fit(data, validation: validation,
                            pauseRequested: { batches += 1; return batches == (epoch - 1) * 8 + batch }) { _, _ in .proceed }
        #expect(interrupted.state.epoch == epoch - 1)
        #expect(interrupted.state.history.epochs == epoch - 1)
        #expect(interrupted.state.epochProgress?.batches == batch)
        #expect(interrupted.state.epochProgress?.batchCount == 8)
        #expect(!interrupted.state.finished)
        try TrainingCheckpoint(trainer: interrupted).save(to: url)

        let checkpoint = try TrainingCheckpoint.load(from: url)
        #expect(checkpoint.state == interrupted.state)
        var resumed = try checkpoint.trainer()
        let history = try resumed.fit(data, validation: validation)
        #expect(history == uninterrupted.state.history)
        #expect(resumed.network.parameters.values.map(\.bitPattern) == uninterrupted.network.parameters.values.map(\.bitPattern))
        #expect(resumed.state == uninterrupted.state)
    }

    /// A run paused inside an epoch continues only on data that makes the same batches.
    @Test func aPausedRunRefusesDataWithAnotherBatchCount() throws {
        let network = Network(inputSize: 2, hiddenLayers: [4], outputSize: 2, activation: .tanh, seed: 2)
        var configuration = Self.configuration()
        configuration.earlyStopping = nil
        var trainer = try Trainer(network: network, configuration: configuration)
        try trainer.fit(TrainerTests.moons(count: 120, seed: 6), pauseRequested: { true }) { _, _ in .proceed }
        #expect(trainer.state.epochProgress?.batches == 1)
        #expect(throws: TrainingError.incompatibleState("the saved run paused in an epoch of 8 batches; this data and batch size make 5")) {
            try trainer.fit(TrainerTests.moons(count: 80, seed: 6)) { _, _ in .proceed }
        }
    }

    /// A checkpoint whose folder has gone (removed while training ran) is a typed error naming
    /// the path, and leaves nothing behind.
    @Test func aCheckpointThatCannotBeWrittenNamesThePath() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gone-\(UUID().uuidString)")
        let url = folder.appendingPathComponent("run.checkpoint.safetensors")
        let network = Network(inputSize: 2, hiddenLayers: [3], outputSize: 2, activation: .tanh, seed: 1)
        let trainer = try Trainer(network: network, configuration: Self.configuration())
        do {
            try TrainingCheckpoint(trainer: trainer).save(to: url)
            Issue.record("saving into a missing folder succeeded")
        } catch {
            guard case .unwritable(let path, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(path == url.path)
            #expect(String(describing: error).contains(url.path))
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    @Test func aTrainedModelFileIsNotACheckpoint() throws {
        let network = Network(inputSize: 2, hiddenLayers: [3], outputSize: 2, activation: .tanh, seed: 1)
        var file = ModelFile(parameters: network.parameters)
        try file.setMetadata(network.layers, forKey: ModelFormat.architectureKey)
        let data = file.safeTensorsFile.encoded()
        #expect(throws: TrainedModelError.modelFile(.missingMetadata(source: "m.safetensors", key: TrainingCheckpoint.configurationKey))) {
            try TrainingCheckpoint(file: ModelFile(data: data, source: "m.safetensors"))
        }
    }
}
