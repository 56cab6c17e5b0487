import Foundation
import Testing
@testable import Neural
@testable import NeuralONNX

/// Importing models written by the real exporters and comparing Neural's forward pass with the
/// exporting library's own outputs.
@Suite struct ONNXImportTests {
    @Test func fixturesArePresent() {
        // 10 PyTorch files and 4 scikit-learn files (see generate_onnx_fixtures.py).
        #expect(ONNXFixtures.cases.count == 14)
    }

    @Test(arguments: ONNXFixtures.cases)
    func importedStackReproducesThePeer(_ fixture: ONNXFixtures.Case) throws {
        let stack = try DenseStack(onnx: ONNXFixtures.data(fixture.file))
        let predictions = stack.predictions(for: Matrix(jsonRows: fixture.inputs))
        var expected = fixture.expected
        if fixture.producer == "sklearn", fixture.outputLink == "sigmoid" {
            // scikit-learn's binary classifier reports [1 − p, p]; the stack predicts p (see ONNXImporter).
            #expect(stack.outputLink == .sigmoid)
            expected = expected.map { [$0[1]] }
        }
        #expect(predictions.rows == expected.count && predictions.columns == expected[0].count)
        // PyTorch computes in float32 like Neural, so only summation order differs (~1e-7); scikit-learn
        // computes in float64 with weights that the file rounds to float32 (relative 6e-8 each), which
        // moves outputs of these small nets by ~1e-6. 1e-5 absolute covers both with margin.
        let tolerance: Float = 1e-5
        for row in 0..<expected.count {
            for column in 0..<expected[row].count {
                let difference = abs(predictions[row, column] - Float(expected[row][column]))
                #expect(difference <= tolerance, "\(fixture.file) [\(row), \(column)]: \(predictions[row, column]) vs \(expected[row][column])")
            }
        }
    }

    @Test(arguments: ONNXFixtures.cases)
    func importedStackReproducesOnnxruntime(_ fixture: ONNXFixtures.Case) throws {
        let stack = try DenseStack(onnx: ONNXFixtures.data(fixture.file))
        let predictions = stack.predictions(for: Matrix(jsonRows: fixture.inputs))
        // The imported output: the probabilities for classifiers, the only float output otherwise.
        let name = fixture.onnxruntime.keys.first { $0.contains("prob") } ?? fixture.onnxruntime.keys.first
        var runtime = try #require(name.flatMap { fixture.onnxruntime[$0] })
        if stack.outputLink == .sigmoid, fixture.producer == "sklearn" { runtime = runtime.map { [$0[1]] } }
        #expect(runtime.count == predictions.rows)
        // Same float32 graph in both; only summation order and exp/tanh implementations differ
        // (a few ulps of values below ~5), hence 1e-5.
        for row in 0..<min(runtime.count, predictions.rows) {
            #expect(runtime[row].count == predictions.columns)
            for column in 0..<min(runtime[row].count, predictions.columns) {
                #expect(abs(predictions[row, column] - Float(runtime[row][column])) <= 1e-5,
                        "\(fixture.file) [\(row), \(column)]")
            }
        }
    }

    @Test(arguments: ONNXFixtures.cases)
    func importedStackHasTheExportedStructure(_ fixture: ONNXFixtures.Case) throws {
        let stack = try DenseStack(onnx: ONNXFixtures.data(fixture.file))
        let hidden = stack.layers.dropLast().map(\.activation)
        let expectedHidden = fixture.activations.map { name -> DenseStack.StackActivation in
            switch name {
            case "relu": return .relu
            case "leaky_relu": return .leakyReLU(slope: 0.2)
            case "sigmoid", "logistic": return .sigmoid
            case "tanh": return .tanh
            case "elu": return .elu(alpha: 0.7)
            case "softplus": return .softplus
            case "gelu_tanh": return .gelu
            default: return .identity
            }
        }
        // scikit-learn's activation applies to every hidden layer; PyTorch's cases list them in order.
        if fixture.producer == "sklearn" {
            #expect(hidden.allSatisfy { $0 == expectedHidden[0] })
        } else {
            #expect(hidden == expectedHidden)
        }
        #expect(stack.layers.last?.activation == .identity)
        let link: DenseStack.OutputLink = fixture.outputLink == "softmax" ? .softmax : fixture.outputLink == "sigmoid" ? .sigmoid : .identity
        #expect(stack.outputLink == link)
        #expect(stack.inputName == "input")
        #expect(stack.inputSize == 4)
    }
}

