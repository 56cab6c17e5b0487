import Foundation
import Testing
import Neural

@Suite struct NetworkTests {
    @Test func builderLayoutAndNames() {
        let network = Network(inputSize: 4, hiddenLayers: [8, 6], outputSize: 3, activation: .tanh, seed: 1)
        #expect(network.inputSize == 4 && network.outputSize == 3)
        #expect(network.layers.count == 3)
        let segments = network.parameters.layout.segments
        #expect(segments.map(\.name) == ["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias",
                                         "layers.2.weight", "layers.2.bias"])
        #expect(segments.map(\.shape) == [[8, 4], [8], [6, 8], [6], [3, 6], [3]])   // weights [out, in]
        // 4·8 + 8 + 8·6 + 6 + 6·3 + 3 = 32 + 8 + 48 + 6 + 18 + 3 = 115
        #expect(network.parameters.values.count == 115)
        // Biases start at zero; weights do not.
        #expect(network.bias(ofLayer: 1).storage.allSatisfy { $0 == 0 })
        #expect(network.weight(ofLayer: 0).storage.contains { $0 != 0 })
        // Dropout layers take no parameters and keep the names of dense layers by list index.
        let withDropout = Network(inputSize: 4, hiddenLayers: [8], outputSize: 2, dropout: 0.5, seed: 1)
        #expect(withDropout.parameters.layout.segments.map(\.name)
                == ["layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"])
    }

    @Test func forwardMatchesTheFormula() {
        // y = tanh(x·W0ᵀ + b0)·W1ᵀ + b1 by hand-built matrices (weights [out, in], as nn.Linear's).
        var network = Network(layers: [.dense(Dense(inputSize: 2, outputSize: 2, activation: .tanh)),
                                       .dense(Dense(inputSize: 2, outputSize: 1))], seed: 0)
        network.setParameters(ofLayer: 0, weight: Matrix([[1, 0.5], [-1, 2]]), bias: [0.1, -0.2])
        network.setParameters(ofLayer: 1, weight: Matrix([[2, -3]]), bias: [0.5])
        let x = Matrix([[1, 2], [-1, 0.5]])
        // Row 1: z = (1 + 1 + 0.1, −1 + 4 − 0.2) = (2.1, 2.8); y = 2·tanh 2.1 − 3·tanh 2.8 + 0.5
        // Row 2: z = (−1 + 0.25 + 0.1, 1 + 1 − 0.2) = (−0.65, 1.8); y = 2·tanh(−0.65) − 3·tanh 1.8 + 0.5
        let expected = [2 * tanh(2.1) - 3 * tanh(2.8) + 0.5, 2 * tanh(-0.65) - 3 * tanh(1.8) + 0.5]
        let y = network.predict(x)
        for (value, target) in zip(y.storage, expected) { #expect(abs(Double(value) - target) < 1e-5) }
        // The link is applied on request: sigmoid of the logits.
        let p = network.predict(x, link: .sigmoid)
        for (value, logit) in zip(p.storage, y.storage) { #expect(abs(value - 1 / (1 + exp(-logit))) < 1e-6) }
    }

    @Test func inferenceWorkspaceIsReused() {
        let network = Network(inputSize: 5, hiddenLayers: [16, 8], outputSize: 4, seed: 2)
        var generator = SeededGenerator(seed: 3)
        let x = Matrix(rows: 10, columns: 5) { _, _ in Float(generator.nextNormal()) }
        let workspace = InferenceWorkspace()
        var output = Matrix(rows: 10, columns: 4)
        network.predict(x, link: .softmax, into: &output, workspace: workspace)
        let address = output.withUnsafeBufferPointer { $0.baseAddress }
        network.predict(x, link: .softmax, into: &output, workspace: workspace)
        #expect(output.withUnsafeBufferPointer { $0.baseAddress } == address)
        #expect(output == network.predict(x, link: .softmax))
        for row in 0..<output.rows { #expect(abs(output.row(row).reduce(0, +) - 1) < 1e-6) }
    }

    @Test func trainingStepAllocatesNoNewBuffers() {
        let network = Network(inputSize: 3, hiddenLayers: [7, 5], outputSize: 4, activation: .relu, dropout: 0.2, seed: 5)
        var generator = SeededGenerator(seed: 6)
        let x = Matrix(rows: 8, columns: 3) { _, _ in Float(generator.nextNormal()) }
        let y = Matrix(rows: 8, columns: 1) { row, _ in Float(row % 4) }
        let workspace = TrainingWorkspace(for: network, batchCapacity: 8)
        func addresses() -> [UnsafeRawPointer?] {
            [workspace.storageAddress,
             workspace.gradients.values.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) },
             UnsafeRawPointer(workspace.outputs.baseAddress)]
        }
        _ = network.computeGradients(inputs: x, targets: y, loss: .categoricalCrossEntropy,
                                     workspace: workspace, generator: &generator)
        let first = addresses()
        for _ in 0..<3 {
            _ = network.computeGradients(inputs: x, targets: y, loss: .categoricalCrossEntropy,
                                         regularization: .l2(1e-3), workspace: workspace, generator: &generator)
            #expect(addresses() == first)
        }
    }

    /// A partial batch (fewer rows than the workspace holds) gives exactly the gradient of a
    /// workspace sized for it: the same operations on the same rows.
    @Test func partialBatches() {
        let network = Network(inputSize: 3, hiddenLayers: [6], outputSize: 2, activation: .gelu, seed: 9)
        var generator = SeededGenerator(seed: 10)
        let x = Matrix(rows: 3, columns: 3) { _, _ in Float(generator.nextNormal()) }
        let y = Matrix(rows: 3, columns: 2) { _, _ in Float(generator.nextNormal()) }
        let large = TrainingWorkspace(for: network, batchCapacity: 32)
        let exact = TrainingWorkspace(for: network, batchCapacity: 3)
        var masks = SeededGenerator(seed: 0)  // no dropout: not used
        let lossLarge = network.computeGradients(inputs: x, targets: y, loss: .huber(), workspace: large, generator: &masks)
        let lossExact = network.computeGradients(inputs: x, targets: y, loss: .huber(), workspace: exact, generator: &masks)
        #expect(lossLarge == lossExact)
        #expect(large.gradients == exact.gradients)
        #expect(large.batchSize == 3)
        #expect(large.outputMatrix == network.predict(x))
    }

    @Test func dropoutScalesInTrainingOnly() {
        // One dense identity layer with W = I, b = 0, then dropout 0.25: kept values are x/(1 − 0.25).
        var network = Network(layers: [.dense(Dense(inputSize: 4, outputSize: 4)), .dropout(Dropout(rate: 0.25))], seed: 0)
        network.setParameters(ofLayer: 0, weight: Matrix(rows: 4, columns: 4) { $0 == $1 ? 1 : 0 }, bias: [0, 0, 0, 0])
        let rows = 500
        let x = Matrix(rows: rows, columns: 4, repeating: 3)
        // Inference: the identity.
        #expect(network.predict(x) == x)
        // Training: each element is 0 or 3/0.75 = 4.
        let workspace = TrainingWorkspace(for: network, batchCapacity: rows)
        var generator = SeededGenerator(seed: 12)
        _ = network.computeGradients(inputs: x, targets: x, loss: .meanSquaredError,
                                     workspace: workspace, generator: &generator)
        let outputs = Array(workspace.outputs)
        #expect(outputs.allSatisfy { $0 == 0 || $0 == 4 })
        // 2000 elements dropped with probability 0.25: mean 500, standard deviation √(2000·0.25·0.75) = 19.4;
        // ±100 is > 5σ. The mean output then stays near 3 (inverted scaling keeps the expectation).
        let dropped = outputs.filter { $0 == 0 }.count
        #expect(abs(dropped - 500) < 100)
        // The same generator state gives the same mask.
        var again = SeededGenerator(seed: 12)
        let second = TrainingWorkspace(for: network, batchCapacity: rows)
        _ = network.computeGradients(inputs: x, targets: x, loss: .meanSquaredError, workspace: second, generator: &again)
        #expect(Array(second.outputs) == outputs)
        // Validation loss (no dropout) sees the identity: MSE of x against itself is 0.
        #expect(network.evaluateLoss(inputs: x, targets: x, loss: .meanSquaredError) == 0)
    }

    @Test func regularizationPenalties() {
        var network = Network(layers: [.dense(Dense(inputSize: 2, outputSize: 1))], seed: 0)
        network.setParameters(ofLayer: 0, weight: Matrix([[1, -2]]), bias: [5])
        // Weights only: l1 → 0.1·(1 + 2) = 0.3; l2 → 0.1/2·(1 + 4) = 0.25;
        // scikit-learn on a batch of 4: 0.1/(2·4)·5 = 0.0625. The bias (5) never counts.
        #expect(abs(Regularization.l1(0.1).penalty(of: network.parameters, sampleCount: 4) - 0.3) < 1e-7)
        #expect(abs(Regularization.l2(0.1).penalty(of: network.parameters, sampleCount: 4) - 0.25) < 1e-7)
        #expect(abs(Regularization.scikitLearn(alpha: 0.1).penalty(of: network.parameters, sampleCount: 4) - 0.0625) < 1e-8)
        #expect(Regularization.none.penalty(of: network.parameters, sampleCount: 4) == 0)
        // With zero data loss (targets equal to predictions) the gradient is the penalty's alone:
        // scikit-learn L2 on 4 rows → (0.1/4)·w = (0.025, −0.05), bias 0.
        let x = Matrix([[1, 0], [0, 1], [1, 1], [2, 1]])
        let y = network.predict(x)
        let workspace = TrainingWorkspace(for: network, batchCapacity: 4)
        var masks = SeededGenerator(seed: 0)  // no dropout: not used
        let loss = network.computeGradients(inputs: x, targets: y, loss: .meanSquaredError,
                                            regularization: .scikitLearn(alpha: 0.1), workspace: workspace, generator: &masks)
        #expect(abs(loss - 0.0625) < 1e-8)
        let expected: [Float] = [0.025, -0.05, 0]
        for (value, target) in zip(workspace.gradients.values, expected) { #expect(abs(value - target) < 1e-8) }
    }

    @Test func layerListIsCodableJSON() throws {
        let json = """
        [{"type": "dense", "inputSize": 4, "outputSize": 8, "activation": {"name": "relu"}},
         {"type": "dropout", "rate": 0.5},
         {"type": "dense", "inputSize": 8, "outputSize": 3}]
        """
        let layers = try JSONDecoder().decode([Layer].self, from: Data(json.utf8))
        #expect(layers == [.dense(Dense(inputSize: 4, outputSize: 8, activation: .relu)),
                           .dropout(Dropout(rate: 0.5)),
                           .dense(Dense(inputSize: 8, outputSize: 3))])
        #expect(layers[0].dense?.initializer == .heUniform)  // the activation's default
        let roundTrip = try JSONDecoder().decode([Layer].self, from: JSONEncoder().encode(layers))
        #expect(roundTrip == layers)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Layer.self, from: Data(#"{"type": "conv"}"#.utf8))
        }
    }

    @Test func networkRoundTripsThroughJSON() throws {
        let network = Network(inputSize: 3, hiddenLayers: [5], outputSize: 2, activation: .elu(alpha: 0.5), seed: 4)
        let decoded = try JSONDecoder().decode(Network.self, from: JSONEncoder().encode(network))
        let x = Matrix([[0.1, -0.2, 0.3]])
        #expect(decoded.predict(x) == network.predict(x))
        #expect(decoded.layers == network.layers)
    }

    /// A dropout layer as a model file could describe it, bypassing the initialiser's check.
    static func unchecked(rate: Float) -> Dropout {
        let json = #"{"rate": \#(rate)}"#
        guard let dropout = try? JSONDecoder().decode(Dropout.self, from: Data(json.utf8)) else {
            preconditionFailure("cannot decode \(json)")
        }
        return dropout
    }

    @Test func invalidLayerListsAreReported() {
        let parameters = ParameterVector(layout: ParameterLayout())
        #expect(throws: NetworkError.noDenseLayer) { try Network(layers: [.dropout(Dropout(rate: 0.1))], parameters: parameters) }
        let mismatched: [Layer] = [.dense(Dense(inputSize: 3, outputSize: 4)), .dense(Dense(inputSize: 5, outputSize: 1))]
        #expect(throws: NetworkError.sizeMismatch(layer: 1, expectedInputSize: 4, inputSize: 5)) {
            try Network(layers: mismatched, parameters: parameters)
        }
        #expect(throws: NetworkError.invalidDropoutRate(layer: 1, rate: 1)) {
            try Network.validate(layers: [.dense(Dense(inputSize: 3, outputSize: 4)), .dropout(Dropout(rate: 0.5)),
                                          .dense(Dense(inputSize: 4, outputSize: 2))].enumerated().map { index, layer in
                index == 1 ? Layer.dropout(Self.unchecked(rate: 1)) : layer
            })
        }
        let good: [Layer] = [.dense(Dense(inputSize: 3, outputSize: 4))]
        #expect(throws: Never.self) { try Network.validate(layers: good) }
        #expect(throws: NetworkError.self) { try Network(layers: good, parameters: parameters) }
        let layout = Network.parameterLayout(for: good)
        #expect(throws: Never.self) { try Network(layers: good, parameters: ParameterVector(layout: layout)) }
    }
}
