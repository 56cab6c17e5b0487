import Foundation
import Testing
@testable import Neural
import NeuralExplanations

/// The conveniences of the public API: bare parameter vectors, names, `[Int]` labels, the
/// single-output decoding, the gradient check's verdict and its `Double` path, the one gradient
/// entry point, and the linear neuron's `partialFit` from given weights.
@Suite struct APIConvenienceTests {
    /// One Adam step on a bare vector. With m₀ = v₀ = 0 the first step has m̂ = g and v̂ = g², so
    /// θ₁ = θ₀ − η·g/(|g| + ε) = θ₀ − η·sign(g) up to ε/|g| ≤ 2e-8 (Kingma & Ba, Algorithm 1):
    /// (1, 2) − 0.1·(1, −1) = (0.9, 2.1). Float32 rounding of 0.9 and 2.1: within 1e-6.
    @Test func adamStepOnABareVector() {
        var weights = ParameterVector([1, 2])
        let adam = Adam()
        var state = adam.makeState(for: weights)
        adam.update(&weights, along: ParameterVector([0.5, -1]), learningRate: 0.1, state: &state)
        #expect(abs(weights.values[0] - 0.9) < 1e-6)
        #expect(abs(weights.values[1] - 2.1) < 1e-6)
        #expect(weights["values"]?.storage == weights.values)
    }

