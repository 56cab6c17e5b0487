import Foundation
import Neural
import Testing
@testable import NeuralCommands

/// `neural train` stopped by a signal saves a checkpoint and says how to resume; `--resume`
/// continues to the weights of an uninterrupted run; a checkpoint resumed with other data or
/// flags is refused.
@Suite struct InterruptAndResumeTests {
    /// 200 rows, two classes decided by x1·x2 + x3 > 0 (sines, so the file is the same on every run).
    static var data: String { data(rows: 200) }

    /// `rows` rows of the same rule.
    static func data(rows: Int) -> String {
        var lines = ["x1,x2,x3,y"]
        for i in 0..<rows {
            let x1 = sin(Double(i) * 1.7), x2 = cos(Double(i) * 0.37), x3 = sin(Double(i) * 0.11 + 1)
            lines.append("\(x1),\(x2),\(x3),\(x1 * x2 + 0.3 * x3 > 0 ? "p" : "n")")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The executable with `NEURAL_THREADS=1`, its standard error read line by line until `until`
    /// returns true, then `afterwards` (for example a signal) and the rest of the output.
    static func runWatching(_ binary: URL, _ arguments: [String], until: (String) -> Bool,
                            afterwards: (Process) -> Void) throws -> (code: Int32, error: String) {
        let (process, error) = try start(binary, arguments)
        var text = ""
        var triggered = false
        let reader = error.fileHandleForReading
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            if !triggered && until(text) {
                triggered = true
                afterwards(process)
            }
        }
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// The executable started with `NEURAL_THREADS=1`, its standard output discarded and its
    /// standard error in the returned pipe.
    static func start(_ binary: URL, _ arguments: [String]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NEURAL_THREADS"] = "1"
        process.environment = environment
        let error = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = error
        try process.run()
        return (process, error)
    }

    static func run(_ binary: URL, _ arguments: [String]) throws -> (code: Int32, error: String) {
        try runWatching(binary, arguments, until: { _ in false }, afterwards: { _ in })
    }

    @Test(.enabled(if: BuiltBinaryTests.binary != nil,
                    "the neural executable was not found beside the test bundle (run `swift build`, or set NEURAL_BINARY)"))
    func sigtermSavesACheckpointAndResumingEndsBitIdentical() throws {
        let binary = try #require(BuiltBinaryTests.binary)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", Self.data(rows: 1000))
        // 900 training rows in batches of 1: epochs of 900 batches, about 15 ms each in a debug
        // build, so the signal lands inside an epoch; 40 epochs take about half a second.
        let flags = ["--target", "y", "--hidden", "8", "--epochs", "40", "--seed", "4", "--dropout", "0.1",
                     "--batch-size", "1", "--validation-split", "0.1"]

        let full = try Self.run(binary, ["train", data] + flags + ["--model", folder.path("full.safetensors"), "--quiet"])
        #expect(full.code == 0, "\(full.error)")

        let partModel = folder.path("part.safetensors")
        let checkpoint = folder.path("part.checkpoint.safetensors")
        // Periodic checkpoints every 10 epochs as well; the signal saves one wherever it lands.
        let arguments = ["train", data] + flags + ["--model", partModel, "--checkpoint-every", "10"]
        // Standard error is a pipe: a plain progress line for the first epoch, then every tenth
        // of the run; the signal goes as soon as epoch 1 has ended, so it lands in a later epoch.
        let stopped = try Self.runWatching(binary, arguments,
                                           until: { $0.contains("epoch 1/40") },
                                           afterwards: { kill($0.processIdentifier, SIGTERM) })
        #expect(stopped.code == 143, "\(stopped.error)")
        // "… in epoch E of 40, after batch B of 900; …": training paused after the batch the
        // signal arrived in (B = 900 only if it arrived during an epoch's last batch).
        let position = try #require(stopped.error.firstMatch(of: #/Training was interrupted by SIGTERM in epoch (\d+) of 40, after batch (\d+) of 900; /#),
                                    "\(stopped.error)")
        let (epoch, batch) = (try #require(Int(position.1)), try #require(Int(position.2)))
        #expect(epoch >= 2 && epoch <= 40 && batch >= 1 && batch <= 900)
        #expect(stopped.error.contains("the checkpoint is saved in \(checkpoint) and no model was written."))
        let resumeLine = "Resume with: neural " + CommandArguments.shellLine(arguments + ["--resume", checkpoint])
        #expect(stopped.error.contains(resumeLine), "\(stopped.error)")
        #expect(!folder.exists("part.safetensors"))
        let saved = try TrainingCheckpoint.load(from: URL(fileURLWithPath: checkpoint))
        #expect(saved.state.epoch == epoch - 1)
        #expect(saved.state.epochProgress?.batches == batch)

        let resumed = try Self.run(binary, arguments + ["--resume", checkpoint])
        #expect(resumed.code == 0, "\(resumed.error)")
        // The whole files agree: the weights bit for bit, and the history, summary and metrics.
        let fullBytes = try Data(contentsOf: URL(fileURLWithPath: folder.path("full.safetensors")))
        let resumedBytes = try Data(contentsOf: URL(fileURLWithPath: partModel))
        #expect(fullBytes == resumedBytes)
    }

    /// SIGINT (Ctrl-C) takes the same path with exit code 130, to the default checkpoint path.
    @Test(.enabled(if: BuiltBinaryTests.binary != nil,
                    "the neural executable was not found beside the test bundle (run `swift build`, or set NEURAL_BINARY)"))
    func sigintSavesACheckpointAndExitsWith130() throws {
        let binary = try #require(BuiltBinaryTests.binary)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", Self.data)
        let model = folder.path("m.safetensors")
        let stopped = try Self.runWatching(binary, ["train", data, "--target", "y", "--hidden", "8", "--epochs", "2000", "--model", model],
                                           until: { $0.contains("epoch 1/2000") },
                                           afterwards: { kill($0.processIdentifier, SIGINT) })
        #expect(stopped.code == 130, "\(stopped.error)")
        #expect(stopped.error.contains("Training was interrupted by SIGINT in epoch "))
        #expect(stopped.error.contains("the checkpoint is saved in \(folder.path("m.checkpoint.safetensors"))"))
        #expect(try folder.contents() == ["d.csv", "m.checkpoint.safetensors"])
    }

    /// A checkpoint that cannot be written in the middle of a run: the checkpoint's folder is a
    /// symbolic link, re-pointed at a regular file once the first checkpoint exists, so the next
    /// save fails (for root too, which permission bits would not stop). Training stops with exit
    /// code 1 and a message naming the path; the model file given is untouched; the checkpoint
    /// saved before the failure is complete and loads.
    @Test(.enabled(if: BuiltBinaryTests.binary != nil,
                    "the neural executable was not found beside the test bundle (run `swift build`, or set NEURAL_BINARY)"))
    func aCheckpointThatFailsToWriteMidRunStopsWithExit1AndKeepsTheEarlierOne() throws {
        let binary = try #require(BuiltBinaryTests.binary)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let fileManager = FileManager.default
        let data = try folder.write("d.csv", Self.data)
        let model = try folder.write("m.safetensors", "the model of an earlier run\n")
        let blocker = try folder.write("blocker", "a file, not a folder\n")
        try fileManager.createDirectory(atPath: folder.path("saved"), withIntermediateDirectories: false)
        let link = folder.path("checkpoints")
        try fileManager.createSymbolicLink(atPath: link, withDestinationPath: folder.path("saved"))
        let checkpoint = link + "/c.safetensors"
        let saved = folder.path("saved/c.safetensors")

        let (process, error) = try Self.start(binary, ["train", data, "--target", "y", "--hidden", "8", "--epochs", "2000",
                                                       "--seed", "4", "--model", model, "--checkpoint-every", "1",
                                                       "--checkpoint", checkpoint])
        // 2000 epochs take seconds; the first checkpoint appears after the first epoch.
        let deadline = Date().addingTimeInterval(120)
        while !fileManager.fileExists(atPath: saved) && process.isRunning && Date() < deadline {
            usleep(1_000)
        }
        try fileManager.removeItem(atPath: link)
        try fileManager.createSymbolicLink(atPath: link, withDestinationPath: blocker)
        let text = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        #expect(process.terminationStatus == 1, "\(text)")
        // After the progress lines, one error line. Its reason depends on the step the save had
        // reached when the link moved: the folder check ("… is not a folder.") or the rename
        // ("cannot move the new file into place at …: Not a directory; …").
        let message = try #require(text.split(separator: "\n").last.map(String.init))
        #expect(message.hasPrefix("error: Training stopped: the checkpoint could not be saved to \(checkpoint): "), "\(text)")
        #expect(message.hasSuffix(" No model was written."), "\(text)")
        // The failed save left no temporary file beside the earlier checkpoint.
        #expect(try fileManager.contentsOfDirectory(atPath: folder.path("saved")) == ["c.safetensors"])
        #expect(try String(contentsOfFile: model, encoding: .utf8) == "the model of an earlier run\n")
        let earlier = try TrainingCheckpoint.load(from: URL(fileURLWithPath: saved))
        #expect(earlier.state.epoch >= 1 && earlier.state.epoch < 2000 && !earlier.state.finished)
    }

    /// Saves a checkpoint after 2 of 4 epochs (in process), for the refusal tests.
    static func checkpointed(in folder: TemporaryFolder) throws -> (data: String, flags: [String], checkpoint: String) {
        let data = try folder.write("d.csv", Self.data)
        let checkpoint = folder.path("c.safetensors")
        let flags = ["--target", "y", "--hidden", "4", "--epochs", "2", "--quiet", "--model", folder.path("m.safetensors")]
        let result = runNeural(["train", data] + flags + ["--checkpoint-every", "2", "--checkpoint", checkpoint])
        #expect(result.code == 0, "\(result.error)")
        return (data, flags, checkpoint)
    }

    @Test func resumingWithOtherFlagsIsRefused() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (data, flags, checkpoint) = try Self.checkpointed(in: folder)
        let other = runNeural(["train", data] + flags + ["--resume", checkpoint, "--batch-size", "16"])
        #expect(other.code == 2)
        #expect(other.error == "error: --resume \(checkpoint): the checkpoint was saved with --batch-size unset, this command gives 16; resume with the data file and the flags of the run that saved it.\n")
    }

    /// An optional setting reads as its value, or "unset".
    @Test func resumingWithAnOptionalFlagChangedNamesBothValues() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (data, flags, checkpoint) = try Self.checkpointed(in: folder)
        let other = runNeural(["train", data] + flags + ["--resume", checkpoint, "--learning-rate", "0.01"])
        #expect(other.code == 2)
        #expect(other.error == "error: --resume \(checkpoint): the checkpoint was saved with --learning-rate unset, this command gives 0.01; resume with the data file and the flags of the run that saved it.\n")
    }

