import Foundation
import Testing
@testable import Neural
@testable import NeuralONNX

/// Graphs outside the supported subset give errors that name the node.
@Suite struct ONNXUnsupportedGraphTests {
    /// The graph of a small exported stack, to be edited.
    private func exportedModel(_ activation: DenseStack.StackActivation = .relu,
                               link: DenseStack.OutputLink = .identity) throws -> ONNXModelProto {
        try ONNXModelProto(serialized: ONNXTestStacks.stack(activation, link: link, standardized: false).onnxModel())
    }

    private func importError(_ model: ONNXModelProto) -> ONNXError? {
        do {
            _ = try DenseStack(onnx: model.serialized())
            return nil
        } catch {
            return error
        }
    }

    @Test func unknownOperatorIsNamed() throws {
        var model = try exportedModel()
        model.graph?.nodes[1].opType = "Selu"   // layers.0.activation, was Relu
        guard case let .unsupportedNode(opType, name, _)? = importError(model) else {
            Issue.record("expected unsupportedNode")
            return
        }
        #expect(opType == "Selu")
        #expect(name == "layers.0.activation")
    }

    @Test func erfGeluIsNotTheTanhForm() throws {
        var model = try exportedModel()
        model.graph?.nodes[1].opType = "Gelu"   // approximate defaults to "none": the erf form
        guard case let .unsupportedNode(opType, name, _)? = importError(model) else {
            Issue.record("expected unsupportedNode")
            return
        }
        #expect(opType == "Gelu" && name == "layers.0.activation")
    }

    @Test func tanhGeluNodeOfOpset20IsAccepted() throws {
        var model = try exportedModel()
        model.graph?.nodes[1].opType = "Gelu"
        model.graph?.nodes[1].attributes = [ONNXAttributeProto(name: "approximate", kind: .string, string: Array("tanh".utf8))]
        let stack = try DenseStack(onnx: model.serialized())
        #expect(stack.layers[0].activation == .gelu)
    }

    @Test func compositionThatIsNoActivationIsNamed() throws {
        // z · z between two layers: an element-wise function, but none of the supported activations.
        var model = try exportedModel(.identity)
        var graph = try #require(model.graph)
        let gemm = graph.nodes[0]
        graph.nodes.insert(ONNXNodeProto(inputs: [gemm.outputs[0], gemm.outputs[0]], outputs: ["square"], name: "square", opType: "Mul"), at: 1)
        graph.nodes[2].inputs[0] = "square"
        model.graph = graph
        guard case let .unsupportedNode(opType, name, _)? = importError(model) else {
            Issue.record("expected unsupportedNode")
            return
        }
        #expect(opType == "Mul" && name == "square")
    }

    @Test func transposedDataIsRefused() throws {
        var model = try exportedModel()
        model.graph?.nodes[0].attributes.append(.int("transA", 1))
        #expect(importError(model).map { if case .unsupportedNode("Gemm", "layers.0.gemm", _) = $0 { true } else { false } } == true)
    }

    @Test func mismatchedShapesAreRefused() throws {
        var model = try exportedModel()
        // The second layer's weight claims [5, 3] instead of [3, 5] (same element count).
        model.graph?.initializers[2].dims = [5, 3]
        guard case .invalidGraph? = importError(model) else {
            Issue.record("expected invalidGraph")
            return
        }
        var wrongInput = try exportedModel()
        wrongInput.graph?.inputs[0] = .float("input", shape: [.parameter("batch"), .value(7)])
        guard case .invalidGraph? = importError(wrongInput) else {
            Issue.record("expected invalidGraph for 7 input features")
            return
        }
    }

    @Test func structuralProblemsAreReported() throws {
        var twoInputs = try exportedModel()
        twoInputs.graph?.inputs.append(.float("other", shape: [.value(1), .value(1)]))
        var noGraph = try exportedModel()
        noGraph.graph = nil
        var noOpset = try exportedModel()
        noOpset.opsetImports = []
        var dangling = try exportedModel()
        dangling.graph?.nodes[0].inputs[1] = "nowhere"
        var foreignDomain = try exportedModel()
        foreignDomain.graph?.nodes[1].domain = "com.example"
        for model in [twoInputs, noGraph, noOpset, dangling, foreignDomain] {
            #expect(importError(model) != nil)
        }
    }

    @Test func nodesOffThePathAreIgnored() throws {
        // A label output computed by an operator outside the subset does not matter: only the
        // probabilities' path is read (as for scikit-learn's ArgMax / ZipMap outputs).
        var model = try exportedModel(.tanh, link: .softmax)
        model.graph?.nodes.append(ONNXNodeProto(inputs: ["probabilities"], outputs: ["label"], name: "argmax", opType: "ArgMax"))
        model.graph?.outputs.insert(ONNXValueInfoProto(name: "label", type: ONNXTypeProto(tensor: .init(elementType: 7))), at: 0)
        let stack = try DenseStack(onnx: model.serialized())
        #expect(stack == ONNXTestStacks.stack(.tanh, link: .softmax, standardized: false))
    }

    @Test func longElementwiseChainsAreRefused() throws {
        // 200 Relu nodes in a row between two layers: refused, not evaluated recursively.
        var model = try exportedModel(.identity)
        var graph = try #require(model.graph)
        var previous = graph.nodes[0].outputs[0]
        var chain: [ONNXNodeProto] = []
        for index in 0..<200 {
            chain.append(ONNXNodeProto(inputs: [previous], outputs: ["r\(index)"], name: "relu\(index)", opType: "Relu"))
            previous = "r\(index)"
        }
        graph.nodes[1].inputs[0] = previous
        graph.nodes.insert(contentsOf: chain, at: 1)
        model.graph = graph
        guard case .unsupportedNode("Relu", _, _)? = importError(model) else {
            Issue.record("expected unsupportedNode")
            return
        }
    }
}