    @Test func tensorsByName() {
        var network = Network(inputSize: 3, hiddenLayers: [4], outputSize: 2, dropout: 0.2, seed: 1)
        // Dropout counts in the numbering: Dense(0), Dropout(1), Dense(2).
        #expect(network.parameters.layout.segments.map(\.name)
                == ["layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"])
        #expect(network.parameters["layers.2.weight"] == network.weight(ofLayer: 2))
        #expect(network.parameters["layers.1.weight"] == nil)
        let replacement = Matrix(rows: 2, columns: 4) { row, column in Float(row * 4 + column) }   // [out, in]
        network.parameters["layers.2.weight"] = replacement
        #expect(network.weight(ofLayer: 2) == replacement)
    }

    @Test func integerClassLabels() {
        let labels: [Int] = [0, 2, 1]
        #expect(Dataset.Targets.classes(labels, classCount: 3) == .classes([0, 2, 1] as [Int32], classCount: 3))
    }

    @Test func matrixFromDoubles() {
        let rows: [[Double]] = [[1.5, 2], [3, 4.25]]
        #expect(Matrix(rows) == Matrix([[1.5, 2], [3, 4.25]]))
    }

    /// One sigmoid output is the probability of class 1: below the threshold is class 0.
    @Test func thresholdOfASingleSigmoidOutput() {
        let p = Matrix([[0.2], [0.5], [0.9]])
        #expect(Decoding.threshold(p, at: 0.5) == [.single(0), .single(1), .single(1)])
        #expect(Decoding.threshold(p, at: 0.95) == [.single(0), .single(0), .single(0)])
        #expect(Decoding.classIndices(p) == [0, 1, 1])
        // Several columns: the first largest, as numpy's argmax (a tie goes to the first).
        #expect(Decoding.classIndices(Matrix([[0.1, 0.7, 0.2], [0.4, 0.4, 0.2]])) == [1, 0])
    }

    /// f(x) = x₀²·x₁ at (3, 2): ∂f/∂x₀ = 2x₀x₁ = 12, ∂f/∂x₁ = x₀² = 9. Central differences in
    /// Double with h = 1e-6 are exact to about 1e-9 here (truncation h²·f‴ ~ 1e-12, rounding
    /// ε·|f|/h ~ 4e-9), far inside gradcheck's atol 1e-5 + rtol 1e-3·|g|; a gradient off by one
    /// (13 instead of 12) is far outside it.
    @Test func doublePathPassesAndFails() {
        let f: ([Double]) -> Double = { x in x[0] * x[0] * x[1] }
        let good = GradientCheck.float64.run(at: [3, 2], function: f, gradient: [12, 9])
        #expect(good.passed)
        #expect(good.loss == 18)
        let bad = GradientCheck.float64.run(at: [3, 2], function: f, gradient: [13, 9])
        #expect(!bad.passed)
        #expect(bad.failures.map(\.index) == [0])
    }

    /// Back-propagation passes the Float32 check; a corrupted analytic value fails it.
    @Test func networkCheckPassesAndAWrongGradientFails() {
        let network = Network(inputSize: 3, hiddenLayers: [4], outputSize: 2, activation: .tanh, seed: 5)
        let x = Matrix([[0.3, -0.2, 0.5], [0.1, 0.4, -0.3]])
        let y = Matrix([[0], [1]])
        let check = GradientCheck.float32
        let result = check.run(network: network, inputs: x, targets: y, loss: .categoricalCrossEntropy)
        #expect(result.passed, "worst: \(result.worst)")
        let first = result.comparisons[0]
        let wrong = check.compare(name: first.parameterName, index: first.index, flatIndex: first.flatIndex,
                                  analytic: first.analytic * 2 + 0.01, numeric: first.numeric)
        #expect(!wrong.passed)
    }

    /// The generator is ignored, and not advanced, without dropout; with dropout it draws masks.
    @Test func oneGradientEntryPointForEveryNetwork() {
        let plain = Network(inputSize: 2, hiddenLayers: [3], outputSize: 1, seed: 2)
        let x = Matrix([[1, 2], [3, 4]])
        let y = Matrix([[1], [0]])
        var generator = SeededGenerator(seed: 9)
        let before = generator
        plain.computeGradients(inputs: x, targets: y, loss: .meanSquaredError,
                               workspace: TrainingWorkspace(for: plain, batchCapacity: 2), generator: &generator)
        #expect(generator == before)
        let dropped = Network(inputSize: 2, hiddenLayers: [3], outputSize: 1, dropout: 0.5, seed: 2)
        dropped.computeGradients(inputs: x, targets: y, loss: .meanSquaredError,
                                 workspace: TrainingWorkspace(for: dropped, batchCapacity: 2), generator: &generator)
        #expect(generator != before)
    }

    /// The lecture's step through the estimator: from w = (1, 2), b = 0 with η = 0.01, one
    /// full-batch step gives w = (0.86, 1.765), b = −0.05 (the arithmetic is in
    /// `LectureStepTests.oneGradientDescentStep`); the epoch's loss is the MSE before it, 16.5.
    @Test func partialFitIsTheLecturesStep() throws {
        var model = LinearRegression(learningRate: 0.01, initialWeights: [1, 2], initialBias: 0)
        try model.partialFit(LectureExample.inputs, LectureExample.targets)
        #expect(model.lossCurve == [16.5])
        // Float32: 0.86, 1.765 and −0.05 are not exact; one rounding each, within 1e-6.
        #expect(abs(model.coefficients[0] - 0.86) < 1e-6)
        #expect(abs(model.coefficients[1] - 1.765) < 1e-6)
        #expect(abs(model.intercept + 0.05) < 1e-6)
        try model.partialFit(LectureExample.inputs, LectureExample.targets)
        #expect(model.lossCurve.count == 2)
        #expect(model.lossCurve[1] < model.lossCurve[0])
        #expect(throws: EstimatorError.self) {
            var wrong = LinearRegression(initialWeights: [1, 2, 3])
            try wrong.fit(LectureExample.inputs, LectureExample.targets)
        }
    }

    /// `step(inputs:classes:)` is `step(inputs:targets:)` with the labels as the loss's targets;
    /// `predict` goes through the loss's link.
    @Test func trainerTakesIntegerLabelsAndPredictsProbabilities() throws {
        let network = Network(inputSize: 2, hiddenLayers: [4], outputSize: 3, seed: 3)
        var configuration = TrainingConfiguration(loss: .categoricalCrossEntropy)
        configuration.learningRate = 0.1
        var byLabels = try Trainer(network: network, configuration: configuration)
        var byMatrix = try Trainer(network: network, configuration: configuration)
        let x = Matrix([[0.5, 1], [1, -1], [-1, 0.5]])
        let lossA = try byLabels.step(inputs: x, classes: [2, 0, 1])
        let lossB = try byMatrix.step(inputs: x, targets: Matrix([[2], [0], [1]]))
        #expect(lossA == lossB)
        #expect(byLabels.network.parameters == byMatrix.network.parameters)
        let probabilities = byLabels.predict(x)
        #expect(probabilities == byLabels.network.predict(x, link: .softmax))
        #expect(throws: TrainingError.self) { try byLabels.step(inputs: x, classes: [0, 3, 1]) }
    }
}
