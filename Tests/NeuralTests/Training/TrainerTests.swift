import Foundation
import Testing
@testable import Neural

/// Learning smoke tests with fixed seeds (each about a second in a debug build), and the
/// trainer's promises: reproducibility, early stopping, exact resumption, failure handling.
@Suite struct TrainerTests {
    static func xor() -> Dataset {
        Dataset(features: Matrix([[0, 0], [0, 1], [1, 0], [1, 1]]), targets: .classes([0, 1, 1, 0], classCount: 2))
    }

    /// Two interleaved half-moons with a little noise, 2 classes.
    static func moons(count: Int, seed: UInt64) -> Dataset {
        var generator = SeededGenerator(seed: seed)
        var rows: [[Float]] = []
        var labels: [Int32] = []
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

    /// y = sin(x₁) + 0.5·x₂² − x₃ + noise(0.05).
    static func regression(count: Int, seed: UInt64) -> Dataset {
        var generator = SeededGenerator(seed: seed)
        var rows: [[Float]] = []
        var targets: [[Float]] = []
        for _ in 0..<count {
            let x = (0..<3).map { _ in generator.nextUniform(in: -1.5..<1.5) }
            rows.append(x.map(Float.init))
            targets.append([Float(sin(x[0]) + 0.5 * x[1] * x[1] - x[2] + 0.05 * generator.nextNormal())])
        }
        return Dataset(features: Matrix(rows), targets: .values(Matrix(targets)))
    }

    static func accuracy(_ network: Network, on data: Dataset, link: OutputLink) -> Double {
        let predictions = network.predict(data.features, link: link)
        guard case .classes(let labels, _) = data.targets else { return 0 }
        var correct = 0
        for row in 0..<data.count {
            let predicted = predictions.columns == 1
                ? (predictions[row, 0] > 0.5 ? 1 : 0)
                : (0..<predictions.columns).max { predictions[row, $0] < predictions[row, $1] } ?? 0
            if predicted == Int(labels[row]) { correct += 1 }
        }
        return Double(correct) / Double(data.count)
    }

    @Test func xorReachesFullAccuracy() throws {
        let network = Network(inputSize: 2, hiddenLayers: [8], outputSize: 1, activation: .tanh, seed: 3)
        var configuration = TrainingConfiguration(loss: .binaryCrossEntropy)
        configuration.optimizer = .adam(Adam())
        configuration.learningRate = 0.05
        configuration.batchSize = 4
        configuration.epochs = 300
        var trainer = try Trainer(network: network, configuration: configuration)
        let history = try trainer.fit(Self.xor())
        #expect(Self.accuracy(trainer.network, on: Self.xor(), link: .sigmoid) == 1)
        #expect(history.loss.last! < history.loss.first! / 10)
        #expect(history.metrics["accuracy"]?.last == 1)
    }

    @Test func moonsReachNinetySevenPercent() throws {
        let training = Self.moons(count: 400, seed: 1)
        let test = Self.moons(count: 400, seed: 2)
        let network = Network(inputSize: 2, hiddenLayers: [16, 16], outputSize: 2, activation: .relu, seed: 5)
        var configuration = TrainingConfiguration(loss: .categoricalCrossEntropy)
        configuration.learningRate = 0.01
        configuration.epochs = 60
        configuration.batchSize = 32
        var trainer = try Trainer(network: network, configuration: configuration)
        try trainer.fit(training)
        #expect(Self.accuracy(trainer.network, on: test, link: .softmax) >= 0.97)
    }

    @Test func regressionReachesHighR2() throws {
        let training = Self.regression(count: 600, seed: 11)
        let test = Self.regression(count: 300, seed: 12)
        let network = Network(inputSize: 3, hiddenLayers: [32], outputSize: 1, activation: .tanh, seed: 7)
        var configuration = TrainingConfiguration(loss: .meanSquaredError)
        configuration.learningRate = 0.01
        configuration.epochs = 80
        var trainer = try Trainer(network: network, configuration: configuration)
        try trainer.fit(training)
        let predictions = trainer.network.predict(test.features)
        guard case .values(let targets) = test.targets else { return }
        let r2 = Metrics.r2Score(actual: targets, predicted: predictions)
        #expect(r2 >= 0.95, "R² = \(r2)")
    }

    @Test func sameSeedGivesBitIdenticalWeights() throws {
        func train() throws -> [Float] {
            let network = Network(inputSize: 2, hiddenLayers: [8], outputSize: 2, activation: .relu, dropout: 0.2, seed: 9)
            var configuration = TrainingConfiguration(loss: .categoricalCrossEntropy)
            configuration.epochs = 5
            configuration.seed = 42
            configuration.validationFraction = 0.2
            var trainer = try Trainer(network: network, configuration: configuration)
            try trainer.fit(Self.moons(count: 100, seed: 4))
            return trainer.network.parameters.values
        }
        let first = try train()
        let second = try train()
        #expect(first.map(\.bitPattern) == second.map(\.bitPattern))
    }

    /// Resuming from a saved state (network + trainer state through JSON) ends with the same
    /// weights, bit for bit, as an uninterrupted run.
    @Test func resumingMatchesAnUninterruptedRun() throws {
        let data = Self.moons(count: 120, seed: 6)
        let network = Network(inputSize: 2, hiddenLayers: [8], outputSize: 2, activation: .tanh, dropout: 0.1, seed: 2)
        var configuration = TrainingConfiguration(loss: .categoricalCrossEntropy)
        configuration.epochs = 6
        configuration.schedule = .cosine
        configuration.learningRate = 0.02
        var uninterrupted = try Trainer(network: network, configuration: configuration)
        try uninterrupted.fit(data)

        var interrupted = try Trainer(network: network, configuration: configuration)
        try interrupted.fit(data) { report in report.epoch == 3 ? .stop : .proceed }
        #expect(interrupted.state.epoch == 3)
        // Save and restore through JSON, as a checkpoint would.
        var savedState = try JSONDecoder().decode(TrainerState.self, from: JSONEncoder().encode(interrupted.state))
        savedState.finished = false
        savedState.history.stopReason = .completed
        let savedNetwork = try JSONDecoder().decode(Network.self, from: JSONEncoder().encode(interrupted.network))
        var resumed = try Trainer(network: savedNetwork, configuration: configuration, state: savedState)
        let history = try resumed.fit(data)
        #expect(history.epochs == 6)
        #expect(resumed.network.parameters.values.map(\.bitPattern) == uninterrupted.network.parameters.values.map(\.bitPattern))
    }

    /// Early stopping with patience 2 on a validation set that the model overfits: it stops
    /// before the last epoch and puts back the weights of the best validation epoch.
    @Test func earlyStoppingRestoresTheBestWeights() throws {
        let training = Self.regression(count: 12, seed: 21)
        let validation = Self.regression(count: 50, seed: 22)
        let network = Network(inputSize: 3, hiddenLayers: [64], outputSize: 1, activation: .relu, seed: 1)
        var configuration = TrainingConfiguration(loss: .meanSquaredError)
        configuration.learningRate = 0.05
        configuration.epochs = 400
        configuration.batchSize = 12
        configuration.earlyStopping = EarlyStopping(monitor: .validationLoss, patience: 2)
        var trainer = try Trainer(network: network, configuration: configuration)
        let history = try trainer.fit(training, validation: validation)
        #expect(history.stopReason == .earlyStopping)
        let best = try #require(history.restoredEpoch)
        #expect(history.epochs < 400)
        #expect(history.validationLoss[best - 1] == history.validationLoss.min())
        #expect(history.epochs == best + 2)
        // The restored weights give the best epoch's validation loss again.
        guard case .values(let targets) = validation.targets else { return }
        let loss = trainer.network.evaluateLoss(inputs: validation.features, targets: targets, loss: .meanSquaredError)
        #expect(abs(loss - history.validationLoss[best - 1]) <= 1e-6 * max(1, loss))
    }

    @Test func nonFiniteLossStopsAndKeepsTheLastGoodWeights() throws {
        var rows = (0..<8).map { [Float($0), 1] }
        rows[5][0] = .infinity
        let data = Dataset(features: Matrix(rows), targets: .values(Matrix((0..<8).map { [Float($0)] })))
        let network = Network(inputSize: 2, hiddenLayers: [], outputSize: 1, seed: 0)
        var configuration = TrainingConfiguration(loss: .meanSquaredError)
        configuration.shuffle = false
        configuration.batchSize = 2
        var trainer = try Trainer(network: network, configuration: configuration)
        #expect(throws: TrainingError.self) { try trainer.fit(data) }
        do {
            var again = try Trainer(network: network, configuration: configuration)
            try again.fit(data)
        } catch {
            guard case .nonFiniteLoss(let epoch, let batch, _) = error else { Issue.record("\(error)"); return }
            #expect(epoch == 1 && batch == 3)
        }
        #expect(trainer.network.parameters.values.allSatisfy { $0.isFinite })
    }

    /// A gradient that overflows while the loss stays finite stops the step before any weight
    /// changes, naming the norm: without clipping or a norm limit (where the step checks the
    /// values for being finite instead of computing the norm) and with a limit.
    @Test(arguments: [nil, 1e6] as [Double?])
    func nonFiniteGradientStopsBeforeTheUpdate(limit: Double?) throws {
        var network = Network(inputSize: 2, hiddenLayers: [], outputSize: 1, seed: 0)
        network.parameters.values = [1e-38, 0, 0]  // layers.0.weight [1, 2], then layers.0.bias
        var configuration = TrainingConfiguration(loss: .meanSquaredError)
        configuration.maximumGradientNorm = limit
        var trainer = try Trainer(network: network, configuration: configuration)
        // z = 3e38 · 1e-38 ≈ 3, so the loss is ≈ 9, but ∂L/∂w₀ = 2 · 3 · 3e38 overflows Float.
        let inputs = Matrix([[3e38, 0]])
        let targets = Matrix([[0]])
        #expect(network.evaluateLoss(inputs: inputs, targets: targets, loss: .meanSquaredError).isFinite)
        do {
            _ = try trainer.step(inputs: inputs, targets: targets)
            Issue.record("a step with an infinite gradient went through")
        } catch {
            guard case .explodingGradient(_, _, let norm, let reportedLimit) = error else { Issue.record("\(error)"); return }
            #expect(norm == .infinity)
            #expect(reportedLimit == (limit ?? .infinity))
        }
        #expect(trainer.network.parameters.values == network.parameters.values)
        #expect(trainer.state.step == 0)
    }

    @Test func invalidConfigurationIsRejected() {
        var configuration = TrainingConfiguration(loss: .meanSquaredError)
        configuration.batchSize = 0
        #expect(throws: TrainingError.self) {
            try Trainer(network: Network(inputSize: 1, hiddenLayers: [], outputSize: 1, seed: 0), configuration: configuration)
        }
        configuration.batchSize = 1
        configuration.learningRate = -1
        #expect(throws: TrainingError.self) {
            try Trainer(network: Network(inputSize: 1, hiddenLayers: [], outputSize: 1, seed: 0), configuration: configuration)
        }
    }
}
