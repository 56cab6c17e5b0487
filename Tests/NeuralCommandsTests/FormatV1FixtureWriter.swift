import Foundation
import Testing
@testable import Neural
@testable import NeuralCommands

/// Writes the model files of `Tests/NeuralTests/Fixtures/format_v1` and the predictions each one
/// gave when it was written (`expected.json`), with the code of model-format version 1 (weights
/// stored `[in, out]`). Runs only when `NEURAL_WRITE_FORMAT_V1_FIXTURES=1`; see the folder's
/// README.md for the commit that wrote the committed files.
@Suite struct FormatV1FixtureWriter {
    static var folder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("NeuralTests/Fixtures/format_v1")
    }

    /// What a fixture predicted: the inputs, and each output as a Float32 bit pattern (row-major)
    /// or as labels.
    struct Expected: Codable {
        var inputs: [[Float]]
        var outputBits: [UInt32]
        var labels: [String]?
    }

    static func bits(_ matrix: Matrix) -> [UInt32] { matrix.storage.map(\.bitPattern) }
    static func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

    /// 3 features, 12 rows; three classes and a regression target from the features.
    static let x = Matrix([[0.1, 0.9, -0.3], [0.8, 0.2, 0.5], [-0.5, 0.4, 0.9], [0.3, -0.7, 0.2],
                           [0.9, 0.9, -0.8], [-0.2, -0.4, -0.6], [0.6, -0.1, 0.7], [-0.9, 0.3, 0.1],
                           [0.4, 0.5, 0.6], [-0.6, -0.8, 0.4], [0.2, 0.1, -0.9], [0.7, -0.6, -0.1]] as [[Float]])
    static let classes = ["a", "b", "c", "a", "b", "c", "a", "b", "c", "a", "b", "c"]
    static let values: [Float] = (0..<12).map { row in
        let r = x.storage[(row * 3)..<(row * 3 + 3)].map { $0 }
        return 0.5 * r[0] - r[1] + 2 * r[2] + 0.25
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["NEURAL_WRITE_FORMAT_V1_FIXTURES"] == "1",
                   "writes fixtures only when NEURAL_WRITE_FORMAT_V1_FIXTURES=1"))
    func writeFormatV1Fixtures() throws {
        let folder = Self.folder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func url(_ name: String) -> URL { folder.appendingPathComponent(name) }
        var expected: [String: Expected] = [:]
        let inputs = (0..<12).map { row in Array(Self.x.storage[(row * 3)..<(row * 3 + 3)]) }

        // A plain network with a square layer (layers.2 is 4×4) and dropout between the layers.
        let network = Network(inputSize: 3, hiddenLayers: [4, 4], outputSize: 2, activation: .tanh,
                              dropout: 0.1, seed: 11)
        try network.save(to: url("network.safetensors"))
        expected["network.safetensors"] = Expected(inputs: inputs, outputBits: Self.bits(network.predict(Self.x)))

        var classifier = MLPClassifier<String>(hiddenLayerSizes: [4, 4], maxIter: 15, randomState: 3)
        try classifier.fit(Self.x, Self.classes)
        try classifier.save(to: url("mlp_classifier.safetensors"))
        expected["mlp_classifier.safetensors"] = Expected(
            inputs: inputs, outputBits: Self.bits(try classifier.predictProbabilities(Self.x)),
            labels: try classifier.predict(Self.x))

        var regressor = MLPRegressor(hiddenLayerSizes: [3, 3], maxIter: 15, randomState: 2)
        try regressor.fit(Self.x, Self.values)
        try regressor.save(to: url("mlp_regressor.safetensors"))
        expected["mlp_regressor.safetensors"] = Expected(inputs: inputs, outputBits: Self.bits(try regressor.predict(Self.x)))

        var linear = LinearRegression(learningRate: 0.1, epochs: 30)
        try linear.fit(Self.x, Self.values)
        try linear.save(to: url("linear_regression.safetensors"))
        expected["linear_regression.safetensors"] = Expected(inputs: inputs, outputBits: Self.bits(try linear.predict(Self.x)))

        // Three classes and three features: a square [3, 3] weight.
        var logistic = LogisticRegression<String>(maxIter: 30)
        try logistic.fit(Self.x, Self.classes)
        try logistic.save(to: url("logistic_regression.safetensors"))
        expected["logistic_regression.safetensors"] = Expected(
            inputs: inputs, outputBits: Self.bits(try logistic.predictProbabilities(Self.x)),
            labels: try logistic.predict(Self.x))

        var perceptron = Perceptron(inputSize: 3, learningRate: 0.5)
        _ = perceptron.fit(Self.x, targets: Self.classes.map { $0 == "a" ? 1 : 0 })
        try perceptron.save(to: url("perceptron.safetensors"))
        expected["perceptron.safetensors"] = Expected(inputs: inputs, outputBits: [],
                                                      labels: perceptron.predict(Self.x).map(String.init))

        // A training run paused in the middle of epoch 3 (after its 4th batch of 8), with Adam's
        // moments, a cosine schedule, dropout and shuffling, and the same run never paused.
        let (data, validation) = (Self.moons(count: 120, seed: 6), Self.moons(count: 40, seed: 7))
        let start = Network(inputSize: 2, hiddenLayers: [4, 4], outputSize: 2, activation: .tanh, dropout: 0.1, seed: 2)
        var paused = try Trainer(network: start, configuration: Self.checkpointConfiguration())
        var batches = 0
        try paused.fit(data, validation: validation, pauseRequested: { batches += 1; return batches == 2 * 8 + 4 }) { _, _ in .proceed }
        precondition(paused.state.epochProgress?.batches == 4, "the run did not pause where intended")
        try TrainingCheckpoint(trainer: paused).save(to: url("checkpoint.safetensors"))
        var uninterrupted = try Trainer(network: start, configuration: Self.checkpointConfiguration())
        try uninterrupted.fit(data, validation: validation)
        try uninterrupted.network.save(to: url("checkpoint_uninterrupted.safetensors"))
        let validationInputs = (0..<validation.features.rows).map { row in
            Array(validation.features.storage[(row * 2)..<(row * 2 + 2)])
        }
        expected["checkpoint_uninterrupted.safetensors"] = Expected(
            inputs: validationInputs, outputBits: Self.bits(uninterrupted.network.predict(validation.features)))

        // The command line: missing values filled, a text column one-hot encoded, standardised
        // numbers; `neural predict`'s output is kept as text.
        let penguins = Self.folder.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples/penguins.csv").path
        let model = url("cli_penguins.safetensors").path
        let trained = runNeural(["train", penguins, "--target", "species", "--hidden", "4", "--epochs", "5",
                                 "--seed", "1", "--model", model, "--quiet"])
        precondition(trained.code == 0, trained.error)
        let predicted = runNeural(["predict", model, penguins, "--probabilities"])
        precondition(predicted.code == 0, predicted.error)
        expected["cli_penguins.safetensors"] = Expected(inputs: [], outputBits: [], labels: [predicted.output])

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(expected).write(to: url("expected.json"))
    }

    static func checkpointConfiguration() -> TrainingConfiguration {
        var configuration = TrainingConfiguration(loss: .categoricalCrossEntropy)
        configuration.epochs = 6
        configuration.batchSize = 16
        configuration.schedule = .cosine
        configuration.learningRate = 0.02
        configuration.seed = 5
        return configuration
    }

    /// Two interleaved half circles with noise (the data of the trainer's tests).
    static func moons(count: Int, seed: UInt64) -> Dataset {
        var generator = SeededGenerator(seed: seed)
        var rows: [[Float]] = []
        var labels: [Int] = []
        for index in 0..<count {
            let upper = index % 2 == 0
            let angle = Double.pi * generator.nextUniform()
            let x = upper ? cos(angle) : 1 - cos(angle)
            let y = upper ? sin(angle) : 0.5 - sin(angle)
            rows.append([Float(x + 0.1 * generator.nextNormal()), Float(y + 0.1 * generator.nextNormal())])
            labels.append(upper ? 0 : 1)
        }
        return Dataset(features: Matrix(rows), targets: .classes(labels, classCount: 2))
    }
}
