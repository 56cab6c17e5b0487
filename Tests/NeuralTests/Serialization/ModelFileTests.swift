import Foundation
import Testing
@testable import Neural

@Suite struct ModelFileTests {
    typealias Support = SerializationTestSupport

    /// A 4 → 8 → 3 network's layout, as the network names its parameters.
    static func layout(hidden: Int = 8, inputs: Int = 4) -> ParameterLayout {
        var layout = ParameterLayout()
        layout.append(name: "layers.0.weight", shape: [inputs, hidden], kind: .weight)
        layout.append(name: "layers.0.bias", shape: [hidden], kind: .bias)
        layout.append(name: "layers.1.weight", shape: [hidden, 3], kind: .weight)
        layout.append(name: "layers.1.bias", shape: [3], kind: .bias)
        return layout
    }

    static func parameters(seed: UInt64 = 1) -> ParameterVector {
        var generator = SeededGenerator(seed: seed)
        let layout = layout()
        return ParameterVector(layout: layout, values: (0..<layout.count).map { _ in Float(generator.nextNormal()) })
    }

    struct Architecture: Codable, Equatable {
        var hidden: [Int]
        var activation: String
        var dropout: Double
    }

    @Test func saveLoadRebuildsIdenticalParameters() throws {
        let folder = try Support.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("model.safetensors")
        let parameters = Self.parameters()
        var file = ModelFile(parameters: parameters, metadata: ["note": "hello"])
        let architecture = Architecture(hidden: [8], activation: "relu", dropout: .nan)
        try file.setMetadata(architecture, forKey: ModelFormat.architectureKey)
        try file.write(to: url)

        let loaded = try ModelFile.read(from: url)
        #expect(loaded.metadata[ModelFormat.versionKey] == "2")
        #expect(loaded.metadata["note"] == "hello")
        #expect(loaded.tensors.map(\.name) == ["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"])
        let rebuilt = try loaded.parameters(matching: Self.layout())
        #expect(rebuilt.layout == parameters.layout)
        #expect(Support.bits(rebuilt.values) == Support.bits(parameters.values))
        // NaN survives as the string "NaN".
        let decoded = try loaded.decodeMetadata(Architecture.self, forKey: ModelFormat.architectureKey)
        #expect(decoded.hidden == [8] && decoded.activation == "relu" && decoded.dropout.isNaN)
    }

