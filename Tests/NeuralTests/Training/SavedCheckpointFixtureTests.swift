import Foundation
import Testing
@testable import Neural

/// Checkpoints written by an earlier version of the library (committed in
/// `Fixtures/checkpoints`, one per optimizer that keeps state) still resume, and end exactly
/// where an uninterrupted run ends.
///
/// Each fixture is a run of `Self.epochs` epochs saved after epoch `Self.checkpointEpoch`.
/// `Fixtures/checkpoints/expected.json` records, from the same run that wrote the files, the
/// uninterrupted run's training-loss history and the bit patterns of its raw outputs on a fixed
/// probe set (outputs rather than weights, so the record does not depend on how the weights are
/// laid out in memory). The expected values are compared bit for bit: resuming is exact by design
/// (the state holds every value that decides the next step), so there is no tolerance.
///
/// `adam-json-arrays` is the Adam checkpoint in the older form whose optimizer arrays sit inside
/// the state's JSON instead of in tensors.
///
/// To write the fixtures again (only with the version that defines the format being kept), run
/// `NEURAL_WRITE_CHECKPOINT_FIXTURES=Tests/NeuralTests/Fixtures/checkpoints swift test --filter
/// SavedCheckpointFixtureTests` from the package folder.
@Suite struct SavedCheckpointFixtureTests {
    static let epochs = 6
    static let checkpointEpoch = 3

    /// The optimizers of the fixtures, by file name.
    static let optimizers: [(name: String, optimizer: AnyOptimizer, learningRate: Double)] = [
        ("sgd", .sgd(SGD()), 0.1),
        ("sgd-momentum", .sgd(SGD(momentum: 0.9, weightDecay: 0.001)), 0.05),
        ("sgd-nesterov-scikit-learn", .sgd(SGD.scikitLearn()), 0.05),
        ("adam", .adam(Adam()), 0.01),
        ("adam-amsgrad-keras", .adam(Adam(epsilon: 1e-7, epsilonPlacement: .keras, amsgrad: true)), 0.01),
        ("adamw", .adamW(AdamW(weightDecay: 0.05)), 0.01),
        ("rmsprop-centered-momentum", .rmsProp(RMSProp(momentum: 0.5, centered: true)), 0.005),
        ("adagrad", .adagrad(Adagrad(learningRateDecay: 0.01, initialAccumulatorValue: 0.1)), 0.05),
    ]

    static let names = optimizers.map(\.name) + ["adam-json-arrays"]

    static func configuration(_ name: String) throws -> TrainingConfiguration {
        let base = name == "adam-json-arrays" ? "adam" : name
        let entry = try #require(optimizers.first { $0.name == base })
        var configuration = TrainingConfiguration(loss: .categoricalCrossEntropy)
        configuration.epochs = epochs
        configuration.batchSize = 16
        configuration.seed = 11
        configuration.optimizer = entry.optimizer
        configuration.learningRate = entry.learningRate
        configuration.schedule = .step
        configuration.regularization = .l2(1e-3)
        return configuration
    }

    static let data = TrainerTests.moons(count: 72, seed: 21)
    static let probe = TrainerTests.moons(count: 12, seed: 22).features
    static func network() -> Network {
        Network(inputSize: 2, hiddenLayers: [6], outputSize: 2, activation: .tanh, dropout: 0.1, seed: 4)
    }

    struct Expected: Codable {
        struct Run: Codable {
            var name: String
            var trainingLoss: [Double]
            var probeOutputBits: [UInt32]
        }
        var note: String
        var runs: [Run]
    }

    static func outputBits(_ network: Network) -> [UInt32] {
        network.predict(probe).storage.map(\.bitPattern)
    }

