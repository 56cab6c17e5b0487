import Foundation
import Testing
import Neural
@testable import NeuralInference

/// `neural serve` loads a model trained under model-format version 1 (weights stored
/// `[in, out]`; `Tests/NeuralTests/Fixtures/format_v1`) and answers a CSV body with exactly the
/// text `neural predict` printed for it when it was written.
@Suite struct FormatV1ServedModelTests {
    @Test func aVersion1ModelIsServedAsItPredicted() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("NeuralTests/Fixtures/format_v1")
        struct Expected: Decodable { var labels: [String]? }
        let all = try JSONDecoder().decode([String: Expected].self,
                                           from: Data(contentsOf: folder.appendingPathComponent("expected.json")))
        let printed = try #require(all["cli_penguins.safetensors"]?.labels?.first)
        let served = try ServedModel(name: "penguins", path: folder.appendingPathComponent("cli_penguins.safetensors").path)
        let csv = try Data(contentsOf: root.deletingLastPathComponent().appendingPathComponent("examples/penguins.csv"))
        let table = try served.table(csv: Array(csv), maxRows: 1000)
        let prediction = served.model.predict(features: try served.features(of: table))
        #expect(String(decoding: try served.encodeCSV(prediction, probabilities: true), as: UTF8.self) == printed)
    }
}
