import Foundation
import Testing
import Neural

/// `neural train --resume` on a checkpoint edited to a position training could not have reached
/// (through the executable): exit 2 naming the field, no model written, instead of a 200-epoch
/// run reported as "epochs 401 (completed)".
@Suite struct CheckpointTamperingTests {
    /// The saved state's JSON with `edit` applied, written back into the checkpoint at `path`.
    static func editState(at path: String, _ edit: (inout [String: Any]) -> Void) throws {
        let url = URL(fileURLWithPath: path)
        var file = try ModelFile.read(from: url)
        let json = try #require(file.metadata[TrainingCheckpoint.stateKey])
        var state = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        edit(&state)
        file.metadata[TrainingCheckpoint.stateKey] = String(decoding: try JSONSerialization.data(withJSONObject: state), as: UTF8.self)
        try file.write(to: url)
    }

    @Test(.enabled(if: BuiltBinaryTests.binary != nil, "the neural executable was not found"),
          arguments: [
            ("epoch", "the saved run has finished 401 epochs, outside 0…4 configured"),
            ("history", "the saved history has 401 values of training loss for 3 completed epochs"),
          ])
    func aCheckpointEditedPastItsEpochsIsRefused(field: String, message: String) throws {
        let binary = try #require(BuiltBinaryTests.binary)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.regression)
        let checkpoint = folder.path("c.safetensors")
        let model = folder.path("m.safetensors")
        let flags = ["train", data, "--target", "y", "--hidden", "4", "--epochs", "4", "--quiet", "--model", model]
        let first = try BuiltBinaryTests.run(binary, flags + ["--checkpoint-every", "3", "--checkpoint", checkpoint])
        #expect(first.code == 0, "\(first.error)")
        try FileManager.default.removeItem(atPath: model)

        try Self.editState(at: checkpoint) { state in
            if field == "epoch" {
                state["epoch"] = 401
            } else {
                var history = state["history"] as? [String: Any] ?? [:]
                history["loss"] = [Double](repeating: 0.5, count: 401)
                state["history"] = history
            }
        }
        let resumed = try BuiltBinaryTests.run(binary, flags + ["--resume", checkpoint])
        #expect(resumed.code == 2, "\(resumed.error)")
        #expect(resumed.error.contains("--resume \(checkpoint)"), "\(resumed.error)")
        #expect(resumed.error.contains(message), "\(resumed.error)")
        #expect(!resumed.output.contains("401"))
        #expect(!FileManager.default.fileExists(atPath: model))
    }
}