    @Test(arguments: names)
    func aSavedCheckpointResumesToTheUninterruptedRunsResult(_ name: String) throws {
        let expected = try Fixtures.decode(Expected.self, from: "checkpoints/expected.json")
        let run = try #require(expected.runs.first { $0.name == name })
        let checkpoint = try TrainingCheckpoint(contentsOf: Fixtures.url("checkpoints/\(name).checkpoint.safetensors"))
        #expect(checkpoint.state.epoch == Self.checkpointEpoch)
        #expect(checkpoint.configuration == (try Self.configuration(name)))
        var resumed = try checkpoint.trainer()
        let history = try resumed.fit(Self.data)
        #expect(history.loss == run.trainingLoss)
        #expect(Self.outputBits(resumed.network) == run.probeOutputBits)

        // Today's code, uninterrupted, gives the same numbers as the version that wrote the file.
        var uninterrupted = try Trainer(network: Self.network(), configuration: Self.configuration(name))
        try uninterrupted.fit(Self.data)
        #expect(uninterrupted.state.history.loss == run.trainingLoss)
        #expect(Self.outputBits(uninterrupted.network) == run.probeOutputBits)
        #expect(resumed.state == uninterrupted.state)
    }

    /// Writes the fixtures; runs only when `NEURAL_WRITE_CHECKPOINT_FIXTURES` names a folder.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["NEURAL_WRITE_CHECKPOINT_FIXTURES"] != nil))
    func writeFixtures() throws {
        let folder = URL(fileURLWithPath: try #require(ProcessInfo.processInfo.environment["NEURAL_WRITE_CHECKPOINT_FIXTURES"]))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var runs: [Expected.Run] = []
        for entry in Self.optimizers {
            let configuration = try Self.configuration(entry.name)
            var uninterrupted = try Trainer(network: Self.network(), configuration: configuration)
            try uninterrupted.fit(Self.data)
            let record = Expected.Run(name: entry.name, trainingLoss: uninterrupted.state.history.loss,
                                      probeOutputBits: Self.outputBits(uninterrupted.network))
            runs.append(record)

            var interrupted = try Trainer(network: Self.network(), configuration: configuration)
            var saved: ModelFile?
            try interrupted.fit(Self.data) { report, trainer in
                guard report.epoch == Self.checkpointEpoch else { return .proceed }
                saved = try? TrainingCheckpoint(trainer: trainer).modelFile()
                return .stop
            }
            let file = try #require(saved)
            try file.safeTensorsFile.encoded().write(to: folder.appendingPathComponent("\(entry.name).checkpoint.safetensors"))
            if entry.name == "adam" {
                try Self.withArraysInJSON(file).safeTensorsFile.encoded()
                    .write(to: folder.appendingPathComponent("adam-json-arrays.checkpoint.safetensors"))
                runs.append(Expected.Run(name: "adam-json-arrays", trainingLoss: record.trainingLoss,
                                         probeOutputBits: record.probeOutputBits))
            }
        }
        let expected = Expected(note: "Written by SavedCheckpointFixtureTests.writeFixtures: the uninterrupted runs' training loss per epoch and the Float32 bit patterns of their raw outputs on the probe rows.", runs: runs)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(expected).write(to: folder.appendingPathComponent("expected.json"))
    }

    /// The older checkpoint form: the optimizer's arrays inside the state's JSON
    /// (`optimizer.adam.state.firstMoment`, …), no state tensors and no list of them.
    static func withArraysInJSON(_ file: ModelFile) throws -> ModelFile {
        var file = file
        let json = try #require(file.metadata[TrainingCheckpoint.stateKey])
        var state = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        var optimizer = try #require(state["optimizer"] as? [String: Any])
        var adam = try #require(optimizer["adam"] as? [String: Any])
        var moments = try #require(adam["state"] as? [String: Any])
        for (slot, key) in [("first_moment", "firstMoment"), ("second_moment", "secondMoment")] {
            let tensor = try #require(file.tensor(named: "state.optimizer.\(slot)"))
            moments[key] = tensor.values.map { Double($0) }
        }
        adam["state"] = moments
        optimizer["adam"] = adam
        state["optimizer"] = optimizer
        file.tensors.removeAll { $0.name.hasPrefix("state.optimizer.") }
        file.metadata[TrainingCheckpoint.stateKey] = String(decoding: try JSONSerialization.data(withJSONObject: state, options: [.sortedKeys]), as: UTF8.self)
        file.metadata[TrainingCheckpoint.stateTensorsKey] = nil
        return file
    }
}
