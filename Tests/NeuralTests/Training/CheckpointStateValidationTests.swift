import Foundation
import Testing
@testable import Neural

/// `TrainerState.validate(for:configuration:)`: a checkpoint whose saved state was edited to a
/// position, count or setting that training could not have produced is refused at load, naming
/// the field, instead of resuming into impossible numbers (a 200-epoch run reported as 401).
@Suite struct CheckpointStateValidationTests {
    /// A checkpoint saved at the end of epoch 3 of 8 (Adam, cosine schedule, early stopping that
    /// keeps the best weights, a no-improvement counter, dropout): every part of the state is set.
    static func checkpoint() throws -> ModelFile {
        var configuration = TrainingCheckpointTests.configuration()
        configuration.convergence = .init(tolerance: 1e-4, patience: 10)
        let network = Network(inputSize: 2, hiddenLayers: [8], outputSize: 2, activation: .tanh, dropout: 0.1, seed: 2)
        var trainer = try Trainer(network: network, configuration: configuration)
        var saved: ModelFile?
        try trainer.fit(TrainerTests.moons(count: 120, seed: 6), validation: TrainerTests.moons(count: 40, seed: 7)) { report, trainer in
            guard report.epoch == 3 else { return .proceed }
            saved = try? TrainingCheckpoint(trainer: trainer).modelFile()
            return .stop
        }
        return try #require(saved)
    }

    /// `file` with the JSON value at `path` of the saved state replaced by `value` (or removed
    /// when nil), encoded and read back as a file from outside would be.
    static func edited(_ file: ModelFile, _ path: [String], _ value: Any?) throws -> ModelFile {
        var edited = file
        let json = try #require(file.metadata[TrainingCheckpoint.stateKey])
        let state = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        func set(_ object: [String: Any], _ path: ArraySlice<String>) -> [String: Any] {
            var object = object
            guard let key = path.first else { return object }
            if path.count == 1 {
                object[key] = value
            } else {
                object[key] = set(object[key] as? [String: Any] ?? [:], path.dropFirst())
            }
            return object
        }
        let data = try JSONSerialization.data(withJSONObject: set(state, path[...]), options: [.sortedKeys])
        edited.metadata[TrainingCheckpoint.stateKey] = String(decoding: data, as: UTF8.self)
        return try ModelFile(data: edited.safeTensorsFile.encoded(), source: "c.safetensors")
    }

    @Test func theUneditedCheckpointLoads() throws {
        let file = try Self.checkpoint()
        let checkpoint = try TrainingCheckpoint(file: ModelFile(data: file.safeTensorsFile.encoded(), source: "c.safetensors"))
        #expect(checkpoint.state.epoch == 3)
        #expect(checkpoint.state.step == 24)
        #expect(checkpoint.state.earlyStopping?.bestEpoch != nil)
        #expect(checkpoint.state.convergence != nil)
    }

