import Foundation
import Testing
@testable import Neural

/// A model file written by PyTorch itself (`Fixtures/pytorch_sequential/sequential.safetensors`:
/// the `state_dict` of an `nn.Sequential` of `nn.Linear` layers saved by the real
/// `safetensors.torch.save_file`, with Neural's format version and architecture as metadata;
/// written by `reference/generate_pytorch_sequential_fixture.py`, versions recorded in
/// `expected.json`). Format version 2 stores weights `[out, in]` as PyTorch does, so the file is
/// read as it is, and a network saved by Neural holds the same tensors: no transpose either way.
@Suite struct PyTorchSequentialFileTests {
    struct Expected: Decodable {
        var tensors: [String: [Int]]
        var inputs: [[Float]]
        var outputs: [[Double]]
    }

    static func fixture() throws -> (URL, Expected) {
        let url = try Fixtures.url("pytorch_sequential/sequential.safetensors")
        return (url, try Fixtures.decode(Expected.self, from: "pytorch_sequential/expected.json"))
    }

    /// Tolerance 1e-6 absolute on outputs below 0.12: both sides compute the same three float32
    /// layers, summing 3 or 4 products in their own order and with their own `tanh` (a few ulps
    /// of values below 1 each, that is about 1e-7).
    static func expectTorchOutputs(_ network: Network, _ expected: Expected) {
        let predicted = network.predict(Matrix(expected.inputs))
        var largest = 0.0
        for (row, values) in expected.outputs.enumerated() {
            for (column, value) in values.enumerated() {
                largest = max(largest, abs(Double(predicted[row, column]) - value))
            }
        }
        #expect(largest <= 1e-6, "largest difference from torch: \(largest)")
    }

    @Test func theFileWrittenByPyTorchLoadsAsItIsAndPredictsTorchsOutputs() throws {
        let (url, expected) = try Self.fixture()
        let network = try Network(contentsOf: url)
        let file = try SafeTensorsFile.read(from: url)
        #expect(Dictionary(uniqueKeysWithValues: file.tensors.map { ($0.name, $0.shape) }) == expected.tensors)
        // Every tensor is PyTorch's, bit for bit, under the same name and shape.
        for tensor in file.tensors {
            let mine = try #require(network.parameters[tensor.name])
            #expect([mine.rows, mine.columns] == (tensor.shape.count == 2 ? tensor.shape : [1] + tensor.shape))
            #expect(mine.storage.map(\.bitPattern) == tensor.values.map(\.bitPattern), "\(tensor.name)")
        }
        #expect(network.weight(ofLayer: 2).rows == 4 && network.weight(ofLayer: 4).rows == 2)
        Self.expectTorchOutputs(network, expected)
    }

    @Test func aNetworkSavedByNeuralHoldsPyTorchsTensors() throws {
        let (url, _) = try Self.fixture()
        let network = try Network(contentsOf: url)
        let folder = try SerializationTestSupport.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let saved = folder.appendingPathComponent("saved.safetensors")
        try network.save(to: saved)
        let torch = try SafeTensorsFile.read(from: url)
        let neural = try SafeTensorsFile.read(from: saved)
        #expect(neural.metadata[ModelFormat.versionKey] == "2")
        #expect(neural.tensors.count == torch.tensors.count)
        for tensor in torch.tensors {
            let written = try #require(neural.tensor(named: tensor.name))
            #expect(written.shape == tensor.shape)
            #expect(written.values.map(\.bitPattern) == tensor.values.map(\.bitPattern), "\(tensor.name)")
        }
    }

    /// The state_dict import (an architecture string instead of Neural's metadata) takes the
    /// same tensors as they are too.
    @Test func theStateDictImportTakesTheTensorsAsTheyAre() throws {
        let (url, expected) = try Self.fixture()
        let stateDict = try SafeTensorsFile.read(from: url)
        let network = try Network(pytorchStateDict: stateDict, architecture: "3-4-tanh-4-relu-2")
        for (index, name) in ["layers.0.weight", "layers.2.weight", "layers.4.weight"].enumerated() {
            let tensor = try #require(stateDict.tensor(named: name))
            #expect(network.weight(ofLayer: index).storage.map(\.bitPattern) == tensor.values.map(\.bitPattern))
        }
        Self.expectTorchOutputs(network, expected)
    }
}
