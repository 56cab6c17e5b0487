import Foundation
import Testing
@testable import Neural

/// Runs `Tests/python/check_safetensors.py` (Hugging Face's `safetensors` package) on files.
enum PythonSafeTensors {
    /// The check script, found from this source file's location.
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Serialization
        .deletingLastPathComponent()  // NeuralTests
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("python/check_safetensors.py")

    /// Whether `python3` can import `safetensors` and `numpy`.
    static let isAvailable: Bool = (try? run(["-c", "import safetensors, numpy"]))?.status == 0

    /// CI sets `NEURAL_REQUIRE_SAFETENSORS=1` after installing the package, so the check runs
    /// (and fails loudly) instead of being skipped there.
    static let isRequired = ProcessInfo.processInfo.environment["NEURAL_REQUIRE_SAFETENSORS"] == "1"

    static func run(_ arguments: [String]) throws -> (status: Int32, output: Data, errors: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Standard output is read to the end before waiting, so a full pipe cannot block the
        // child; standard error only carries a short message or traceback.
        let outputBytes = output.fileHandleForReading.readDataToEndOfFile()
        let errorBytes = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, outputBytes, errorBytes)
    }

    /// What Python saw in the file.
    struct View: Decodable {
        struct Tensor: Decodable {
            var dtype: String
            var shape: [Int]
            var bits: [UInt32]
        }
        var versions: [String: String]
        var metadata: [String: String]
        var tensors: [String: Tensor]
    }

    static func view(of url: URL) throws -> View {
        let result = try run([script.path, url.path])
        guard result.status == 0 else {
            throw PythonFailure(message: String(decoding: result.errors, as: UTF8.self))
        }
        return try JSONDecoder().decode(View.self, from: result.output)
    }

    struct PythonFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { "Python's safetensors refused the file: \(message)" }
    }
}

@Suite struct PythonInteropTests {
    typealias Support = SerializationTestSupport

    @Test(.enabled(if: PythonSafeTensors.isAvailable || PythonSafeTensors.isRequired,
                   "python3 with the safetensors and numpy packages is not installed (pip install safetensors numpy)"))
    func pythonReadsOurFileBitForBit() throws {
        let folder = try Support.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("model.safetensors")
        var file = ModelFile(parameters: ModelFileTests.parameters(), metadata: ["unicode": "é ✓ 😀 \"q\"\n"])
        try file.setMetadata(ModelFileTests.Architecture(hidden: [8], activation: "relu", dropout: 0.5),
                             forKey: ModelFormat.architectureKey)
        file.tensors += SafeTensorsRoundTripTests.sampleFile().tensors.filter { $0.name != "layers.0.weight" && $0.name != "layers.0.bias" }
        try file.write(to: url)

        let python = try PythonSafeTensors.view(of: url)
        #expect(python.metadata == file.metadata)
        #expect(Set(python.tensors.keys) == Set(file.tensors.map(\.name)))
        for tensor in file.tensors {
            let seen = try #require(python.tensors[tensor.name])
            #expect(seen.dtype == "float32")
            #expect(seen.shape == tensor.shape, "\(tensor.name)")
            #expect(seen.bits == Support.bits(tensor.values), "\(tensor.name)")
        }
    }

    /// Files written by Python's `safetensors` (committed fixtures, see
    /// `Fixtures/reference/generate_safetensors_fixture.py`) read to the same bits numpy holds.
    @Test(arguments: ["python_written.safetensors", "python_written_dtypes.safetensors"])
    func pythonWrittenFilesRead(fixture: String) throws {
        struct Expected: Decodable {
            struct Tensor: Decodable {
                var shape: [Int]
                var bits: [UInt32]
            }
            var metadata: [String: String]
            var tensors: [String: Tensor]
        }
        let expectations = try JSONDecoder().decode([String: Expected].self,
                                                    from: Data(contentsOf: Support.fixture("python_written_expected.json"))
                                                        .removingNonObjectEntries())
        let expected = try #require(expectations[fixture])
        let file = try SafeTensorsFile.read(from: Support.fixture(fixture))
        #expect(file.metadata == expected.metadata)
        #expect(Set(file.tensors.map(\.name)) == Set(expected.tensors.keys))
        for tensor in file.tensors {
            let reference = try #require(expected.tensors[tensor.name])
            #expect(tensor.shape == reference.shape, "\(tensor.name)")
            #expect(Support.bits(tensor.values) == reference.bits, "\(tensor.name)")
        }
    }
}

private extension Data {
    /// The expectations file also holds `generator` and `versions`; keep only the per-file objects
    /// whose keys end in `.safetensors`.
    func removingNonObjectEntries() throws -> Data {
        guard let object = try JSONSerialization.jsonObject(with: self) as? [String: Any] else { return self }
        return try JSONSerialization.data(withJSONObject: object.filter { $0.key.hasSuffix(".safetensors") })
    }
}
