import Foundation
import Testing
@testable import Neural

/// The per-parameter arrays of a checkpoint's state (optimizer moments, best weights) are F32
/// tensors beside the weights, so a checkpoint has no size limit and reads back bit for bit;
/// reading checks that every state tensor is listed, present, F32 and one value per parameter.
@Suite struct CheckpointStateTensorTests {
    /// Whether two arrays hold the same bit patterns (NaN payloads and −0 included), compared by
    /// `memcmp` so millions of values take no Swift loop in a debug build.
    static func sameBits(_ a: [Float], _ b: [Float]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in
                guard let left = x.baseAddress, let right = y.baseAddress else { return true }
                return memcmp(left, right, x.count) == 0
            }
        }
    }

    /// A 12-row, two-class table of `features` columns (sines, the same on every run).
    static func wideData(rows: Int, features: Int, phase: Double) -> Dataset {
        let x = Matrix(rows: rows, columns: features) { row, column in
            Float(sin(Double(row * features + column) * 0.37 + phase))
        }
        return Dataset(features: x, targets: .classes((0..<rows).map { Int32($0 % 2) }, classCount: 2))
    }

    /// A 1500-1500-2 network: 1500·1500 + 1500 + 1500·2 + 2 = 2 254 502 parameters, more than the
    /// about 2 million that fitted when the state was JSON in the header. Adam (two moments) and
    /// early stopping (best weights) put three arrays of that length in the state.
    @Test func aNetworkOfMoreThanTwoMillionParametersSavesAndLoadsBackBitForBit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("big-checkpoint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("big.checkpoint.safetensors")

        // The wide layer starts at zero: drawing 2.25 million random weights is a Swift loop that
        // takes most of a second in a debug build. Its gradients are not zero (the output layer's
        // weights are random), so Adam moves every weight and fills both moments.
        let network = Network(layers: [.dense(Dense(inputSize: 1500, outputSize: 1500, activation: .tanh, initializer: .zeros)),
                                       .dense(Dense(inputSize: 1500, outputSize: 2))], seed: 3)
        #expect(network.parameterCount == 2_254_502)
        var configuration = TrainingConfiguration(loss: .categoricalCrossEntropy)
        configuration.epochs = 3
        configuration.batchSize = 6
        configuration.learningRate = 1e-4
        configuration.earlyStopping = EarlyStopping(monitor: .validationLoss, patience: 5)
        var trainer = try Trainer(network: network, configuration: configuration)
        try trainer.fit(Self.wideData(rows: 12, features: 1500, phase: 0),
                        validation: Self.wideData(rows: 4, features: 1500, phase: 1)) { report, _ in
            report.epoch == 2 ? .stop : .proceed
        }
        let state = trainer.state
        let moments = state.optimizerState
        #expect(moments.slotNames == ["first_moment", "second_moment"])
        let best = try #require(state.bestParameters)

        try TrainingCheckpoint(trainer: trainer).save(to: url)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
        // Four arrays of 2 254 502 Float32 (weights, m, v, best) and a small header.
        #expect(size > 4 * 4 * 2_254_502 && size < 4 * 4 * 2_254_502 + 100_000)

        let loaded = try TrainingCheckpoint.load(from: url)
        #expect(Self.sameBits(loaded.network.parameters.values, trainer.network.parameters.values))
        let loadedMoments = loaded.state.optimizerState
        #expect(loadedMoments.slotNames == moments.slotNames && loadedMoments.step == moments.step)
        #expect(Self.sameBits(try #require(loadedMoments["first_moment"]), try #require(moments["first_moment"])))
        #expect(Self.sameBits(try #require(loadedMoments["second_moment"]), try #require(moments["second_moment"])))
        #expect(Self.sameBits(try #require(loaded.state.bestParameters), best))
        // Everything else (scalars, generator, history) compares equal once the arrays are out.
        #expect(TrainingCheckpoint.splitArrays(of: loaded.state).scalars == TrainingCheckpoint.splitArrays(of: state).scalars)
        #expect(loaded.configuration == configuration)
    }

    /// A small run's checkpoint (Adam with AMSGrad, so three optimizer arrays, and best weights).
    static func smallCheckpoint() throws -> TrainingCheckpoint {
        let data = TrainerTests.moons(count: 40, seed: 6)
        let validation = TrainerTests.moons(count: 20, seed: 7)
        let network = Network(inputSize: 2, hiddenLayers: [5], outputSize: 2, activation: .tanh, seed: 2)
        var configuration = TrainingConfiguration(loss: .categoricalCrossEntropy)
        configuration.epochs = 4
        configuration.batchSize = 8
        configuration.optimizer = .adam(Adam(amsgrad: true))
        configuration.earlyStopping = EarlyStopping(monitor: .validationLoss, patience: 9)
        var trainer = try Trainer(network: network, configuration: configuration)
        try trainer.fit(data, validation: validation) { report, _ in report.epoch == 2 ? .stop : .proceed }
        var state = trainer.state
        // Saved as if between epochs 2 and 3 of the 4: a run still going has no stop reason.
        state.finished = false
        state.history.stopReason = .completed
        state.history.restoredEpoch = nil
        return TrainingCheckpoint(network: trainer.network, configuration: configuration, state: state)
    }

    @Test func theStateArraysAreListedF32TensorsOfTheParameterCount() throws {
        let checkpoint = try Self.smallCheckpoint()
        let file = try checkpoint.modelFile()
        let names = ["state.optimizer.first_moment", "state.optimizer.second_moment",
                     "state.optimizer.maximum_second_moment", "state.best_parameters"]
        #expect(try file.decodeMetadata([String].self, forKey: TrainingCheckpoint.stateTensorsKey) == names)
        for name in names {
            // 2·5 + 5 + 5·2 + 2 = 27 parameters.
            #expect(file.tensor(named: name)?.shape == [27])
        }
        // The JSON keeps no array of the state.
        let json = try #require(file.metadata[TrainingCheckpoint.stateKey])
        #expect(json.contains(#"{"name":"first_moment","values":[]}"#) && !json.contains("bestParameters"))
        let read = try TrainingCheckpoint(file: ModelFile(data: file.safeTensorsFile.encoded(), source: "c.safetensors"))
        #expect(read.state == checkpoint.state)
    }

    /// Damages one part of the small checkpoint's file and expects `TrainingCheckpoint(file:)` to
    /// refuse it with `expected`.
    static func expectRefusal(_ expected: TrainedModelError, damage: (inout ModelFile) throws -> Void) throws {
        var file = try ModelFile(data: smallCheckpoint().modelFile().safeTensorsFile.encoded(), source: "c.safetensors")
        try damage(&file)
        #expect(throws: expected) { try TrainingCheckpoint(file: file) }
    }

    @Test func aListedTensorThatIsMissingIsNamed() throws {
        try Self.expectRefusal(.invalidStateTensor(source: "c.safetensors", name: "state.optimizer.second_moment",
                                                   reason: "the saved state lists it, but the file has no such tensor")) { file in
            file.tensors.removeAll { $0.name == "state.optimizer.second_moment" }
        }
    }

    @Test func anUnlistedStateTensorIsNamed() throws {
        try Self.expectRefusal(.invalidStateTensor(source: "c.safetensors", name: "state.best_parameters",
                                                   reason: "the file has it, but the saved state does not list it")) { file in
            try file.setMetadata(["state.optimizer.first_moment", "state.optimizer.second_moment",
                                  "state.optimizer.maximum_second_moment"], forKey: TrainingCheckpoint.stateTensorsKey)
        }
    }

    @Test func aStateTensorOfTheWrongLengthIsNamed() throws {
        let expected = TrainedModelError.invalidStateTensor(
            source: "c.safetensors", name: "state.optimizer.first_moment",
            reason: "it has shape [26]; the network has 27 parameters, so it must be [27]")
        #expect(expected.description == "c.safetensors: training-state tensor state.optimizer.first_moment: it has shape [26]; the network has 27 parameters, so it must be [27].")
        try Self.expectRefusal(expected) { file in
            let index = try #require(file.tensors.firstIndex { $0.name == "state.optimizer.first_moment" })
            file.tensors[index] = SafeTensor(name: "state.optimizer.first_moment", shape: [26],
                                             values: Array(file.tensors[index].values.dropLast()))
        }
    }

    /// A tensor converted on reading (F16 here; the reader records the stored type, see
    /// `SafeTensorsRoundTripTests.convertsBFloat16`) would not hold the saved bits.
    @Test func aStateTensorNotStoredAsF32IsRefused() throws {
        try Self.expectRefusal(.invalidStateTensor(source: "c.safetensors", name: "state.best_parameters",
                                                   reason: "it has dtype F16; it must be F32, so that it reads back exactly as saved")) { file in
            let index = try #require(file.tensors.firstIndex { $0.name == "state.best_parameters" })
            file.tensors[index].storedDType = .float16
        }
    }

    @Test func aStateTensorForASlotTheOptimizerLacksIsNamed() throws {
        try Self.expectRefusal(.invalidStateTensor(source: "c.safetensors", name: "state.optimizer.momentum_buffer",
                                                   reason: "the saved optimizer state keeps no per-parameter array named momentum_buffer (it keeps first_moment, second_moment, maximum_second_moment)")) { file in
            let index = try #require(file.tensors.firstIndex { $0.name == "state.optimizer.maximum_second_moment" })
            file.tensors[index].name = "state.optimizer.momentum_buffer"
            try file.setMetadata(["state.optimizer.first_moment", "state.optimizer.second_moment",
                                  "state.optimizer.momentum_buffer", "state.best_parameters"],
                                 forKey: TrainingCheckpoint.stateTensorsKey)
        }
    }

    /// An optimizer array left out altogether (neither tensor nor JSON) is caught by the state's
    /// validation, before an update could stop the program on a precondition.
    @Test func anOptimizerArrayMissingFromTheStateIsAnInconsistency() throws {
        try Self.expectRefusal(.inconsistent(source: "c.safetensors",
                                             reason: "Cannot resume training: the optimizer's maximum_second_moment has 0 values, 27 expected for 27 parameters")) { file in
            file.tensors.removeAll { $0.name == "state.optimizer.maximum_second_moment" }
            try file.setMetadata(["state.optimizer.first_moment", "state.optimizer.second_moment", "state.best_parameters"],
                                 forKey: TrainingCheckpoint.stateTensorsKey)
        }
    }

    /// Checkpoints written before the state had tensors kept every array in the state's JSON
    /// and had no list of state tensors; they still read, to the same state.
    @Test func aCheckpointWithTheStateArraysInItsJSONStillReads() throws {
        let checkpoint = try Self.smallCheckpoint()
        var file = ModelFile(parameters: checkpoint.network.parameters)
        try file.setMetadata(checkpoint.network.layers, forKey: ModelFormat.architectureKey)
        try file.setMetadata(checkpoint.configuration, forKey: TrainingCheckpoint.configurationKey)
        try file.setMetadata(checkpoint.state, forKey: TrainingCheckpoint.stateKey)
        let read = try TrainingCheckpoint(file: ModelFile(data: file.safeTensorsFile.encoded(), source: "old.safetensors"))
        #expect(read.state == checkpoint.state)
        #expect(read.extraMetadata.isEmpty)
    }
}
