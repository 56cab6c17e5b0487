import Foundation
import Testing
@testable import Neural
@testable import NeuralONNX

/// Exported models checked by the real `onnx` checker and run in onnxruntime
/// (`Tests/python/check_onnx_export.py`), compared with `DenseStack.predictions`.
/// Skipped when `python3` cannot import onnx, onnxruntime and numpy (CI installs them).
@Suite struct ONNXRuntimeExportTests {
    @Test(.enabled(if: PythonONNX.isAvailable, "python3 with onnx, onnxruntime and numpy is not available"))
    func onnxruntimeAgreesWithTheSwiftForwardPass() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("neural-onnx-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        var request: [[String: Any]] = []
        for (index, entry) in ONNXTestStacks.all.enumerated() {
            let url = directory.appendingPathComponent("stack\(index).onnx")
            try entry.stack.writeONNX(to: url)
            request.append(["model": url.path, "inputs": ONNXTestStacks.inputs.nestedRows.map { $0.map(Double.init) }])
        }
        let requestURL = directory.appendingPathComponent("request.json")
        try JSONSerialization.data(withJSONObject: request).write(to: requestURL)
        let response = try PythonONNX.runChecker(request: requestURL)
        #expect(response.results.count == ONNXTestStacks.all.count)

        for (entry, result) in zip(ONNXTestStacks.all, response.results) {
            let stack = entry.stack
            #expect(result.opset == 17 && result.irVersion == 8, "\(entry.label)")
            var expected = [(stack.outputName, stack.logits(for: ONNXTestStacks.inputs))]
            if stack.outputLink != .identity {
                expected.append((stack.probabilitiesName, stack.predictions(for: ONNXTestStacks.inputs)))
            }
            #expect(Set(result.outputs.keys) == Set(expected.map(\.0)), "\(entry.label)")
            for (name, swiftOutput) in expected {
                let runtimeOutput = try #require(result.outputs[name], "\(entry.label): output \(name)")
                #expect(runtimeOutput.count == swiftOutput.rows && runtimeOutput.allSatisfy { $0.count == swiftOutput.columns })
                var largest: Double = 0
                for row in 0..<min(runtimeOutput.count, swiftOutput.rows) {
                    for column in 0..<min(runtimeOutput[row].count, swiftOutput.columns) {
                        largest = max(largest, abs(runtimeOutput[row][column] - Double(swiftOutput[row, column])))
                    }
                }
                // Both evaluate the same float32 graph; they differ in summation order and in the
                // float32 exp/tanh implementations (a few ulps). Probabilities (≤ 1) must agree to
                // 1e-5; logits of these stacks reach ~10, so 1e-5 relative to max(1, |value|).
                let scale = max(1, swiftOutput.storage.map { Double(abs($0)) }.max() ?? 1)
                #expect(largest <= 1e-5 * scale, "\(entry.label): output \(name) differs by \(largest)")
            }
        }
    }
}

/// Runs the committed Python checker when python3 has onnx, onnxruntime and numpy.
enum PythonONNX {
    struct Response: Decodable {
        struct Result: Decodable {
            let model: String
            let opset: Int
            let irVersion: Int
            let outputs: [String: [[Double]]]
            enum CodingKeys: String, CodingKey { case model, opset, irVersion = "ir_version", outputs }
        }
        let versions: [String: String]
        let results: [Result]
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Whether `python3 -c "import onnx, onnxruntime, numpy"` succeeds (checked once).
    /// CI sets `NEURAL_REQUIRE_ONNXRUNTIME=1` after installing the packages: then the check runs
    /// (and fails loudly) even if the import probe fails, instead of being skipped.
    static let isAvailable: Bool = ProcessInfo.processInfo.environment["NEURAL_REQUIRE_ONNXRUNTIME"] == "1"
        || (try? run(["-c", "import onnx, onnxruntime, numpy"]).status) == 0

    /// `Tests/python/check_onnx_export.py`, found from this file's path.
    static var checkerScript: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("python/check_onnx_export.py")
    }

    static func runChecker(request: URL) throws -> Response {
        let result = try run([checkerScript.path, request.path])
        guard result.status == 0 else {
            throw Failure(description: "check_onnx_export.py failed (\(result.status)): \(result.standardError)")
        }
        return try JSONDecoder().decode(Response.self, from: result.standardOutput)
    }

    private static func run(_ arguments: [String]) throws -> (status: Int32, standardOutput: Data, standardError: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        // Standard error goes to a file so that neither stream can fill a pipe and block the child
        // while the other one is being read.
        let errorURL = FileManager.default.temporaryDirectory.appendingPathComponent("neural-onnx-\(UUID().uuidString).stderr")
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorURL) }
        let errorHandle = try FileHandle(forWritingTo: errorURL)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errorHandle
        try process.run()
        let standardOutput = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errorHandle.close()
        let standardError = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
        return (process.terminationStatus, standardOutput, standardError)
    }
}
