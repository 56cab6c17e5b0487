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

    @Test func resumingFromAFileMatchesAnUninterruptedRun() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("checkpoint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("run.checkpoint.safetensors")
        let data = TrainerTests.moons(count: 120, seed: 6)
        let validation = TrainerTests.moons(count: 40, seed: 7)
        let network = Network(inputSize: 2, hiddenLayers: [8], outputSize: 2, activation: .tanh, dropout: 0.1, seed: 2)

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
