import Foundation
import Testing

/// The committed interoperability fixtures of `Tests/NeuralTests/Fixtures`, found from this
/// file's path (they are resources of NeuralTests, not of this target).
enum InteropFixtures {
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    }

    static var fixtures: URL { root.appendingPathComponent("NeuralTests/Fixtures") }

    static func onnx(_ name: String) -> URL { fixtures.appendingPathComponent("onnx/\(name)") }

    /// One case of `onnx/onnx_fixtures.json` (written by `generate_onnx_fixtures.py` from
    /// torch and skl2onnx; `expected` is the exporting library's own output on `inputs`).
    struct ONNXCase: Decodable {
        let file: String
        let outputLink: String
        let inputs: [[Double]]
        let expected: [[Double]]
    }

    static func onnxCase(_ file: String) throws -> ONNXCase {
        struct Catalogue: Decodable { let cases: [ONNXCase] }
        let data = try Data(contentsOf: fixtures.appendingPathComponent("onnx/onnx_fixtures.json"))
        let catalogue = try JSONDecoder().decode(Catalogue.self, from: data)
        return try #require(catalogue.cases.first { $0.file == file })
    }

    /// `pytorch_state_dict_expected.json`: the torch model's outputs on `inputs` (written by
    /// `reference/generate_parity_reference.py`).
    struct StateDictCase: Decodable {
        let architecture: String
        let inputs: [[Double]]
        let logits: [[Double]]
        let probabilities: [[Double]]
    }

    static func stateDictCase() throws -> StateDictCase {
        let data = try Data(contentsOf: fixtures.appendingPathComponent("pytorch_state_dict_expected.json"))
        return try JSONDecoder().decode(StateDictCase.self, from: data)
    }

    /// A CSV with header `x1,…,xn` and one row per input (shortest round-trip float text).
    static func csv(_ rows: [[Double]], columns: [String]? = nil) -> String {
        let names = columns ?? (1...(rows.first?.count ?? 1)).map { "x\($0)" }
        return ([names.joined(separator: ",")] + rows.map { $0.map { "\(Float($0))" }.joined(separator: ",") })
            .joined(separator: "\n") + "\n"
    }

    /// The numbers of a CSV written by `neural predict`, from column `from` on (the header dropped).
    static func numbers(_ csv: String, from column: Int) -> [[Double]] {
        csv.split(separator: "\n").dropFirst().map { line in
            line.split(separator: ",").dropFirst(column).compactMap { Double($0) }
        }
    }

    /// The largest absolute difference between two tables of the same shape (∞ for different shapes).
    static func maxDifference(_ a: [[Double]], _ b: [[Double]]) -> Double {
        guard a.count == b.count, zip(a, b).allSatisfy({ $0.count == $1.count }) else { return .infinity }
        return zip(a, b).flatMap { zip($0, $1).map { abs($0 - $1) } }.max() ?? 0
    }
}
