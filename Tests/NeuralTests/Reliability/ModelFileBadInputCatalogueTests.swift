import Foundation
import Testing
@testable import Neural

/// The model-file rows of docs/ERRORS.md: each broken file and the exact message a user sees.
@Suite struct ModelFileBadInputCatalogueTests {
    static let source = "model.safetensors"

    /// A 3 → 2 dense layer's layout.
    static let layout: ParameterLayout = {
        var layout = ParameterLayout()
        layout.append(name: "layers.0.weight", shape: [3, 2], kind: .weight)
        layout.append(name: "layers.0.bias", shape: [2], kind: .bias)
        return layout
    }()

    /// A valid 224-byte model file: a 184-byte header, then 32 bytes of data (6 + 2 Float32).
    static let valid: Data = ModelFile(parameters: ParameterVector(layout: layout, values: [1, 2, 3, 4, 5, 6, 7, 8]))
        .safeTensorsFile.encoded()

    /// Raw safetensors bytes: an 8-byte little-endian length (default: the header's), the header, `data`.
    static func raw(_ header: String, _ data: [UInt8] = [], length: UInt64? = nil) -> Data {
        var bytes = Data()
        let headerBytes = Array(header.utf8)
        withUnsafeBytes(of: (length ?? UInt64(headerBytes.count)).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: headerBytes)
        bytes.append(contentsOf: data)
        return bytes
    }

    static func entry(_ name: String, dtype: String = "F32", shape: String, offsets: String) -> String {
        "\"\(name)\":{\"dtype\":\"\(dtype)\",\"shape\":\(shape),\"data_offsets\":\(offsets)}"
    }

    static func load(_ data: Data) throws(ModelFileError) {
        _ = try ModelFile(data: data, source: source)
    }

    static func loaded() throws -> ModelFile {
        try ModelFile(data: valid, source: source)
    }

    static func withPreprocessing(_ json: String) throws -> ModelFile {
        var file = try loaded()
        file.metadata[ModelFormat.preprocessingKey] = json
        return file
    }

