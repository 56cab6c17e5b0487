import Foundation
import Testing
@testable import Neural

/// What each preset changes in a configuration and in a network's initial weights (the
/// trajectories themselves are checked against the peers in `ParityTrajectoryTests`).
@Suite struct ParityPresetTests {
    static func base(loss: Loss = .meanSquaredError, optimizer: AnyOptimizer = .adam(Adam())) -> TrainingConfiguration {
        var configuration = TrainingConfiguration(loss: loss)
        configuration.optimizer = optimizer
        configuration.regularization = Regularization(l1: 1e-4, l2: 1e-2)
        configuration.schedule = .inverseScaling
        return configuration
    }

    @Test func pytorchMovesL2IntoCoupledWeightDecay() throws {
        let configuration = Self.base().applying(.pytorch)
        #expect(configuration.parity == .pytorch)
        guard case .adam(let adam) = configuration.optimizer else { Issue.record("not Adam"); return }
        #expect(adam.epsilonPlacement == .pytorch && adam.epsilon == 1e-8)
        #expect(abs(adam.weightDecay - 1e-2) < 1e-9)  // Float 1e-2 read back as Double
        #expect(configuration.regularization.l2 == 0 && configuration.regularization.l1 == 1e-4)
        #expect(configuration.loss == .meanSquaredError)
        #expect(configuration.schedule == .inverseScaling)
        // AdamW's decay is decoupled: the L2 coefficient stays a penalty.
        let adamW = Self.base(optimizer: .adamW(AdamW())).applying(.pytorch)
        #expect(adamW.regularization.l2 == 1e-2)
        guard case .sgd(let sgd) = Self.base(optimizer: .sgd(SGD(momentum: 0.9, momentumForm: .scikitLearn)))
            .applying(.pytorch).optimizer else { Issue.record("not SGD"); return }
        #expect(sgd.momentumForm == .pytorch)
    }

    @Test func scikitLearnHalvesMSEAndScalesThePenaltyByTheBatch() {
        let configuration = Self.base(optimizer: .sgd(SGD(momentum: 0.9, nesterov: true))).applying(.scikitLearn)
        #expect(configuration.loss == .halfMeanSquaredError)
        #expect(configuration.regularization == Regularization(l1: 1e-4, l2: 1e-2, scaling: .perSample))
        #expect(configuration.schedule == .scikitLearnInverseScaling)
        guard case .sgd(let sgd) = configuration.optimizer else { Issue.record("not SGD"); return }
        #expect(sgd.momentumForm == .scikitLearn && sgd.nesterov)
        var adaptive = Self.base()
        adaptive.schedule = .adaptive
        #expect(adaptive.applying(.scikitLearn).schedule == .scikitLearnAdaptive)
        guard case .adam(let adam) = Self.base().applying(.scikitLearn).optimizer else { Issue.record("not Adam"); return }
        #expect(adam.epsilonPlacement == .keras && adam.epsilon == 1e-8)
        // Cross-entropy is the same everywhere.
        #expect(Self.base(loss: .categoricalCrossEntropy).applying(.scikitLearn).loss == .categoricalCrossEntropy)
    }

    @Test func kerasUsesItsEpsilonAndItsL2() {
        let configuration = Self.base(loss: .halfMeanSquaredError).applying(.keras)
        guard case .adam(let adam) = configuration.optimizer else { Issue.record("not Adam"); return }
        #expect(adam.epsilonPlacement == .keras && adam.epsilon == 1e-7)
        // Keras's L2(λ) is λ·Σw²; Neural's l2 is the coefficient of Σw²/2.
        #expect(configuration.regularization == Regularization(l1: 1e-4, l2: 2e-2, scaling: .perBatch))
        #expect(configuration.loss == .meanSquaredError)
        // An ε chosen on purpose is kept.
        guard case .adam(let chosen) = Self.base(optimizer: .adam(Adam(epsilon: 1e-6))).applying(.keras).optimizer
        else { Issue.record("not Adam"); return }
        #expect(chosen.epsilon == 1e-6)
    }

    @Test func applyingIsIdempotentAndNoneChangesNothing() {
        let once = Self.base().applying(.keras)
        #expect(once.applying(.keras) == once)
        #expect(once.applying(.none) == once)
        #expect(Self.base().applying(.none) == Self.base())
    }

