import Foundation
import Testing
import Neural

/// A model file or checkpoint whose stored settings were edited out of range, through the
/// executable: exit 2 naming the file and the field, and nothing written.
@Suite struct SettingsFileTests {
    /// The JSON under metadata `key` of the file at `path`, with `edit` applied, written back.
    static func edit(_ path: String, key: String, _ edit: (inout [String: Any]) -> Void) throws {
        let url = URL(fileURLWithPath: path)
        var file = try ModelFile.read(from: url)
        let json = try #require(file.metadata[key])
        var object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        edit(&object)
        file.metadata[key] = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        try file.write(to: url)
    }

    @Test(.enabled(if: BuiltBinaryTests.binary != nil, "the neural executable was not found"))
    func anOutOfRangeSettingIsRefusedByPredictAndResume() throws {
        let binary = try #require(BuiltBinaryTests.binary)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("d.csv", SampleData.regression)
        let model = folder.path("m.safetensors")
        let checkpoint = folder.path("c.safetensors")
        let flags = ["train", data, "--target", "y", "--hidden", "4", "--epochs", "4", "--quiet"]
        let first = try BuiltBinaryTests.run(binary, flags + ["--model", model, "--checkpoint-every", "3", "--checkpoint", checkpoint])
        #expect(first.code == 0, "\(first.error)")

        // A model whose Adam β1 is 5: predict refuses it and writes no predictions.
        try Self.edit(model, key: "neural.training") { training in
            var configuration = training["configuration"] as? [String: Any] ?? [:]
            var optimizer = configuration["optimizer"] as? [String: Any] ?? [:]
            var adam = optimizer["adam"] as? [String: Any] ?? [:]
            adam["beta1"] = 5
            optimizer["adam"] = adam
            configuration["optimizer"] = optimizer
            training["configuration"] = configuration
        }
        let output = folder.path("p.csv")
        let predicted = try BuiltBinaryTests.run(binary, ["predict", model, data, "--output", output])
        #expect(predicted.code == 2, "\(predicted.error)")
        #expect(predicted.error == "error: \(model): metadata neural.training is invalid: beta1 must be in [0, 1), got 5.0 at configuration.optimizer.adam.beta1.\n")
        #expect(!FileManager.default.fileExists(atPath: output))

        // A checkpoint whose learning rate is NaN: --resume refuses it, writes no model and
        // leaves the checkpoint as it was.
        try Self.edit(checkpoint, key: "neural.checkpoint.configuration") { $0["learningRate"] = "NaN" }
        let before = try Data(contentsOf: URL(fileURLWithPath: checkpoint))
        let resumedModel = folder.path("r.safetensors")
        let resumed = try BuiltBinaryTests.run(binary, flags + ["--model", resumedModel, "--resume", checkpoint])
        #expect(resumed.code == 2, "\(resumed.error)")
        #expect(resumed.error == "error: --resume \(checkpoint) cannot be resumed: \(checkpoint): metadata neural.checkpoint.configuration is invalid: learningRate must be a positive number, got nan at learningRate.\n")
        #expect(!FileManager.default.fileExists(atPath: resumedModel))
        #expect(try Data(contentsOf: URL(fileURLWithPath: checkpoint)) == before)
    }
}
