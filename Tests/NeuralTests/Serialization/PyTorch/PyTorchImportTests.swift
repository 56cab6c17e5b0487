import Foundation
import Testing
@testable import Neural

/// Weights of a PyTorch `nn.Sequential` saved by the real `safetensors.torch.save_file`
/// (`Fixtures/pytorch_state_dict.safetensors`, written by `generate_parity_reference.py` with
/// the versions recorded in `pytorch_state_dict_expected.json`) load into a `Network` that gives
/// PyTorch's outputs.
@Suite struct PyTorchImportTests {
    struct Expected: Decodable {
        var architecture: String
        var keys: [String]
        var inputs: [[Double]]
        var logits: [[Double]]
        var probabilities: [[Double]]
    }

    static func fixture() throws -> (SafeTensorsFile, Expected) {
        let file = try SafeTensorsFile.read(from: Fixtures.url("pytorch_state_dict.safetensors"))
        let expected = try Fixtures.decode(Expected.self, from: "pytorch_state_dict_expected.json")
        return (file, expected)
    }

    static func largestDifference(_ matrix: Matrix, _ expected: [[Double]]) -> Double {
        var largest = 0.0
        for (row, values) in expected.enumerated() {
            for (column, value) in values.enumerated() {
                largest = max(largest, abs(Double(matrix[row, column]) - value))
            }
        }
        return largest
    }

    /// Tolerance 1e-5 absolute on outputs of magnitude ≤ 1.5: both sides compute the same three
    /// float32 layers with different summation orders and `tanh` implementations (a few ulps
    /// each); the difference measured is 3e-8.
    @Test func outputsMatchPyTorch() throws {
        let (file, expected) = try Self.fixture()
        #expect(file.tensors.map(\.name).sorted() == expected.keys)
        let network = try Network(pytorchStateDict: file, architecture: expected.architecture)
        #expect(network.layers.count == 3)
        #expect(network.inputSize == 4 && network.outputSize == 3)
        let inputs = Matrix(expected.inputs.map { $0.map(Float.init) })
        #expect(Self.largestDifference(network.predict(inputs), expected.logits) < 1e-5)
        #expect(Self.largestDifference(network.predict(inputs, link: .softmax), expected.probabilities) < 1e-5)
    }

    /// An imported network can be fine-tuned: a few Adam steps on labels of its own inputs
    /// (here the classes PyTorch's model predicts, with the first one flipped) lower the loss.
    @Test func importedNetworkCanBeFineTuned() throws {
        let (file, expected) = try Self.fixture()
        let network = try Network(pytorchStateDict: file, architecture: expected.architecture)
        let inputs = Matrix(expected.inputs.map { $0.map(Float.init) })
        var labels = expected.probabilities.map { row in Float(row.indices.max { row[$0] < row[$1] } ?? 0) }
        labels[0] = labels[0] == 0 ? 1 : 0
        let targets = Matrix(labels.map { [$0] })
        var configuration = TrainingConfiguration(loss: .categoricalCrossEntropy)
        configuration.learningRate = 0.01
        var trainer = try Trainer(network: network, configuration: configuration)
        let before = try trainer.step(inputs: inputs, targets: targets)
        for _ in 0..<30 { _ = try trainer.step(inputs: inputs, targets: targets) }
        let after = network.evaluateLoss(inputs: inputs, targets: targets, loss: .categoricalCrossEntropy)
        let tuned = trainer.network.evaluateLoss(inputs: inputs, targets: targets, loss: .categoricalCrossEntropy)
        #expect(abs(after - before) <= 1e-6 * max(1, before))   // the first step's loss is the imported model's
        #expect(tuned < before)
    }