    @Test func configurationsWithAndWithoutParityDecode() throws {
        let configuration = Self.base().applying(.scikitLearn)
        let data = try JSONEncoder().encode(configuration)
        #expect(try JSONDecoder().decode(TrainingConfiguration.self, from: data) == configuration)
        // A configuration stored before presets existed has no "parity" key.
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        object["parity"] = nil
        let old = try JSONSerialization.data(withJSONObject: object)
        #expect(try JSONDecoder().decode(TrainingConfiguration.self, from: old).parity == nil)
    }

    @Test func names() {
        #expect(Parity(name: "sklearn") == .scikitLearn)
        #expect(Parity(name: "Scikit-Learn") == .scikitLearn)
        #expect(Parity(name: "torch") == .pytorch)
        #expect(Parity(name: "keras") == .keras)
        #expect(Parity(name: "none") == Parity.none)
        #expect(Parity(name: "tensorflow") == nil)
        #expect(Parity.scikitLearn.rawValue == "sklearn")
    }

    @Test func defaultBatchSizes() {
        #expect(Parity.scikitLearn.defaultBatchSize(sampleCount: 150) == 150)
        #expect(Parity.scikitLearn.defaultBatchSize(sampleCount: 5000) == 200)
        #expect(Parity.keras.defaultBatchSize(sampleCount: 5000) == 32)
    }

    /// The peers' initial distributions: every weight and bias within the peer's bound, biases
    /// drawn (PyTorch, scikit-learn) or zero (Keras).
    @Test func initialWeights() {
        let torch = Network(inputSize: 16, hiddenLayers: [9], outputSize: 3, activation: .relu, parity: .pytorch, seed: 1)
        let torchBound = Float(1 / 16.0.squareRoot())
        #expect(torch.weight(ofLayer: 0).storage.allSatisfy { abs($0) <= torchBound })
        #expect(torch.bias(ofLayer: 0).storage.allSatisfy { abs($0) <= torchBound && $0 != 0 })
        #expect(torch.bias(ofLayer: 1).storage.allSatisfy { abs($0) <= Float(1 / 9.0.squareRoot()) && $0 != 0 })

        let sklearn = Network(inputSize: 16, hiddenLayers: [9], outputSize: 3, activation: .sigmoid, parity: .scikitLearn, seed: 1)
        #expect(sklearn.layers.compactMap(\.dense).allSatisfy { $0.initializer == .scikitLearnLogistic })
        let logisticBound = Float((2 / 25.0).squareRoot())
        #expect(sklearn.weight(ofLayer: 0).storage.allSatisfy { abs($0) <= logisticBound })
        #expect(sklearn.bias(ofLayer: 0).storage.allSatisfy { abs($0) <= logisticBound && $0 != 0 })
        #expect(Network(inputSize: 4, hiddenLayers: [6], outputSize: 1, activation: .tanh, parity: .scikitLearn, seed: 1)
            .layers.compactMap(\.dense).allSatisfy { $0.initializer == .scikitLearn })

        let keras = Network(inputSize: 16, hiddenLayers: [9], outputSize: 3, activation: .relu, dropout: 0.1, parity: .keras, seed: 1)
        #expect(keras.layers.count == 3)
        #expect(keras.layers.compactMap(\.dense).allSatisfy { $0.initializer == .glorotUniform })
        #expect(keras.bias(ofLayer: 0).storage.allSatisfy { $0 == 0 })

        let own = Network(inputSize: 16, hiddenLayers: [9], outputSize: 3, activation: .relu, parity: .none, seed: 1)
        #expect(own.parameters == Network(inputSize: 16, hiddenLayers: [9], outputSize: 3, activation: .relu, seed: 1).parameters)
    }

    @Test func initializerBounds() {
        #expect(Initializer.pytorchLinear.uniformLimit(fanIn: 25, fanOut: 7)! == 0.2)
        #expect(abs(Initializer.scikitLearn.biasLimit(fanIn: 4, fanOut: 2)! - 1) < 1e-12)
        #expect(abs(Initializer.scikitLearnLogistic.uniformLimit(fanIn: 1, fanOut: 1)! - 1) < 1e-12)
        #expect(Initializer.glorotUniform.biasLimit(fanIn: 4, fanOut: 2) == nil)
    }
}