    /// A choice reads as the name the checkpoint recorded for it (`CheckpointFingerprintTests`).
    @Test func resumingWithAnotherChoiceNamesBothValues() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (data, flags, checkpoint) = try Self.checkpointed(in: folder)
        let other = runNeural(["train", data] + flags + ["--resume", checkpoint, "--activation", "leaky-relu"])
        #expect(other.code == 2)
        #expect(other.error == "error: --resume \(checkpoint): the checkpoint was saved with --activation relu, this command gives leakyReLU; resume with the data file and the flags of the run that saved it.\n")
        // The same flags resume it.
        let same = runNeural(["train", data] + flags + ["--resume", checkpoint])
        #expect(same.code == 0, "\(same.error)")
    }

    @Test func resumingWithOtherDataIsRefused() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (_, flags, checkpoint) = try Self.checkpointed(in: folder)
        let otherData = try folder.write("other.csv", Self.data.replacingOccurrences(of: "0.1", with: "0.2"))
        let other = runNeural(["train", otherData] + flags + ["--resume", checkpoint])
        #expect(other.code == 2)
        #expect(other.error == "error: --resume \(checkpoint): the data file differs from the one the checkpoint was trained on (the preprocessing fitted on its training rows is not the same); resume with the data file and the flags of the run that saved it.\n")
    }

    @Test func aModelFileIsNotACheckpoint() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (data, flags, _) = try Self.checkpointed(in: folder)
        let model = folder.path("m.safetensors")
        let result = runNeural(["train", data] + flags.dropLast(2) + ["--model", folder.path("n.safetensors"), "--resume", model])
        #expect(result.code == 2)
        #expect(result.error == "error: --resume \(model) is not a training checkpoint: \(model): the metadata has no neural.checkpoint.configuration; this file was not written by this program or is incomplete.\n")
    }
}
