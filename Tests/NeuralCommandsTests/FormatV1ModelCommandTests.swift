import Foundation
import Testing
@testable import NeuralCommands

/// A model trained by `neural train` under model-format version 1 (weights stored `[in, out]`;
/// missing values filled, a text column one-hot encoded, numbers standardised), committed in
/// `Fixtures/format_v1`: `neural predict` still prints exactly what it printed then.
@Suite struct FormatV1ModelCommandTests {
    @Test func aVersion1ModelFromTheCommandLinePredictsTheSameText() throws {
        struct Expected: Decodable { var labels: [String]? }
        let folder = InteropFixtures.fixtures.appendingPathComponent("format_v1")
        let all = try JSONDecoder().decode([String: Expected].self,
                                           from: Data(contentsOf: folder.appendingPathComponent("expected.json")))
        let printed = try #require(all["cli_penguins.safetensors"]?.labels?.first)
        let penguins = InteropFixtures.root.deletingLastPathComponent()
            .appendingPathComponent("examples/penguins.csv").path
        let result = runNeural(["predict", folder.appendingPathComponent("cli_penguins.safetensors").path,
                                penguins, "--probabilities"])
        #expect(result.code == 0, "\(result.error)")
        #expect(result.output == printed)
    }
}
