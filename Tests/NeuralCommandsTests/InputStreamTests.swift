import Foundation
import Testing
@testable import NeuralCommands

/// Inputs that are not plain files (standard input as `-`, `/dev/stdin`, a FIFO), model files
/// that are pipes, control bytes in messages, temporary files and the writable-folder probe.
@Suite struct InputStreamTests {
    /// Runs the executable with `input` as its standard input.
    /// A FIFO in `folder` that a thread fills with `contents` once a reader opens it.
    static func fifo(in folder: TemporaryFolder, _ name: String, feeding contents: String) -> String {
        let path = folder.path(name)
        #expect(mkfifo(path, 0o600) == 0)
        let writer = Thread { try? contents.write(toFile: path, atomically: false, encoding: .utf8) }
        writer.start()
        return path
    }

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
        let fifo = Self.fifo(in: folder, "data.fifo", feeding: SampleData.classification)
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

    /// `neural tune` reads its CSV as every command does: `-` and `/dev/stdin` through the
    /// executable, a FIFO in process, each read once.
    static let tuneFlags = ["--target", "label", "--space", "hidden=[2],[3]", "--search", "grid", "--folds", "2",
                            "--epochs", "1", "--no-refit", "--quiet"]

    @Test(.enabled(if: BuiltBinaryTests.binary != nil))
    func tuneReadsStandardInputOnce() throws {
        let binary = try #require(BuiltBinaryTests.binary)
        for data in ["-", "/dev/stdin"] {
            let tune = try Self.run(binary, ["tune", data, "--json"] + Self.tuneFlags, stdin: SampleData.classification)
            #expect(tune.code == 0, "\(data): \(tune.error)")
            let trials = try jsonObject(tune.output)["trials"] as? [Any]
            #expect(trials?.count == 2, "\(tune.output.prefix(300))")
        }
    }

    @Test func tuneReadsAFIFOOnce() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let fifo = Self.fifo(in: folder, "data.fifo", feeding: SampleData.classification)
        let tune = runNeural(["tune", fifo] + Self.tuneFlags)
        #expect(tune.code == 0, "\(tune.error)")
        #expect(tune.output.contains("hidden"), "\(tune.output)")
    }

    /// A folder that takes no new file is found before any training (a probe file is created
    /// and removed), for every output of train, tune and demo.
    @Test(arguments: [["train", "--model"], ["train", "--plot"], ["train", "--checkpoint"], ["tune", "--model"], ["tune", "--plot"],
                      ["tune", "--study"], ["demo", "--output-dir"], ["demo", "--export-data"]])
    func unwritableOutputFolderIsFoundBeforeTraining(command: [String]) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.classification)
        let flag = command[1]
        var arguments: [String]
        switch command[0] {
        case "train": arguments = ["train", data, "--target", "label", "--quiet", "--epochs", "1"]
        case "tune": arguments = ["tune", data] + Self.tuneFlags.filter { $0 != "--no-refit" }
        default: arguments = ["demo", "--epochs", "1", "--quiet"]
        }
        if command[0] != "demo" && flag != "--model" { arguments += ["--model", folder.path("m.safetensors")] }
        // /proc exists and takes no new file, even for root.
        let result = runNeural(arguments + [flag, command[0] == "demo" ? "/proc" : "/proc/neural-output.x"])
        #expect(result.code == 2, "\(result.error)")
        #expect(result.error.contains("does not accept new files") && result.error.contains(flag), "\(result.error)")
        #expect(try folder.contents() == ["d.csv"])
    }

    /// The study's lock file (LOG.lock) is written, so it is compared with the data file too:
    /// `--study d` beside a data file `d.lock` would have emptied the data.
    @Test func theStudyLockFileIsComparedWithTheDataFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.lock", SampleData.classification)
        let result = runNeural(["tune", data, "--study", folder.path("d")] + Self.tuneFlags)
        #expect(result.code == 2, "\(result.error)")
        #expect(result.error.contains("the lock file of --study") && result.error.contains("the data file"), "\(result.error)")
        #expect(try String(contentsOfFile: data, encoding: .utf8) == SampleData.classification)
        #expect(try folder.contents() == ["d.lock"])
    }

    /// A study log that is a pipe is refused with a sentence (reading it would wait for ever).
    @Test func aStudyLogThatIsAPipeIsRefused() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.classification)
        let fifo = folder.path("study.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let result = runNeural(["tune", data, "--study", fifo] + Self.tuneFlags)
        #expect(result.code == 2, "\(result.error)")
        #expect(result.error.contains("is a pipe (FIFO), not a regular file"), "\(result.error)")
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
