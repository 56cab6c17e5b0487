import Foundation
import Testing
@testable import Neural
@testable import NeuralONNX

/// The inputs behind the findings of the `fuzz-onnx` target (Fuzz/README.md, docs/ERRORS.md,
/// "Fuzzing runs"): each now imports correctly or gives an `ONNXError` naming the node, and none
/// allocates more than the file's own data justifies.
@Suite struct ONNXFuzzFindingsTests {
    private func importError(_ bytes: [UInt8]) -> ONNXError? {
        importError(Data(bytes))
    }

    private func importError(_ data: Data) -> ONNXError? {
        do {
            _ = try DenseStack(onnx: data)
            return nil
        } catch {
            return error
        }
    }

    /// A model with input `x` `[batch, width]` (`width` nil: a named free size), output `y`, opset 17.
    private func model(nodes: [ONNXNodeProto], initializers: [ONNXTensorProto], width: Int64?) -> ONNXModelProto {
        let graph = ONNXGraphProto(
            nodes: nodes, name: "g", initializers: initializers,
            inputs: [.float("x", shape: [.parameter("batch"), width.map { .value($0) } ?? .parameter("n")])],
            outputs: [ONNXValueInfoProto(name: "y", type: ONNXTypeProto(tensor: .init(elementType: 1)))])
        return ONNXModelProto(irVersion: 8, opsetImports: [ONNXOperatorSetID(version: 17)], graph: graph)
    }

    // MARK: The output chosen when a stack with a link was exported under other names

    /// Finding: an imported stack with a link exported and imported again came back as its logits.
    /// The export's outputs are the logits and the probabilities under the imported names
    /// (`logits`, `output` for these PyTorch and Neural files), and the importer took the first
    /// float output unless one was called "prob…". The seeds `torch_deep_softmax.onnx` and
    /// `neural_leaky_elu_softplus_sigmoid.onnx` showed it on the first run of the harness.
    @Test(arguments: ONNXFixtures.cases)
    func importedStackExportsAndImportsBackUnchanged(_ fixture: ONNXFixtures.Case) throws {
        let stack = try DenseStack(onnx: ONNXFixtures.data(fixture.file))
        let again = try DenseStack(onnx: stack.onnxModel())
        #expect(again == stack)
        let inputs = Matrix(jsonRows: fixture.inputs)
        // The same float32 values through the same reference forward pass: identical.
        #expect(again.predictions(for: inputs) == stack.predictions(for: inputs))
    }

    @Test(arguments: [DenseStack.OutputLink.softmax, .sigmoid])
    func probabilitiesAreChosenWhateverTheirName(_ link: DenseStack.OutputLink) throws {
        let stack = DenseStack(layers: ONNXTestStacks.stack(.tanh).layers, outputLink: link,
                               outputName: "z", probabilitiesName: "output")
        let imported = try DenseStack(onnx: stack.onnxModel())
        #expect(imported.outputLink == link)
        #expect(imported.probabilitiesName == "output")
        #expect(imported.predictions(for: ONNXTestStacks.inputs) == stack.predictions(for: ONNXTestStacks.inputs))
    }

    // MARK: Dimensions that no data backs

    /// `Gemm(x, W)` with `W` of dims `[0, 2³¹ − 1]` and no data, input `x` `[batch, n]`: the bytes
    /// `onnx.helper` serialises for that graph.
    private static let gemmWithAnEmptyWeight: [UInt8] = [
        0x08, 0x0E, 0x3A, 0x49, 0x0A, 0x0F, 0x0A, 0x01, 0x78, 0x0A, 0x01, 0x57, 0x12, 0x01, 0x79, 0x22,
        0x04, 0x47, 0x65, 0x6D, 0x6D, 0x12, 0x01, 0x67, 0x2A, 0x0D, 0x08, 0x00, 0x08, 0xFF, 0xFF, 0xFF,
        0xFF, 0x07, 0x10, 0x01, 0x42, 0x01, 0x57, 0x5A, 0x19, 0x0A, 0x01, 0x78, 0x12, 0x14, 0x0A, 0x12,
        0x08, 0x01, 0x12, 0x0E, 0x0A, 0x07, 0x12, 0x05, 0x62, 0x61, 0x74, 0x63, 0x68, 0x0A, 0x03, 0x12,
        0x01, 0x6E, 0x62, 0x09, 0x0A, 0x01, 0x79, 0x12, 0x04, 0x0A, 0x02, 0x08, 0x01, 0x42, 0x04, 0x0A,
        0x00, 0x10, 0x11,
    ]

