import Foundation
import Testing
@testable import NeuralCommands

/// Inputs that are not plain files (standard input as `-`, `/dev/stdin`, a FIFO), model files
/// that are pipes, control bytes in messages, temporary files and the writable-folder probe.
@Suite struct InputStreamTests {
    /// Runs the executable with `input` as its standard input.
    static func run(_ binary: URL, _ arguments: [String], stdin input: String) throws -> (code: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let standardInput = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = standardInput
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let writer = Thread { standardInput.fileHandleForWriting.write(Data(input.utf8)); try? standardInput.fileHandleForWriting.close() }
        writer.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }

    @Test(.enabled(if: BuiltBinaryTests.binary != nil))
    func standardInputIsReadOnceByTrainEvaluateAndPredict() throws {
        let binary = try #require(BuiltBinaryTests.binary)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let model = folder.path("m.safetensors")
        let train = try Self.run(binary, ["train", "-", "--target", "label", "--model", model] + SampleData.fastFlags,
                                 stdin: SampleData.classification)
        #expect(train.code == 0, "\(train.error)")
        #expect(train.output.contains("80 training, 0 validation"), "\(train.output)")
        for data in ["-", "/dev/stdin"] {
            let evaluate = try Self.run(binary, ["evaluate", model, data, "--json"], stdin: SampleData.classification)
            #expect(evaluate.code == 0, "\(evaluate.error)")
            #expect(try jsonObject(evaluate.output)["samples"] as? Int == 80)
            let predict = try Self.run(binary, ["predict", model, data], stdin: SampleData.classification)
            #expect(predict.code == 0, "\(predict.error)")
            #expect(predict.output.split(separator: "\n").count == 81)
        }
        // Nothing is spooled under a name.
        #expect(try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.hasPrefix(".neural-input-") }.isEmpty)
    }

    /// A bad row: exit 2, and not a byte on standard output (no header then a failure).
    @Test(.enabled(if: BuiltBinaryTests.binary != nil))
    func predictPrintsNothingWhenARowIsBad() throws {
        let binary = try #require(BuiltBinaryTests.binary)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.classification)
        let model = folder.path("m.safetensors")
        #expect(runNeural(["train", data, "--target", "label", "--model", model] + SampleData.fastFlags).code == 0)
        let bad = SampleData.classification + "oops,1,red,x\n"
        let result = try Self.run(binary, ["predict", model, "-"], stdin: bad)
        #expect(result.code == 2)
        #expect(result.output.isEmpty, "\(result.output.prefix(200))")
        #expect(result.error.contains("standard input, line 82"), "\(result.error)")
    }

    @Test func fifoIsReadOnceAndAModelPipeIsNamed() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let fifo = folder.path("data.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread { try? SampleData.classification.write(toFile: fifo, atomically: false, encoding: .utf8) }
        writer.start()
        let model = folder.path("m.safetensors")
        let train = runNeural(["train", fifo, "--target", "label", "--model", model] + SampleData.fastFlags)
        #expect(train.code == 0, "\(train.error)")
        let pipe = folder.path("model.fifo")
        #expect(mkfifo(pipe, 0o600) == 0)
        for arguments in [["predict", pipe, model], ["evaluate", pipe, model], ["export", pipe, "--onnx", folder.path("m.onnx")]] {
            let result = runNeural(arguments)
            #expect(result.code == 2)
            #expect(result.error.contains("is a pipe (FIFO), not a regular file"), "\(result.error)")
            #expect(!result.error.contains("NSCocoaErrorDomain"))
        }
    }

    /// NUL, ESC and other control bytes from a file are escaped in the message.
    @Test func controlBytesAreEscapedInMessages() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.classification)
        let model = folder.path("m.safetensors")
        #expect(runNeural(["train", data, "--target", "label", "--model", model] + SampleData.fastFlags).code == 0)
        let bad = try folder.write("bad.csv", "x1,x2,color\n1,\u{1B}[31m2\u{0},red\n")
        let result = runNeural(["predict", model, bad])
        #expect(result.code == 2)
        #expect(result.error.contains("\\u{1B}[31m2"), "\(result.error)")
        #expect(!result.error.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(NeuralCommand.escapingControls("a\u{0}b\u{7F}\nc\r") == "a\\u{0}b\\u{7F}\nc\\u{D}")
    }

    /// A folder that takes no new file is found before training (probe file), for every output.
    @Test(arguments: ["--model", "--plot", "--checkpoint"])
    func unwritableOutputFolderIsFoundBeforeTraining(flag: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.classification)
        var arguments = ["train", data, "--target", "label", "--quiet", "--epochs", "1"]
        if flag != "--model" { arguments += ["--model", folder.path("m.safetensors")] }
        // /proc takes no new file, even for root.
        let result = runNeural(arguments + [flag, "/proc/neural-output.x"])
        #expect(result.code == 2, "\(result.error)")
        #expect(result.error.contains("does not accept new files") && result.error.contains(flag), "\(result.error)")
        #expect(try folder.contents() == ["d.csv"])
    }

    /// A temporary file left by a killed writer of the same target (its process is gone) is
    /// removed by the next write; the writes themselves leave none.
    @Test func staleTemporaryFilesOfTheTargetAreSwept() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.classification)
        // Above any pid_max (2^22), so no process has it.
        try folder.write(".m.safetensors.tmp-999999999-1a2b", "left by a killed run")
        try folder.write(".other.csv.tmp-999999999-1a2b", "another target's: kept")
        let result = runNeural(["train", data, "--target", "label", "--model", folder.path("m.safetensors")] + SampleData.fastFlags)
        #expect(result.code == 0, "\(result.error)")
        #expect(try folder.contents() == [".other.csv.tmp-999999999-1a2b", "d.csv", "m.safetensors"])
    }
}