    static let cases: [BadInputCase] = [
        BadInputCase(name: "truncated in the data", attempt: { try load(valid.prefix(valid.count - 4)) },
                     message: "model.safetensors: tensor layers.0.bias has data_offsets [24, 32] outside the data buffer of 28 bytes."),
        BadInputCase(name: "truncated in the header", attempt: { try load(valid.prefix(40)) },
                     message: "model.safetensors: truncated or not a safetensors file: the header length says 184 bytes, but only 32 bytes follow it."),
        BadInputCase(name: "truncated before the header length", attempt: { try load(valid.prefix(5)) },
                     message: "model.safetensors: not a safetensors file: it has 5 bytes, fewer than the 8 bytes of the header length."),
        BadInputCase(name: "header length larger than the file", attempt: { try load(raw("{}", length: 4096)) },
                     message: "model.safetensors: truncated or not a safetensors file: the header length says 4096 bytes, but only 2 bytes follow it."),
        BadInputCase(name: "absurd header length", attempt: { try load(raw("{}", length: 1 << 62)) },
                     message: "model.safetensors: the header length says 4611686018427387904 bytes, more than the 100000000-byte limit; the file is corrupt or not a safetensors file."),
        BadInputCase(name: "malformed JSON header", attempt: { try load(raw("{\"w\": {\"dtype\": \"F32\",}")) },
                     message: "model.safetensors: the header is not valid JSON at byte 22 of the header: expected a quoted key in an object."),
        BadInputCase(name: "header not UTF-8",
                     attempt: { var bytes = raw("{\"\"}"); bytes[10] = 0xFF; try load(bytes) },
                     message: "model.safetensors: the header is not valid UTF-8 text."),
        BadInputCase(name: "overlapping offsets",
                     attempt: { try load(raw("{" + entry("a", shape: "[2]", offsets: "[0,8]") + "," + entry("b", shape: "[2]", offsets: "[4,12]") + "}",
                                             [UInt8](repeating: 0, count: 12))) },
                     message: "model.safetensors: tensors a [0, 8] and b [4, 12] overlap in the data buffer."),
        BadInputCase(name: "offsets out of range",
                     attempt: { try load(raw("{" + entry("w", shape: "[100]", offsets: "[0,400]") + "}", [UInt8](repeating: 0, count: 16))) },
                     message: "model.safetensors: tensor w has data_offsets [0, 400] outside the data buffer of 16 bytes."),
        BadInputCase(name: "dtype other than F32 (I64)",
                     attempt: { try load(raw("{" + entry("w", dtype: "I64", shape: "[2]", offsets: "[0,16]") + "}", [UInt8](repeating: 0, count: 16))) },
                     message: "model.safetensors: tensor w has dtype I64; this reader supports F32 (and converts F16, BF16, F64)."),
        BadInputCase(name: "shape and data length disagree",
                     attempt: { try load(raw("{" + entry("w", shape: "[3]", offsets: "[0,16]") + "}", [UInt8](repeating: 0, count: 16))) },
                     message: "model.safetensors: tensor w of shape [3] and dtype F32 needs 12 bytes, but its data_offsets [0, 16] span 16."),
        BadInputCase(name: "no metadata (a plain safetensors file)", attempt: { try load(raw("{}")) },
                     message: "model.safetensors: the metadata has no neural.format_version; this file was not written by this program or is incomplete."),
        BadInputCase(name: "newer format version",
                     attempt: { try load(raw("{\"__metadata__\":{\"neural.format_version\":\"3\"}}")) },
                     message: "model.safetensors: the model file has format version 3, newer than version 2 that this program reads; upgrade the program."),
        BadInputCase(name: "malformed format version",
                     attempt: { try load(raw("{\"__metadata__\":{\"neural.format_version\":\"1.x\"}}")) },
                     message: "model.safetensors: the format version \"1.x\" is not of the form major or major.minor."),
        BadInputCase(name: "metadata key missing",
                     attempt: { _ = try loaded().decodeMetadata(Preprocessor.self, forKey: ModelFormat.preprocessingKey) },
                     message: "model.safetensors: the metadata has no neural.preprocessing; this file was not written by this program or is incomplete."),
        BadInputCase(name: "metadata value incomplete",
                     attempt: { _ = try withPreprocessing("{\"task\":\"classification\"}").decodeMetadata(Preprocessor.self, forKey: ModelFormat.preprocessingKey) },
                     message: "model.safetensors: metadata neural.preprocessing is invalid: no inputColumns."),
        BadInputCase(name: "metadata value not JSON",
                     attempt: { _ = try withPreprocessing("{\"task\":\"classification\",}").decodeMetadata(Preprocessor.self, forKey: ModelFormat.preprocessingKey) },
                     message: "model.safetensors: metadata neural.preprocessing is invalid: not valid JSON at byte 25 of the value: expected a quoted key in an object."),
        BadInputCase(name: "metadata value of the wrong type",
                     attempt: { _ = try withPreprocessing("{\"inputColumns\":5}").decodeMetadata(Preprocessor.self, forKey: ModelFormat.preprocessingKey) },
                     message: "model.safetensors: metadata neural.preprocessing is invalid: expected Array<Any> at inputColumns: Expected to decode Array<Any> but found number instead."),
        BadInputCase(name: "metadata value inconsistent",
                     attempt: {
                         let json = "{\"inputColumns\":[{\"kind\":\"numeric\",\"name\":\"x\"}],\"missingValues\":\"error\",\"mostFrequentCategories\":[],"
                             + "\"numericMeans\":[],\"oneHotEncoder\":{\"categories\":[],\"columnNames\":[],\"unseenCategories\":\"error\"},"
                             + "\"standardizer\":{\"means\":[],\"standardDeviations\":[]},\"targetColumn\":\"y\",\"task\":\"regression\"}"
                         _ = try withPreprocessing(json).decodeMetadata(Preprocessor.self, forKey: ModelFormat.preprocessingKey)
                     },
                     message: "model.safetensors: metadata neural.preprocessing is invalid: inconsistent preprocessor: 1 numeric columns but 0 means and 0 scaler columns."),
        BadInputCase(name: "tensor shape differs from the architecture",
                     attempt: {
                         var other = ParameterLayout()
                         other.append(name: "layers.0.weight", shape: [4, 2], kind: .weight)
                         other.append(name: "layers.0.bias", shape: [2], kind: .bias)
                         _ = try loaded().parameters(matching: other)
                     },
                     message: "model.safetensors: layers.0.weight has shape [3, 2] in the file, the architecture needs [4, 2]."),
        BadInputCase(name: "tensor missing for the architecture",
                     attempt: {
                         var more = layout
                         more.append(name: "layers.1.weight", shape: [2, 1], kind: .weight)
                         _ = try loaded().parameters(matching: more)
                     },
                     message: "model.safetensors: the file has no tensor layers.1.weight; the architecture needs one of shape [2, 1]."),
        BadInputCase(name: "tensor the architecture does not use",
                     attempt: {
                         var fewer = ParameterLayout()
                         fewer.append(name: "layers.0.weight", shape: [3, 2], kind: .weight)
                         _ = try loaded().parameters(matching: fewer)
                     },
                     message: "model.safetensors: the file has a tensor layers.0.bias of shape [2] that the architecture does not use."),
    ]

    @Test(arguments: cases)
    func userSeesTheCataloguedMessage(_ row: BadInputCase) {
        #expect(row.thrownMessage() == row.message)
    }

    /// The catalogue's numbers above assume this layout of the valid file.
    @Test func validFileLayout() {
        #expect(Self.valid.count == 224)
        #expect(Self.valid.prefix(8) == Data([184, 0, 0, 0, 0, 0, 0, 0]))
    }

    /// Cutting a valid file at every length gives a `ModelFileError` each time, never a trap,
    /// and which error depends only on where the cut falls.
    @Test func everyTruncationIsACleanError() {
        let headerEnd = 8 + 184
        for length in 0..<Self.valid.count {
            do {
                try Self.load(Self.valid.prefix(length))
                Issue.record("a file cut to \(length) bytes loaded")
            } catch {
                switch (length, error) {
                case (..<8, .fileTooSmall): break
                case (8..<headerEnd, .headerLengthExceedsFile): break
                case (headerEnd..., .offsetsOutOfRange): break
                default: Issue.record("a file cut to \(length) bytes: \(error)")
                }
            }
        }
    }
}
