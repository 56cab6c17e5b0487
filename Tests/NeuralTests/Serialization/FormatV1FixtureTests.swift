import Foundation
import Testing
@testable import Neural

/// Model files written by model-format version 1 (weights stored `[in, out]`), committed in
/// `Fixtures/format_v1` with what each one predicted when it was written (`expected.json`; the
/// folder's README.md says how they were made). Each still loads and predicts the same bits,
/// and the checkpoint paused mid-epoch resumes to the weights of the run that was never paused.
@Suite struct FormatV1FixtureTests {
    struct Expected: Decodable {
        var inputs: [[Float]]
        var outputBits: [UInt32]
        var labels: [String]?
    }

    static func url(_ name: String) throws -> URL { try Fixtures.url("format_v1/\(name)") }

    static func expected(_ name: String) throws -> Expected {
        let all = try JSONDecoder().decode([String: Expected].self,
                                           from: Data(contentsOf: url("expected.json")))
        return try #require(all[name], "expected.json has no entry for \(name)")
    }

    static func inputs(_ expected: Expected) -> Matrix { Matrix(expected.inputs) }

    static func bits(_ matrix: Matrix) -> [UInt32] { matrix.storage.map(\.bitPattern) }
    static func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

    @Test func aPlainNetworkPredictsAsItDid() throws {
        let expected = try Self.expected("network.safetensors")
        let network = try Network(contentsOf: Self.url("network.safetensors"))
        #expect(network.layers.count == 5)
        #expect(Self.bits(network.predict(Self.inputs(expected))) == expected.outputBits)
    }

    @Test func anMLPClassifierPredictsAsItDid() throws {
        let expected = try Self.expected("mlp_classifier.safetensors")
        let model = try MLPClassifier<String>(contentsOf: Self.url("mlp_classifier.safetensors"))
        let x = Self.inputs(expected)
        #expect(Self.bits(try model.predictProbabilities(x)) == expected.outputBits)
        #expect(try model.predict(x) == expected.labels)
        // The same file as the command line reads it.
        let trained = try TrainedModel(contentsOf: Self.url("mlp_classifier.safetensors"))
        #expect(trained.network.parameters == model.network?.parameters)
    }

    @Test func anMLPRegressorPredictsAsItDid() throws {
        let expected = try Self.expected("mlp_regressor.safetensors")
        let model = try MLPRegressor(contentsOf: Self.url("mlp_regressor.safetensors"))
        #expect(Self.bits(try model.predict(Self.inputs(expected))) == expected.outputBits)
    }

    @Test func aLinearRegressionPredictsAsItDid() throws {
        let expected = try Self.expected("linear_regression.safetensors")
        let model = try LinearRegression(contentsOf: Self.url("linear_regression.safetensors"))
        #expect(Self.bits(try model.predict(Self.inputs(expected))) == expected.outputBits)
    }

    @Test func aLogisticRegressionPredictsAsItDid() throws {
        let expected = try Self.expected("logistic_regression.safetensors")
        let model = try LogisticRegression<String>(contentsOf: Self.url("logistic_regression.safetensors"))
        let x = Self.inputs(expected)
        #expect(Self.bits(try model.predictProbabilities(x)) == expected.outputBits)
        #expect(try model.predict(x) == expected.labels)
    }

    @Test func aPerceptronPredictsAsItDid() throws {
        let expected = try Self.expected("perceptron.safetensors")
        let model = try Perceptron(contentsOf: Self.url("perceptron.safetensors"))
        #expect(model.predict(Self.inputs(expected)).map(String.init) == expected.labels)
    }

    /// Paused after the 4th batch of epoch 3 (120 moons rows in batches of 16; Adam, a cosine
    /// schedule, dropout, shuffling), resumed here: the weights are those of the run that was
    /// never paused, both as it was saved when the fixtures were written and as it runs today.
    @Test func aCheckpointPausedMidEpochResumesToTheUninterruptedRun() throws {
        let checkpoint = try TrainingCheckpoint(contentsOf: Self.url("checkpoint.safetensors"))
        #expect(checkpoint.state.epoch == 2)
        #expect(checkpoint.state.epochProgress?.batches == 4)
        let data = TrainerTests.moons(count: 120, seed: 6)
        let validation = TrainerTests.moons(count: 40, seed: 7)
        var resumed = try checkpoint.trainer()
        try resumed.fit(data, validation: validation)

        let saved = try Network(contentsOf: Self.url("checkpoint_uninterrupted.safetensors"))
        #expect(Self.bits(resumed.network.parameters.values) == Self.bits(saved.parameters.values))
        let expected = try Self.expected("checkpoint_uninterrupted.safetensors")
        #expect(Matrix(expected.inputs) == validation.features)
        #expect(Self.bits(resumed.network.predict(validation.features)) == expected.outputBits)

        var uninterrupted = try Trainer(network: Network(inputSize: 2, hiddenLayers: [4, 4], outputSize: 2,
                                                         activation: .tanh, dropout: 0.1, seed: 2),
                                        configuration: checkpoint.configuration)
        try uninterrupted.fit(data, validation: validation)
        #expect(Self.bits(uninterrupted.network.parameters.values) == Self.bits(resumed.network.parameters.values))
        #expect(uninterrupted.state == resumed.state)
    }
}