    /// The same graph with `MatMul`.
    private static let matMulWithAnEmptyWeight: [UInt8] = [
        0x08, 0x0E, 0x3A, 0x4B, 0x0A, 0x11, 0x0A, 0x01, 0x78, 0x0A, 0x01, 0x57, 0x12, 0x01, 0x79, 0x22,
        0x06, 0x4D, 0x61, 0x74, 0x4D, 0x75, 0x6C, 0x12, 0x01, 0x67, 0x2A, 0x0D, 0x08, 0x00, 0x08, 0xFF,
        0xFF, 0xFF, 0xFF, 0x07, 0x10, 0x01, 0x42, 0x01, 0x57, 0x5A, 0x19, 0x0A, 0x01, 0x78, 0x12, 0x14,
        0x0A, 0x12, 0x08, 0x01, 0x12, 0x0E, 0x0A, 0x07, 0x12, 0x05, 0x62, 0x61, 0x74, 0x63, 0x68, 0x0A,
        0x03, 0x12, 0x01, 0x6E, 0x62, 0x09, 0x0A, 0x01, 0x79, 0x12, 0x04, 0x0A, 0x02, 0x08, 0x01, 0x42,
        0x04, 0x0A, 0x00, 0x10, 0x11,
    ]

    /// Finding: a `Gemm` or `MatMul` whose weight is `[0, 2³¹ − 1]` (no data, so the element count
    /// check passes) allocated a bias row of 2³¹ − 1 floats (8 GiB) before the empty weight was
    /// refused. The `MatMul` input reproduced it in the harness.
    @Test(arguments: [("Gemm", gemmWithAnEmptyWeight), ("MatMul", matMulWithAnEmptyWeight)])
    func emptyWeightOfHugeWidthIsRefusedBeforeAllocating(_ opType: String, _ bytes: [UInt8]) {
        #expect(importError(bytes) == .unsupportedNode(opType: opType, name: "(unnamed, output 'y')",
                                                       reason: "its weight is 0×2147483647"))
    }

    /// Finding: `Sub(x, 0.5)` on an input declared `[batch, 2³¹ − 1]` spread the scalar mean over
    /// the declared width (8 GiB) before any layer said how many features there really are (2).
    @Test func scalarMeanIsNotSpreadOverADeclaredHugeWidth() {
        let bytes: [UInt8] = [
            0x08, 0x0E, 0x3A, 0x81, 0x01, 0x0A, 0x0E, 0x0A, 0x01, 0x78, 0x0A, 0x01, 0x6D, 0x12, 0x01, 0x63,
            0x22, 0x03, 0x53, 0x75, 0x62, 0x0A, 0x12, 0x0A, 0x01, 0x63, 0x0A, 0x01, 0x57, 0x0A, 0x01, 0x42,
            0x12, 0x01, 0x79, 0x22, 0x04, 0x47, 0x65, 0x6D, 0x6D, 0x12, 0x01, 0x67, 0x2A, 0x0B, 0x10, 0x01,
            0x42, 0x01, 0x6D, 0x4A, 0x04, 0x00, 0x00, 0x00, 0x3F, 0x2A, 0x13, 0x08, 0x02, 0x08, 0x01, 0x10,
            0x01, 0x42, 0x01, 0x57, 0x4A, 0x08, 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x80, 0x3F, 0x2A, 0x0D,
            0x08, 0x01, 0x10, 0x01, 0x42, 0x01, 0x42, 0x4A, 0x04, 0x00, 0x00, 0x00, 0x00, 0x5A, 0x1C, 0x0A,
            0x01, 0x78, 0x12, 0x17, 0x0A, 0x15, 0x08, 0x01, 0x12, 0x11, 0x0A, 0x07, 0x12, 0x05, 0x62, 0x61,
            0x74, 0x63, 0x68, 0x0A, 0x06, 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x62, 0x09, 0x0A, 0x01, 0x79,
            0x12, 0x04, 0x0A, 0x02, 0x08, 0x01, 0x42, 0x04, 0x0A, 0x00, 0x10, 0x11,
        ]
        #expect(importError(bytes) == .invalidGraph("node (unnamed, output 'y') multiplies 2147483647 features by a 2×1 weight"))
    }

    /// A scalar mean and scale still apply to every feature: `(x − 0.5) / 2` then `MatMul` with a
    /// `[2, 1]` weight and `Add` of a bias, on an input of unknown width.
    @Test func scalarStandardisationAppliesToEveryFeature() throws {
        let nodes = [
            ONNXNodeProto(inputs: ["x", "m"], outputs: ["c"], opType: "Sub"),
            ONNXNodeProto(inputs: ["c", "s"], outputs: ["d"], opType: "Div"),
            ONNXNodeProto(inputs: ["d", "W"], outputs: ["z"], opType: "MatMul"),
            ONNXNodeProto(inputs: ["z", "B"], outputs: ["y"], opType: "Add"),
        ]
        let initializers: [ONNXTensorProto] = [
            .float("m", dims: [], values: [0.5]), .float("s", dims: [1], values: [2]),
            .float("W", dims: [2, 1], values: [1, 1]), .float("B", dims: [1], values: [0.25]),
        ]
        let stack = try DenseStack(onnx: model(nodes: nodes, initializers: initializers, width: nil).serialized())
        #expect(stack.inputMean == [0.5, 0.5] && stack.inputScale == [2, 2])
        // (1 − 0.5)/2 + (3 − 0.5)/2 + 0.25 = 1.75, exact in float32.
        #expect(stack.predictions(for: Matrix([[1, 3]])) == Matrix([[1.75]]))
    }

    /// Finding: `neural import` folds the standardisation into the first layer, and a tiny scale
    /// under a large weight overflowed there: `Div(x, [1e-30, 1])` before a `Gemm` with weight
    /// `[[1e20], [1]]` (all finite, a valid stack) became a network with an infinite weight, saved
    /// without complaint, that predicted inf and NaN. A large mean overflows the folded bias the same way.
    @Test func foldingThatLeavesFloat32IsRefused() {
        let weight = DenseStack.Layer(weight: Matrix([[1e20], [1]]), bias: [0], activation: .identity)
        let tinyScale = DenseStack(layers: [weight], inputScale: [1e-30, 1])
        #expect(throws: ONNXError.invalidStack("folding the standardisation into the first layer overflows float32: weight [0, 0] = 1e+20 divided by scale 1e-30 is inf")) {
            try Network(denseStack: tinyScale, foldingPreprocessing: true)
        }
        // b′ = b − μ·W/s = 0 − 3e38 · 2 = −6e38, past float32's 3.4e38.
        let doubling = DenseStack.Layer(weight: Matrix([[2], [1]]), bias: [0], activation: .identity)
        let largeMean = DenseStack(layers: [doubling], inputMean: [3e38, 0])
        #expect(throws: ONNXError.invalidStack("folding the standardisation into the first layer overflows float32: bias 0 becomes -inf")) {
            try Network(denseStack: largeMean, foldingPreprocessing: true)
        }
    }

    // MARK: Graphs whose cost grew faster than their size

    /// Finding: a chain of k layers cost O(k²) time and memory (every value held a copy of the
    /// layers before it, and the network's parameter layout searched its names linearly): 2 500
    /// `Gemm` nodes in a 52 KB file took 10 s in the harness, 40 000 in 0.9 MB went past 2 GiB.
    /// A long chain with a weight per layer imports, becomes a network and comes back from it.
    @Test func longChainOfLayersImports() throws {
        let layers = (0..<2000).map { index in
            DenseStack.Layer(weight: Matrix([[1 + Float(index % 3) / 1024]]), bias: [0], activation: index % 2 == 0 ? .relu : .identity)
        }
        let stack = DenseStack(layers: layers)
        let imported = try DenseStack(onnx: stack.onnxModel())
        #expect(imported.layers == stack.layers)
        let network = try Network(denseStack: imported)
        #expect(network.layers.count == 2000)
        #expect(try DenseStack(network: network).layers == stack.layers)
    }

    /// Finding: one weight shared by many `Gemm` nodes is a small file and a huge network (a 300×300
    /// weight used by 20 000 nodes: 0.8 MB, 1.8 billion parameters, past 2 GiB in the harness).
    /// The importer counts what it decodes and copies against the values the file stores (a budget
    /// of 8 per stored value plus 65 536): here a 16×16 weight (256 values, so a limit of
    /// 8 · 256 + 65 536 = 67 584), decoded and copied for each node (512 values per layer), runs out
    /// on the 133rd node, `gemm132`.
    @Test func weightSharedByManyLayersIsRefused() {
        var nodes: [ONNXNodeProto] = []
        var previous = "x"
        for index in 0..<300 {
            let output = index == 299 ? "y" : "h\(index)"
            nodes.append(ONNXNodeProto(inputs: [previous, "W"], outputs: [output], name: "gemm\(index)", opType: "Gemm"))
            previous = output
        }
        let weight = ONNXTensorProto.float("W", dims: [16, 16], values: [Float](repeating: 0.0625, count: 256))
        let error = importError(model(nodes: nodes, initializers: [weight], width: 16).serialized())
        #expect(error == .unsupportedNode(
            opType: "Gemm", name: "gemm132",
            reason: "the values decoded, computed and copied for the layers would exceed 67584, 8 per value the file stores (256) plus 65536: "
                + "a weight shared by several layers, or constants computed from constants over and over, are not supported"))
    }

    /// A weight used by two layers (tied weights) is within the budget.
    @Test func weightSharedByTwoLayersImports() throws {
        let nodes = [
            ONNXNodeProto(inputs: ["x", "W"], outputs: ["h"], opType: "Gemm"),
            ONNXNodeProto(inputs: ["h", "W"], outputs: ["y"], opType: "Gemm"),
        ]
        let weight = ONNXTensorProto.float("W", dims: [2, 2], values: [1, 2, 3, 4])
        let stack = try DenseStack(onnx: model(nodes: nodes, initializers: [weight], width: 2).serialized())
        #expect(stack.layers.count == 2 && stack.layers[0].weight == stack.layers[1].weight)
    }

    /// Finding: a chain of nodes computing constants from constants (`Mul(c, 1)` repeated, a 300×300
    /// constant through 10 000 nodes: 0.6 MB) held a copy per node, past 2 GiB. The same budget stops it.
    @Test func longChainOfComputedConstantsIsRefused() {
        var nodes: [ONNXNodeProto] = []
        var previous = "W"
        for index in 0..<600 {
            nodes.append(ONNXNodeProto(inputs: [previous, "one"], outputs: ["c\(index)"], name: "mul\(index)", opType: "Mul"))
            previous = "c\(index)"
        }
        nodes.append(ONNXNodeProto(inputs: ["x", previous], outputs: ["y"], name: "gemm", opType: "Gemm"))
        let initializers: [ONNXTensorProto] = [
            .float("W", dims: [16, 16], values: [Float](repeating: 0.0625, count: 256)), .float("one", dims: [], values: [1]),
        ]
        guard case let .unsupportedNode(opType, name, reason)? = importError(model(nodes: nodes, initializers: initializers, width: 16).serialized()) else {
            Issue.record("expected unsupportedNode")
            return
        }
        #expect(opType == "Mul" && name.hasPrefix("mul"))
        #expect(reason.hasPrefix("the values decoded, computed and copied for the layers would exceed"))
    }
}
