import Testing
@testable import Neural
@testable import NeuralONNX

/// `DenseStack(network:…)` and `Network(denseStack:)`: the ONNX form of a trained network
/// computes what the network computes, and the mapping round-trips.
@Suite struct NetworkDenseStackTests {
    /// A small network trained a few epochs (so its weights are not the initial ones), with
    /// every activation and a dropout layer.
    static func trainedNetwork(activation: Activation) throws -> Network {
        let network = Network(inputSize: 4, hiddenLayers: [6, 5], outputSize: 3, activation: activation,
                              dropout: 0.2, seed: 5)
        var configuration = TrainingConfiguration(loss: .categoricalCrossEntropy)
        configuration.epochs = 3
        configuration.batchSize = 3
        configuration.learningRate = 0.05
        var trainer = try Trainer(network: network, configuration: configuration)
        let features = ONNXTestStacks.inputs
        try trainer.fit(Dataset(features: features, targets: .classes([0, 1, 2, 0, 1, 2], classCount: 3)))
        return trainer.network
    }

    /// Tolerance 1e-5 absolute on values of order 1: the network's pass uses the packed GEMM
    /// and the C activation kernels, the stack's reference pass a naive product and Foundation's
    /// functions; they differ by float32 rounding (a few ulps per layer).
    @Test(arguments: Activation.allCases)
    func stackPredictsWhatTheNetworkPredicts(activation: Activation) throws {
        let network = try Self.trainedNetwork(activation: activation)
        let stack = try DenseStack(network: network, link: .softmax)
        #expect(stack.layers.count == 3)  // the dropout layers are not exported
        #expect(stack.outputLink == .softmax)
        let inputs = ONNXTestStacks.inputs
        let expected = network.predict(inputs, link: .softmax)
        let actual = stack.predictions(for: inputs)
        let largest = zip(expected.storage, actual.storage).map { abs($0 - $1) }.max() ?? 0
        #expect(largest < 1e-5, "\(activation): \(largest)")

        let back = try Network(denseStack: stack)
        #expect(back.layers.compactMap(\.dense).map(\.activation) == network.layers.compactMap(\.dense).map(\.activation))
        #expect(back.predict(inputs, link: stack.outputLink.link) == network.predict(inputs, link: .softmax))
        #expect(try DenseStack(network: back, link: .softmax) == stack)
    }

    @Test func standardisationIsKeptOrFolded() throws {
        let network = try Self.trainedNetwork(activation: .tanh)
        let mean: [Float] = [0.5, -1, 2, 0]
        let scale: [Float] = [2, 0.5, 1.5, 1]
        let stack = try DenseStack(network: network, link: .identity, inputMean: mean, inputScale: scale)
        #expect(throws: ONNXError.self) { try Network(denseStack: stack) }
        let folded = try Network(denseStack: stack, foldingPreprocessing: true)
        let inputs = ONNXTestStacks.inputs
        let expected = stack.predictions(for: inputs)
        // Folding changes the rounding of the first layer only: 1e-5 on values of order 1.
        let largest = zip(folded.predict(inputs).storage, expected.storage).map { abs($0 - $1) }.max() ?? 0
        #expect(largest < 1e-5)
    }

    @Test func badPreprocessingIsRejected() throws {
        let network = try Self.trainedNetwork(activation: .relu)
        #expect(throws: ONNXError.self) { try DenseStack(network: network, inputMean: [0, 0]) }
        #expect(throws: ONNXError.self) { try DenseStack(network: network, inputScale: [1, 0, 1, 1]) }
    }
}
