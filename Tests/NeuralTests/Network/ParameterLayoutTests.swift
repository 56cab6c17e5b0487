import Foundation
import Testing
@testable import Neural

/// `ParameterLayout` finds segments by name in constant time, also after decoding, and its JSON
/// (part of every model file) holds the segments and the count only.
@Suite struct ParameterLayoutTests {
    private static func layout(layers: Int) -> ParameterLayout {
        Network.parameterLayout(for: (0..<layers).map { _ in .dense(Dense(inputSize: 2, outputSize: 2)) })
    }

    @Test func segmentsAreFoundByNameAfterAppendingAndDecoding() throws {
        // 3 000 layers: the imported-graph size that made a linear search per name quadratic.
        let layout = Self.layout(layers: 3000)
        let decoded = try JSONDecoder().decode(ParameterLayout.self, from: JSONEncoder().encode(layout))
        #expect(decoded == layout)
        for candidate in [layout, decoded] {
            let bias = try #require(candidate.segment(named: "layers.2999.bias"))
            // Each layer is 2·2 + 2 = 6 values; the last bias starts 2 999 · 6 + 4 values in.
            #expect(bias.offset == 2999 * 6 + 4 && bias.shape == [2])
            #expect(candidate.segment(named: "layers.3000.weight") == nil)
        }
    }

    @Test func jsonHoldsSegmentsAndCountOnly() throws {
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(Self.layout(layers: 1))) as? [String: Any]
        #expect(json.map { $0.keys.sorted() } == ["count", "segments"])
    }

    @Test func aDecodedLayoutThatRepeatsANameFindsTheFirst() throws {
        let json = #"{"count": 3, "segments": [{"name": "w", "shape": [2], "offset": 0, "kind": "weight"}, {"name": "w", "shape": [1], "offset": 2, "kind": "bias"}]}"#
        let layout = try JSONDecoder().decode(ParameterLayout.self, from: Data(json.utf8))
        #expect(layout.segment(named: "w")?.shape == [2])
    }
}
