import Foundation
import Testing
@testable import NeuralCommands

/// SIGTERM while `neural train` writes its model, after training: the process ends (143, or 0 if
/// it had finished) leaving no temporary file, and the model path holds either the model that was
/// there before, untouched, or the new one in full, never a part of it.
@Suite struct FinalWriteSignalTests {
    /// Trials, the signal sent at evenly spread moments between the last epoch's progress line
    /// and the end of an uninterrupted run, most of which is the model write.
    static let trials = 8

    @Test(.enabled(if: BuiltBinaryTests.binary != nil,
                    "the neural executable was not found beside the test bundle (run `swift build`, or set NEURAL_BINARY)"))
    func sigtermDuringTheFinalWriteLeavesNoTemporaryFileAndAWholeModel() throws {
        let binary = try #require(BuiltBinaryTests.binary)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.classification)
        // 2 000 000 parameters (8 MB of weights): one epoch of 80 rows in one batch takes a few
        // tens of milliseconds, the write of the model a comparable time.
        let flags = ["train", data, "--target", "label", "--hidden", "1400,1400", "--epochs", "1", "--batch-size", "80", "--seed", "3"]
        let model = folder.path("m.safetensors")

        // The model a finished run writes, and the time from its last progress line to its exit.
        let complete = folder.path("complete.safetensors")
        var lineSeen = Date()
        let reference = try InterruptAndResumeTests.runWatching(binary, flags + ["--model", complete],
                                                                until: { $0.contains("epoch 1/1") },
                                                                afterwards: { _ in lineSeen = Date() })
        let tail = Date().timeIntervalSince(lineSeen)
        #expect(reference.code == 0, "\(reference.error)")
        let completeBytes = try Data(contentsOf: URL(fileURLWithPath: complete))
        try FileManager.default.removeItem(atPath: complete)

        // An older model at the path, from other flags.
        let old = try InterruptAndResumeTests.run(binary, ["train", data, "--target", "label", "--hidden", "3", "--epochs", "1",
                                                           "--quiet", "--model", model])
        #expect(old.code == 0, "\(old.error)")
        let oldBytes = try Data(contentsOf: URL(fileURLWithPath: model))

        var outcomes: [String: Int] = [:]
        for trial in 0..<Self.trials {
            let delay = tail * Double(trial) / Double(Self.trials)
            let result = try InterruptAndResumeTests.runWatching(binary, flags + ["--model", model],
                                                                 until: { $0.contains("epoch 1/1") },
                                                                 afterwards: { process in
                                                                     Thread.sleep(forTimeInterval: delay)
                                                                     kill(process.processIdentifier, SIGTERM)
                                                                 })
            #expect([0, 143].contains(result.code), "trial \(trial): exit \(result.code) \(result.error)")
            // Nothing but the data, the model and (when the signal came before training ended) a checkpoint.
            let left = try folder.contents().filter { $0 != "d.csv" && $0 != "m.safetensors" && $0 != "m.checkpoint.safetensors" }
            #expect(left.isEmpty, "trial \(trial) (signal after \(delay) s): left \(left)")
            let bytes = try Data(contentsOf: URL(fileURLWithPath: model))
            // The new model is the reference's bytes (the same flags and seed on one thread); should
            // a field ever differ between runs, a whole file still reads and evaluates.
            let state = bytes == oldBytes ? "untouched"
                : bytes == completeBytes || (bytes.count == completeBytes.count && runNeural(["evaluate", model, data]).code == 0) ? "replaced"
                : "partial"
            #expect(state != "partial", "trial \(trial): the model file is neither the old one nor the new one")
            outcomes["\(result.code) \(state)", default: 0] += 1
            // Back to the old model for the next trial.
            try oldBytes.write(to: URL(fileURLWithPath: model))
            try? FileManager.default.removeItem(atPath: folder.path("m.checkpoint.safetensors"))
        }
        // The outcomes, for the record: with the signal spread over the tail, both occur.
        print("FinalWriteSignalTests: tail \(tail) s, outcomes \(outcomes)")
    }
}