    @Test func checkpointsCanHoldSeveralVectorsUnderPrefixes() throws {
        let parameters = Self.parameters(seed: 1), moments = Self.parameters(seed: 2)
        var file = ModelFile(parameters: parameters)
        file.append(moments, prefix: "optimizer.m.")
        let loaded = try ModelFile(data: file.safeTensorsFile.encoded())
        #expect(try loaded.parameters(matching: Self.layout(), prefix: "optimizer.m.").values == moments.values)
        // Without a prefix, the optimizer's tensors are extra tensors for the network.
        #expect(throws: ModelFileError.unexpectedTensor(source: "<data>", name: "optimizer.m.layers.0.weight", shape: [4, 8])) {
            try loaded.parameters(matching: Self.layout())
        }
    }

    @Test func shapeMismatchNamesTheTensorAndBothShapes() throws {
        let file = try ModelFile(data: ModelFile(parameters: Self.parameters()).safeTensorsFile.encoded())
        var other = ParameterLayout()
        other.append(name: "layers.0.weight", shape: [4, 8], kind: .weight)
        other.append(name: "layers.0.bias", shape: [8], kind: .bias)
        other.append(name: "layers.1.weight", shape: [8, 4], kind: .weight)
        other.append(name: "layers.1.bias", shape: [4], kind: .bias)
        let expected = ModelFileError.shapeMismatch(source: "<data>", name: "layers.1.weight", found: [8, 3], expected: [8, 4])
        #expect(throws: expected) { try file.parameters(matching: other) }
        #expect(expected.description == "<data>: layers.1.weight has shape [8, 3] in the file, the architecture needs [8, 4].")
    }

    @Test func missingAndExtraTensorsAreNamed() throws {
        let file = try ModelFile(data: ModelFile(parameters: Self.parameters()).safeTensorsFile.encoded())
        var deeper = Self.layout()
        deeper.append(name: "layers.2.weight", shape: [3, 1], kind: .weight)
        #expect(throws: ModelFileError.missingTensor(source: "<data>", name: "layers.2.weight", expectedShape: [3, 1])) {
            try file.parameters(matching: deeper)
        }
        var shallower = ParameterLayout()
        shallower.append(name: "layers.0.weight", shape: [4, 8], kind: .weight)
        shallower.append(name: "layers.0.bias", shape: [8], kind: .bias)
        #expect(throws: ModelFileError.unexpectedTensor(source: "<data>", name: "layers.1.weight", shape: [8, 3])) {
            try file.parameters(matching: shallower)
        }
    }

    @Test func fileWithoutFormatVersionIsRefused() throws {
        let plain = SafeTensorsFile(tensors: [SafeTensor(name: "w", shape: [1], values: [1])], metadata: ["other": "x"])
        #expect(throws: ModelFileError.missingMetadata(source: "<data>", key: "neural.format_version")) {
            try ModelFile(data: plain.encoded())
        }
        let noMetadata = SafeTensorsFile(tensors: [], metadata: [:])
        #expect(throws: ModelFileError.missingMetadata(source: "<data>", key: "neural.format_version")) {
            try ModelFile(data: noMetadata.encoded())
        }
    }

    @Test(arguments: ["3", "3.0", "10.3"])
    func newerMajorVersionIsRefused(version: String) {
        let file = SafeTensorsFile(tensors: [], metadata: [ModelFormat.versionKey: version])
        let expected = ModelFileError.newerFormatVersion(source: "<data>", found: version, supported: "2")
        #expect(throws: expected) { try ModelFile(data: file.encoded()) }
        #expect(expected.description.contains("upgrade"))
    }

    @Test(arguments: ["", "one", "1.", ".1", "1.2.3", "-1", "0", "1e3", " 1"])
    func malformedVersionIsRefused(version: String) {
        let file = SafeTensorsFile(tensors: [], metadata: [ModelFormat.versionKey: version])
        #expect(throws: ModelFileError.invalidFormatVersion(source: "<data>", found: version)) {
            try ModelFile(data: file.encoded())
        }
    }

    @Test(arguments: ["1", "1.0", "1.7", "2", "2.0", "2.3"])
    func sameMajorVersionIsRead(version: String) throws {
        let file = SafeTensorsFile(tensors: [], metadata: [ModelFormat.versionKey: version])
        #expect(try ModelFile(data: file.encoded()).metadata[ModelFormat.versionKey] == version)
    }

    @Test func metadataErrorsNameTheKey() throws {
        var file = ModelFile(parameters: Self.parameters(), metadata: ["neural.architecture": "{\"hidden\": \"eight\"}"])
        file.source = "model.safetensors"
        #expect(throws: ModelFileError.missingMetadata(source: "model.safetensors", key: "neural.preprocessing")) {
            try file.requireMetadata(["neural.architecture", "neural.preprocessing"])
        }
        #expect(throws: ModelFileError.missingMetadata(source: "model.safetensors", key: "neural.training")) {
            try file.decodeMetadata(Architecture.self, forKey: "neural.training")
        }
        do {
            _ = try file.decodeMetadata(Architecture.self, forKey: "neural.architecture")
            Issue.record("decoding a string as [Int] succeeded")
        } catch {
            guard case let .invalidMetadataValue(source, key, reason) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(source == "model.safetensors" && key == "neural.architecture")
            #expect(reason.contains("hidden"), "reason: \(reason)")
        }
        file.metadata["neural.architecture"] = "not json"
        #expect(throws: ModelFileError.self) { try file.decodeMetadata(Architecture.self, forKey: "neural.architecture") }
    }
}

@Suite struct ModelFileConvenienceTests {
    @Test func saveThenReadByName() throws {
        let folder = try SerializationTestSupport.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("m.safetensors")
        let parameters = ModelFileTests.parameters()
        try ModelFile(parameters: parameters, metadata: ["k": "v"]).write(to: url)
        let file = try ModelFile.read(from: url)
        #expect(file.source == url.path)
        #expect(file.tensorsByName["layers.1.bias"]?.values == Array(parameters.values.suffix(3)))
        #expect(file.metadata == ["k": "v", ModelFormat.versionKey: ModelFormat.version])
    }
}
