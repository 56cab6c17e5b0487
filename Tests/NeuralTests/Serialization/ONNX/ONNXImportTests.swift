import Foundation
import Testing
@testable import Neural

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