    /// The 2nd linear layer (`3.weight`, `[8, 16]` in PyTorch) is `[8, 16]` in Neural too: the
    /// same `[out, in]` layout, taken without a transpose.
    @Test func weightsKeepPyTorchsLayout() throws {
        let (file, expected) = try Self.fixture()
        let network = try Network(pytorchStateDict: file, architecture: expected.architecture)
        let torchWeight = try #require(file.tensor(named: "3.weight"))
        #expect(torchWeight.shape == [8, 16])
        let weight = network.weight(ofLayer: 1)
        #expect(weight.rows == 8 && weight.columns == 16)
        #expect(weight.storage.map(\.bitPattern) == torchWeight.values.map(\.bitPattern))
        #expect(weight[2, 5] == torchWeight.values[2 * 16 + 5])
    }

    @Test func explicitPrefixesAndAnArchitectureValue() throws {
        let (file, expected) = try Self.fixture()
        let architecture = try DenseArchitecture(expected.architecture)
        let network = try Network(pytorchStateDict: file, architecture: architecture, prefixes: ["0", "3", "5"])
        let inputs = Matrix(expected.inputs.map { $0.map(Float.init) })
        #expect(Self.largestDifference(network.predict(inputs), expected.logits) < 1e-5)
    }

    @Test func mismatchesAreNamed() throws {
        let (file, _) = try Self.fixture()
        #expect(throws: PyTorchImportError.layerCountMismatch(expected: 2, found: 3, prefixes: ["0", "3", "5"])) {
            try Network(pytorchStateDict: file, architecture: "4-16-relu-3")
        }
        #expect(throws: PyTorchImportError.shapeMismatch(name: "0.weight", expected: [12, 4], found: [16, 4])) {
            try Network(pytorchStateDict: file, architecture: "4-12-relu-8-tanh-3")
        }
        var missingBias = file
        missingBias.tensors.removeAll { $0.name == "5.bias" }
        #expect(throws: PyTorchImportError.missingTensor(name: "5.bias")) {
            try Network(pytorchStateDict: missingBias, architecture: "4-16-relu-8-tanh-3")
        }
        var extra = file
        extra.tensors.append(SafeTensor(name: "1.running_mean", shape: [16], values: .init(repeating: 0, count: 16)))
        #expect(throws: PyTorchImportError.unexpectedTensors(names: ["1.running_mean"])) {
            try Network(pytorchStateDict: extra, architecture: "4-16-relu-8-tanh-3")
        }
        var broken = file
        broken.tensors[0].values[0] = .nan
        #expect(throws: PyTorchImportError.self) {
            try Network(pytorchStateDict: broken, architecture: "4-16-relu-8-tanh-3")
        }
    }

    @Test func naturalOrderOfPrefixes() {
        #expect(Network.linearPrefixes(in: ["10.weight", "2.weight", "0.weight", "2.bias", "model.1.weight"])
                == ["0", "2", "10", "model.1"])
        #expect(Network.linearPrefixes(in: ["net.10.weight", "net.2.weight"]) == ["net.2", "net.10"])
    }
}

@Suite struct DenseArchitectureTests {
    @Test func parsesSizesActivationsAndSoftmax() throws {
        let architecture = try DenseArchitecture("784-128-relu-64-Tanh-10-softmax")
        #expect(architecture.layers.map(\.inputSize) == [784, 128, 64])
        #expect(architecture.layers.map(\.outputSize) == [128, 64, 10])
        #expect(architecture.layers.map(\.activation) == [.relu, .tanh, .identity])
        #expect(architecture.outputLink == .softmax)
        #expect(architecture.description == "784-128-relu-64-tanh-10-softmax")
        #expect(try DenseArchitecture("4-3").layers == [Dense(inputSize: 4, outputSize: 3)])
        #expect(try DenseArchitecture("2-1-sigmoid").layers[0].activation == .sigmoid)
    }

    @Test(arguments: ["", "4", "relu-4-3", "4-relu-3", "4-8-relu-relu-3", "4-0-3", "4-8-swish-3",
                      "4-8-softmax-3", "4--3", "4-8-x"])
    func rejects(text: String) {
        #expect(throws: PyTorchImportError.self) { try DenseArchitecture(text) }
    }
}