/// Spellings of the same stack that other exporters use.
@Suite struct ONNXImportVariantTests {
    @Test func weightsFromConstantNodesWithTypedData() throws {
        let stack = ONNXTestStacks.stack(.softplus, link: .softmax)
        var model = try ONNXModelProto(serialized: stack.onnxModel())
        var graph = try #require(model.graph)
        // Every initializer becomes a Constant node holding float_data (not raw_data), placed first.
        let constants = graph.initializers.map { tensor -> ONNXNodeProto in
            let values = (try? ONNXConstantTensor(tensor))?.floats ?? []
            let typed = ONNXTensorProto(dims: tensor.dims, dataType: 1, floatData: values, name: tensor.name)
            return ONNXNodeProto(outputs: [tensor.name], name: "const.\(tensor.name)", opType: "Constant",
                                 attributes: [ONNXAttributeProto(name: "value", kind: .tensor, tensor: typed)])
        }
        graph.nodes.insert(contentsOf: constants, at: 0)
        graph.initializers = []
        model.graph = graph
        #expect(try DenseStack(onnx: model.serialized()) == stack)
    }

    @Test func matMulAddTransposedGemmAndPassThroughNodes() throws {
        // x → Flatten → MatMul(W0) → Add(b0) → Identity → Relu → Dropout → Gemm(W1ᵀ, transB=1, alpha=2)
        //   → Cast(float) → output; the same function as a stack with W1 doubled.
        let w0: [Float] = [1, -1, 0.5, 2, 0, 1]            // [3, 2]
        let w1Transposed: [Float] = [0.25, -0.5]          // [1, 2], i.e. W1 = [[0.25], [−0.5]]
        let graph = ONNXGraphProto(
            nodes: [
                ONNXNodeProto(inputs: ["x"], outputs: ["flat"], name: "flatten", opType: "Flatten"),
                ONNXNodeProto(inputs: ["flat", "w0"], outputs: ["mm"], name: "matmul", opType: "MatMul"),
                ONNXNodeProto(inputs: ["mm", "b0"], outputs: ["z"], name: "add", opType: "Add"),
                ONNXNodeProto(inputs: ["z"], outputs: ["z2"], name: "identity", opType: "Identity"),
                ONNXNodeProto(inputs: ["z2"], outputs: ["h"], name: "relu", opType: "Relu"),
                ONNXNodeProto(inputs: ["h"], outputs: ["h2", "mask"], name: "dropout", opType: "Dropout"),
                ONNXNodeProto(inputs: ["h2", "w1", "b1"], outputs: ["y"], name: "gemm", opType: "Gemm",
                              attributes: [.int("transB", 1), .float("alpha", 2)]),
                ONNXNodeProto(inputs: ["y"], outputs: ["out"], name: "cast", opType: "Cast", attributes: [.int("to", 1)]),
            ],
            name: "handmade",
            initializers: [.float("w0", dims: [3, 2], values: w0), .float("b0", dims: [1, 2], values: [0.1, -0.2]),
                           .float("w1", dims: [1, 2], values: w1Transposed), .float("b1", dims: [], values: [0.3])],
            inputs: [.float("x", shape: [.value(2), .value(3)])],   // a fixed batch is accepted too
            outputs: [.float("out", shape: [.parameter("n"), .value(1)])])
        let model = ONNXModelProto(irVersion: 8, opsetImports: [.init(domain: "", version: 13)], graph: graph)
        let stack = try DenseStack(onnx: model.serialized())
        let expected = DenseStack(
            layers: [.init(weight: Matrix(rows: 3, columns: 2, storage: w0), bias: [0.1, -0.2], activation: .relu),
                     .init(weight: Matrix([[0.5], [-1]]), bias: [0.3], activation: .identity)],
            inputName: "x", outputName: "out")
        #expect(stack == expected)
    }
}
