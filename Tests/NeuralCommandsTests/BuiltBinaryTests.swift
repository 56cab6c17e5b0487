import Foundation
import Testing

/// Runs the built `neural` executable as a separate process.
@Suite struct BuiltBinaryTests {
    /// The `neural` executable of this build: beside the test bundle (SwiftPM puts products and
    /// test bundles in the same folder, `.build/<triple>/<configuration>`), or from `NEURAL_BINARY`.
    static var binary: URL? {
        let fileManager = FileManager.default
        if let path = ProcessInfo.processInfo.environment["NEURAL_BINARY"], fileManager.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        var candidates: [URL] = []
        // The bundle's folder (Linux: the .xctest file; macOS: the .xctest bundle).
        let bundle = Bundle.main.bundleURL
        candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("neural"))
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("neural"))
        }
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("neural"))
        }
        // The package's .build/debug, from this file's path (Tests/NeuralCommandsTests/…).
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/neural"))
        return candidates.first { fileManager.isExecutableFile(atPath: $0.path) }
    }

    static func run(_ binary: URL, _ arguments: [String]) throws -> (code: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Read before waiting, so a full pipe cannot block the child.
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }

    @Test(.enabled(if: BuiltBinaryTests.binary != nil,
                    "the neural executable was not found beside the test bundle (run `swift build`, or set NEURAL_BINARY)"))
    func trainAndPredictThroughTheExecutable() throws {
        let binary = try #require(Self.binary)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("linear.csv", SampleData.regression)
        let model = folder.path("m.safetensors")
        let train = try Self.run(binary, ["train", data, "--target", "y", "--model", model, "--hidden", "4", "--epochs", "3"])
        #expect(train.code == 0, "\(train.error)")
        // Standard error is a pipe, not a terminal: plain progress lines, no bar.
        #expect(train.error.contains("epoch 3/3"))
        #expect(!train.error.contains("\r"))
        #expect(train.output.contains("Trained a regressor"))

        let predict = try Self.run(binary, ["predict", model, data])
        #expect(predict.code == 0)
        #expect(predict.output.split(separator: "\n").count == 81)

        let bad = try Self.run(binary, ["train", data, "--target", "y", "--batch-size", "0"])
        #expect(bad.code == 2)
        #expect(bad.error.contains("--batch-size"))

        let missing = try Self.run(binary, ["evaluate", model, folder.path("absent.csv")])
        #expect(missing.code == 2)
        #expect(missing.error.contains("absent.csv"))
    }
}