    /// Each edit, and the words the refusal must contain. Expected values come from the run: 3
    /// epochs of 8 batches (120 rows in batches of 16) are 24 steps; the cosine schedule of 8
    /// epochs; early stopping with patience 50.
    static var edits: [(path: [String], value: Any?, message: String)] { [
        (["epoch"], 401, "finished 401 epochs, outside 0…8"),
        (["epoch"], -1, "finished -1 epochs"),
        (["epoch"], 4, "4 completed epochs"),
        (["step"], 2, "2 optimizer steps, fewer than one per batch"),
        (["step"], 25, "the saved optimizer has taken 24 steps, the run 25"),
        (["history", "loss"], [0.5, 0.4, 0.3, 0.2], "4 values of training loss for 3 completed epochs"),
        (["history", "val_loss"], [0.5], "1 values of validation loss"),
        (["history", "learning_rate"], [0.1, 0.1], "2 values of learning rate"),
        (["history", "metrics", "accuracy"], [1.0], "1 values of accuracy"),
        (["history", "restored_epoch"], 2, "restores epoch 2 of a run still going"),
        (["history", "stop_reason"], "earlyStopping", "still going but has a stop reason"),
        (["finished"], true, "completed after 3 of 8 epochs"),
        (["schedule", "cosine", "position", "epochs"], 7, "schedule stands at 7 epochs and 24 steps"),
        (["schedule", "cosine", "position", "samples"], 3, "sample counts"),
        (["schedule", "cosine", "period"], 80, "cosine schedule's settings differ"),
        (["optimizerState", "step"], 23, "the saved optimizer has taken 23 steps, the run 24"),
        (["generator", "state"], [0, 0, 0, 0], "random generator has an all-zero state"),
        (["generator", "state"], [1, 2], "2 words of state, not 4"),
        (["earlyStopping", "bestEpoch"], 9, "best epoch 9"),
        (["earlyStopping", "epochsWithoutImprovement"], 60, "60 epochs without improvement"),
        (["earlyStopping", "patience"], 7, "early stopping's settings differ"),
        (["earlyStopping"], nil, "no early stopping, the configuration some"),
        (["convergence", "count"], 30, "count of epochs without improvement (30)"),
        (["convergence", "tolerance"], 0.5, "no-improvement counter's settings differ"),
        (["convergence"], nil, "no no-improvement counter, the configuration one"),
        (["epochProgress"], ["batches": 9, "batchCount": 8, "lossSum": 0, "correct": 0,
                             "generatorBeforeShuffle": ["state": [1, 2, 3, 4]]], "after batch 9 of an epoch of 8 batches"),
    ] }

    @Test(arguments: 0..<26)
    func anEditedStateIsRefusedNamingTheField(index: Int) throws {
        let edit = Self.edits[index]
        let file = try Self.edited(try Self.checkpoint(), edit.path, edit.value)
        do {
            _ = try TrainingCheckpoint(file: file)
            Issue.record("the edit \(edit.path) = \(String(describing: edit.value)) was accepted")
        } catch {
            guard case .inconsistent(let source, let reason) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(source == "c.safetensors")
            #expect(reason.contains(edit.message), "\(edit.path): \(reason)")
        }
    }

    /// The best weights a checkpoint restores are weights like the others: an infinity there is refused (a NaN too, but NaN ≠ NaN in the expectation).
    @Test func nonFiniteBestWeightsAreRefused() throws {
        var file = try Self.checkpoint()
        let index = try #require(file.tensors.firstIndex { $0.name == "state.best_parameters" })
        var values = file.tensors[index].values
        values[3] = -.infinity
        file.tensors[index] = SafeTensor(name: file.tensors[index].name, shape: file.tensors[index].shape, values: values)
        #expect(throws: ModelFileError.nonFiniteValue(source: "c.safetensors", tensor: "state.best_parameters", index: 3, value: -.infinity)) {
            try TrainingCheckpoint(file: ModelFile(data: file.safeTensorsFile.encoded(), source: "c.safetensors"))
        }
    }

    /// An early-stopping patience of 0 is refused from a file (at its field, by decoding) and in
    /// a configuration whose field was set in code (by `validate()`).
    @Test func anEarlyStoppingPatienceOfZeroIsAnInvalidConfiguration() throws {
        var configuration = TrainingCheckpointTests.configuration()
        var json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(configuration)) as? [String: Any])
        var stopping = try #require(json["earlyStopping"] as? [String: Any])
        stopping["patience"] = 0
        json["earlyStopping"] = stopping
        let edited = try JSONSerialization.data(withJSONObject: json)
        let error = try #require(throws: DecodingError.self) {
            try JSONDecoder().decode(TrainingConfiguration.self, from: edited)
        }
        guard case let .dataCorrupted(context) = error else { Issue.record("\(error)"); return }
        #expect(context.codingPath.map(\.stringValue) == ["earlyStopping", "patience"])
        #expect(context.debugDescription == "patience must be at least 1, got 0")

        configuration.earlyStopping?.patience = 0
        #expect(throws: TrainingError.invalidConfiguration("early-stopping patience must be at least 1, got 0")) {
            try configuration.validate()
        }
    }
}
