import Foundation
import Testing

/// A search killed with SIGKILL resumes from its study log and ends as an uninterrupted one.
@Suite struct TuneResumeTests {
    @Test(.enabled(if: BuiltBinaryTests.binary != nil,
                    "the neural executable was not found beside the test bundle (run `swift build`, or set NEURAL_BINARY)"))
    func aKilledStudyResumesToTheSameResult() throws {
        let binary = try #require(BuiltBinaryTests.binary)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", InterruptAndResumeTests.data(rows: 300))
        let flags = ["--target", "y", "--space", "hidden=[4],[8]; learning-rate=loguniform(1e-3,1e-1)", "--trials", "8",
                     "--folds", "3", "--epochs", "20", "--batch-size", "4", "--seed", "2", "--no-refit", "--json"]

        let whole = try BuiltBinaryTests.run(binary, ["tune", data] + flags + ["--study", folder.path("whole.jsonl")])
        #expect(whole.code == 0, "\(whole.error)")

        // Killed once two trials are in the log (not as a signal it could handle: SIGKILL).
        let study = folder.path("killed.jsonl")
        let process = Process()
        process.executableURL = binary
        process.arguments = ["tune", data] + flags + ["--study", study]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let started = Date()
        while process.isRunning && Date().timeIntervalSince(started) < 120 {
            let lines = (try? String(contentsOfFile: study, encoding: .utf8))?.split(separator: "\n").count ?? 0
            if lines >= 3 { break }
            usleep(5_000)
        }
        #expect(process.isRunning, "the search ended before it could be killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let done = try String(contentsOfFile: study, encoding: .utf8).split(separator: "\n").count - 1
        #expect(done >= 2 && done < 8)
        // The dead holder's lock file is left behind; the resumed search takes it over.
        #expect(FileManager.default.fileExists(atPath: study + ".lock"))

        let resumed = try BuiltBinaryTests.run(binary, ["tune", data] + flags + ["--study", study])
        #expect(resumed.code == 0, "\(resumed.error)")
        func outcome(_ text: String) throws -> String {
            var object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            // Wall times differ; everything else must not.
            let trials = (object["trials"] as? [[String: Any]] ?? []).map { $0.filter { $0.key != "seconds" } }
            object["trials"] = trials
            object["best"] = (object["best"] as? [String: Any])?.filter { $0.key != "seconds" }
            return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }
        #expect(try outcome(resumed.output) == outcome(whole.output))
        // Every trial is in the log once.
        #expect(try String(contentsOfFile: study, encoding: .utf8).split(separator: "\n").count == 9)
    }
}
