import Foundation
import Testing
import Neural

/// A client of the library, written against the DocC articles only (`Sources/Neural/Neural.docc`):
/// it imports `Neural` as a user's package does (no `@testable`), so it sees the public API alone.
/// Each test follows one article's code.
@Suite struct ClientTests {
    static let x = Matrix([[0, 0], [0, 1], [1, 0], [1, 1]])

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appending(path: "neural-client-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// "From the neuron to the MLP": build, fit, predict, save and load a network.
    @Test func networkBuildFitPredictSaveLoad() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let network = Network(inputSize: 2, hiddenLayers: [8], outputSize: 2, activation: .tanh, seed: 1)
        #expect(network.parameters.layout.segments.map(\.name)
                == ["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"])
        let data = Dataset(features: Self.x, targets: .classes([0, 1, 1, 0], classCount: 2))
        var configuration = TrainingConfiguration(loss: .categoricalCrossEntropy)
        configuration.optimizer = .adam(Adam())
        configuration.learningRate = 0.05
        configuration.epochs = 300
        configuration.batchSize = 4
        var trainer = try Trainer(network: network, configuration: configuration)
        try trainer.fit(data)
        let probabilities = trainer.predict(Self.x)
        #expect(Decoding.classIndices(probabilities) == [0, 1, 1, 0])
        let url = folder.appending(path: "xor.safetensors")
        try trainer.network.save(to: url)
        let reloaded = try Network(contentsOf: url)
        #expect(reloaded.predict(Self.x, link: .softmax) == probabilities)
    }

    /// "From the neuron to the MLP": an MLPClassifier fitted, saved and loaded.
    @Test func mlpClassifierFitPredictSaveLoad() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var model = MLPClassifier<Int>(hiddenLayerSizes: [8], activation: .tanh,
                                       learningRateInit: 0.05, maxIter: 500, randomState: 1)
        try model.fit(Self.x, [0, 1, 1, 0])
        let labels = try model.predict(Self.x)
        let url = folder.appending(path: "xor-mlp.safetensors")
        try model.save(to: url)
        let again = try MLPClassifier<Int>(contentsOf: url)
        #expect(try again.predict(Self.x) == labels)
        #expect(again.classes == [0, 1])
    }

    /// "Optimizers and schedules": one Adam step on a bare vector; the first step is η·sign(g)
    /// up to ε/|g| (m̂ = g, v̂ = g²), so (1, 2) − 0.1·(1, −1) = (0.9, 2.1) within Float32 rounding.
    @Test func oneAdamStepOnABareVector() {
        var weights = ParameterVector([1, 2])
        let adam = Adam()
        var state = adam.makeState(for: weights)
        adam.update(&weights, along: ParameterVector([0.5, -1]), learningRate: 0.1, state: &state)
        #expect(abs(weights.values[0] - 0.9) < 1e-6)
        #expect(abs(weights.values[1] - 2.1) < 1e-6)
        // The state the rule made and the update advanced: m = (1 − β1)·g = 0.1·(0.5, −1),
        // (1 − 0.9) formed in Double and rounded to Float, times g: exact to Float rounding.
        #expect(state.step == 1)
        #expect(state["first_moment"] == [Float(0.1) * 0.5, Float(0.1) * -1])
    }

    /// "From the neuron to the MLP": gradient checks with a verdict.
    @Test func gradientCheckWithAVerdict() {
        let network = Network(inputSize: 2, hiddenLayers: [8], outputSize: 2, activation: .tanh, seed: 1)
        let check = GradientCheck.float32.run(network: network, inputs: Self.x,
                                              targets: Matrix([[0], [1], [1], [0]]),
                                              loss: .categoricalCrossEntropy)
        #expect(check.passed, "worst: \(check.worst)")
        let f: ([Double]) -> Double = { v in v[0] * v[0] * v[1] }
        #expect(GradientCheck.float64.run(at: [3, 2], function: f, gradient: [12, 9]).passed)
        #expect(!GradientCheck.float64.run(at: [3, 2], function: f, gradient: [12, 10]).passed)
    }

    /// "From the neuron to the MLP": the lecture's one gradient-descent step from w = (1, 2),
    /// b = 0 with η = 0.01 (the arithmetic is in the article): loss 16.5, then w = (0.86, 1.765),
    /// b = −0.05, each one Float32 rounding away (within 1e-6).
    @Test func theLecturesGradientDescentStep() throws {
        let x = Matrix([[2, 3], [3, 5], [1, 0], [3, 1]])
        let y: [Float] = [4, 6, 2, 5]
        var neuron = LinearRegression(learningRate: 0.01, initialWeights: [1, 2], initialBias: 0)
        try neuron.partialFit(x, y)
        #expect(neuron.lossCurve == [16.5])
        #expect(abs(neuron.coefficients[0] - 0.86) < 1e-6)
        #expect(abs(neuron.coefficients[1] - 1.765) < 1e-6)
        #expect(abs(neuron.intercept + 0.05) < 1e-6)
    }
}
