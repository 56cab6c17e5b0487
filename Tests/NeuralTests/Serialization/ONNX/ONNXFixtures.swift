import Foundation
import Neural
import NeuralONNX
import Testing

/// The ONNX fixtures in `Fixtures/onnx`, produced by `generate_onnx_fixtures.py` from PyTorch,
/// scikit-learn/skl2onnx and onnxruntime (versions in `Fixtures/onnx/versions.json`).
enum ONNXFixtures {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let file: String
        let producer: String
        let activations: [String]
        let outputLink: String
        let inputs: [[Double]]
        /// The peer's own outputs: PyTorch's forward pass, scikit-learn's `predict` / `predict_proba`.
        let expected: [[Double]]
        /// onnxruntime's outputs for the same file and inputs, by output name.
        let onnxruntime: [String: [[Double]]]

        var testDescription: String { file }
    }

    struct Catalogue: Decodable { let cases: [Case] }

    static func directory() throws -> URL {
        guard let url = Bundle.module.url(forResource: "onnx", withExtension: nil, subdirectory: "Fixtures") else {
            throw Fixtures.Missing(name: "onnx")
        }
        return url
    }

    static func data(_ file: String) throws -> Data {
        try Data(contentsOf: directory().appendingPathComponent(file))
    }

    /// All cases (loaded once; an empty list if the catalogue is missing, which the tests report).
    static let cases: [Case] = {
        guard let url = try? directory().appendingPathComponent("onnx_fixtures.json"),
              let data = try? Data(contentsOf: url),
              let catalogue = try? JSONDecoder().decode(Catalogue.self, from: data) else { return [] }
        return catalogue.cases
    }()
}

extension Matrix {
    /// A float32 matrix from JSON rows of doubles.
    init(jsonRows: [[Double]]) {
        self.init(jsonRows.map { $0.map { Float($0) } })
    }
}
