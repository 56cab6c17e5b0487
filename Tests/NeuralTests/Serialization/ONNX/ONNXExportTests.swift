import Foundation
import Testing
@testable import Neural
@testable import NeuralONNX

/// Export → import round trips, the exported graph's structure, file writing and validation.
@Suite struct ONNXExportTests {
    @Test(arguments: 0..<ONNXTestStacks.all.count)
    func exportThenImportGivesTheSameStack(_ index: Int) throws {
        let stack = ONNXTestStacks.all[index].stack
        let imported = try DenseStack(onnx: stack.onnxModel())
        // Weights travel as raw float32 and attributes as float32, so equality is exact.
        #expect(imported == stack, "\(ONNXTestStacks.all[index].label)")
    }

    @Test func finalSigmoidActivationComesBackAsTheLink() throws {
        // Documented in ONNXImporter: a final Sigmoid is read as the output link. The predictions
        // are the same function; only where the sigmoid is recorded changes.
        var stack = ONNXTestStacks.stack(.relu)
        stack.layers[1].activation = .sigmoid
        let imported = try DenseStack(onnx: stack.onnxModel())
        #expect(imported.outputLink == .sigmoid)
        #expect(imported.layers[1].activation == .identity)
        #expect(imported.probabilitiesName == "output")
        #expect(imported.predictions(for: ONNXTestStacks.inputs) == stack.predictions(for: ONNXTestStacks.inputs))
    }

    @Test func exportIsDeterministic() throws {
        let stack = ONNXTestStacks.stack(.gelu, link: .softmax)
        #expect(try stack.onnxModel() == stack.onnxModel())
    }

    @Test func exportedGraphHasTheDocumentedShape() throws {
        let stack = ONNXTestStacks.stack(.leakyReLU(slope: 0.15), link: .softmax)
        let model = try ONNXModelProto(serialized: stack.onnxModel())
        #expect(model.irVersion == 8)
        #expect(model.opsetImports == [ONNXOperatorSetID(domain: "", version: 17)])
        #expect(model.producerName == "Neural")
        let graph = try #require(model.graph)
        #expect(graph.nodes.map(\.opType) == ["Sub", "Div", "Gemm", "LeakyRelu", "Gemm", "Softmax"])
        #expect(graph.nodes[3].attribute("alpha")?.float == 0.15)
        #expect(graph.nodes[5].attribute("axis")?.int == -1)
        #expect(graph.nodes[2].attribute("transB")?.int == 1)   // W is stored [out, in], as torch.onnx writes it
        #expect(graph.inputs == [.float("input", shape: [.parameter("batch"), .value(4)])])
        #expect(graph.outputs.map(\.name) == ["logits", "probabilities"])
        #expect(graph.initializers.map(\.name) == ["preprocessing.mean", "preprocessing.scale", "layers.0.weight",
                                                   "layers.0.bias", "layers.1.weight", "layers.1.bias"])
        #expect(graph.initializers[2].dims == [5, 4])
    }

    @Test func geluIsComposedFromOpset17Operators() throws {
        let graph = try #require(try ONNXModelProto(serialized: ONNXTestStacks.stack(.gelu).onnxModel()).graph)
        let activationOps = graph.nodes.filter { $0.name.hasPrefix("layers.0.activation") }.map(\.opType)
        #expect(activationOps == ["Mul", "Mul", "Mul", "Add", "Mul", "Tanh", "Add", "Mul", "Mul"])
    }

    @Test func writeAndReadAFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("neural-onnx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("model.onnx")
        let stack = ONNXTestStacks.stack(.elu(alpha: 0.8), link: .sigmoid)
        try stack.writeONNX(to: url)
        try ONNXTestStacks.stack(.relu).writeONNX(to: url)   // replaces the first file in place
        #expect(try DenseStack(contentsOfONNX: url) == ONNXTestStacks.stack(.relu))
        // Only the final file remains: the temporary one was renamed, not left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.onnx"])
    }

    @Test func fileErrorsNameThePath() {
        let missing = URL(fileURLWithPath: "/nonexistent-neural-directory/model.onnx")
        #expect {
            try ONNXTestStacks.stack(.relu).writeONNX(to: missing)
        } throws: { error in
            guard case let .fileSystem(path, _) = error as? ONNXError else { return false }
            return path.contains("nonexistent-neural-directory")
        }
        #expect(throws: ONNXError.self) { try DenseStack(contentsOfONNX: missing) }
    }

    @Test func invalidStacksAreRefused() {
        var zeroScale = ONNXTestStacks.stack(.relu)
        zeroScale.inputScale = [1, 0, 1, 1]
        var notFinite = ONNXTestStacks.stack(.relu)
        notFinite.layers[1].bias[0] = .nan
        var sameNames = ONNXTestStacks.stack(.relu)
        sameNames.outputName = "input"
        var broken = ONNXTestStacks.stack(.relu)
        broken.layers.remove(at: 0)
        broken.inputMean = [0, 0, 0, 0]
        for stack in [zeroScale, notFinite, sameNames, broken] {
            #expect(throws: ONNXError.self) { try stack.onnxModel() }
        }
    }
}
