import Foundation
import Testing
@testable import Neural

/// One broken file and the exact error it must produce.
struct MalformedFileCase: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: Data
    var expected: ModelFileError
    /// Words the message must contain so a person can find the problem.
    var messageMentions: [String]

    var testDescription: String { name }
}

@Suite struct SafeTensorsMalformedTests {
    typealias Support = SerializationTestSupport

    /// Four little-endian Float32 values: 16 bytes.
    static let sixteenBytes = [UInt8](repeating: 0, count: 16)

    static func entry(_ name: String, dtype: String = "\"F32\"", shape: String, offsets: String) -> String {
        "\"\(name)\":{\"dtype\":\(dtype),\"shape\":\(shape),\"data_offsets\":\(offsets)}"
    }

    static let cases: [MalformedFileCase] = [
        MalformedFileCase(name: "empty file", bytes: Data(),
                          expected: .fileTooSmall(source: "<data>", size: 0), messageMentions: ["0 bytes", "8 bytes"]),
        MalformedFileCase(name: "7 bytes", bytes: Data([1, 0, 0, 0, 0, 0, 0]),
                          expected: .fileTooSmall(source: "<data>", size: 7), messageMentions: ["7 bytes"]),
        MalformedFileCase(name: "header cut short",
                          bytes: Support.rawFile(header: "{\"w\":{\"dtype\"", headerLength: 100),
                          expected: .headerLengthExceedsFile(source: "<data>", headerLength: 100, available: 13),
                          messageMentions: ["100 bytes", "only 13"]),
        MalformedFileCase(name: "data cut short",
                          bytes: Support.rawFile(header: "{" + entry("w", shape: "[2,2]", offsets: "[0,16]") + "}",
                                                 data: [UInt8](repeating: 0, count: 8)),
                          expected: .offsetsOutOfRange(source: "<data>", tensor: "w", begin: 0, end: 16, bufferSize: 8),
                          messageMentions: ["w", "[0, 16]", "8 bytes"]),
        MalformedFileCase(name: "header length 2^62", bytes: Support.rawFile(header: "{}", headerLength: 1 << 62),
                          expected: .headerTooLarge(source: "<data>", headerLength: 1 << 62, limit: SafeTensorsFile.maximumHeaderLength),
                          messageMentions: ["4611686018427387904"]),
        MalformedFileCase(name: "header length UInt64.max", bytes: Support.rawFile(header: "{}", headerLength: .max),
                          expected: .headerTooLarge(source: "<data>", headerLength: .max, limit: SafeTensorsFile.maximumHeaderLength),
                          messageMentions: ["18446744073709551615"]),
        MalformedFileCase(name: "malformed JSON", bytes: Support.rawFile(header: "{\"w\": {\"dtype\": \"F32\",}"),
                          expected: .malformedHeader(source: "<data>", position: 22, reason: "expected a quoted key in an object"),
                          messageMentions: ["JSON", "byte 22"]),
        MalformedFileCase(name: "text after the object", bytes: Support.rawFile(header: "{} x"),
                          expected: .malformedHeader(source: "<data>", position: 3, reason: "unexpected data after the JSON value"),
                          messageMentions: ["byte 3"]),
        MalformedFileCase(name: "JSON array instead of object", bytes: Support.rawFile(header: "[1, 2]  "),
                          expected: .headerNotObject(source: "<data>", found: "an array"), messageMentions: ["object", "array"]),
        MalformedFileCase(name: "header not UTF-8",
                          bytes: { var file = Support.rawFile(header: "{\"\"}"); file[10] = 0xFF; return file }(),
                          expected: .headerNotUTF8(source: "<data>"), messageMentions: ["UTF-8"]),
        MalformedFileCase(name: "nesting bomb", bytes: Support.rawFile(header: String(repeating: "[", count: 100_000)),
                          expected: .malformedHeader(source: "<data>", position: 64, reason: "nesting deeper than 64 levels"),
                          messageMentions: ["nesting"]),
        MalformedFileCase(name: "offsets past the buffer",
                          bytes: Support.rawFile(header: "{" + entry("w", shape: "[100]", offsets: "[0,400]") + "}", data: sixteenBytes),
                          expected: .offsetsOutOfRange(source: "<data>", tensor: "w", begin: 0, end: 400, bufferSize: 16),
                          messageMentions: ["[0, 400]", "16 bytes"]),
        MalformedFileCase(name: "begin after end",
                          bytes: Support.rawFile(header: "{" + entry("w", shape: "[1]", offsets: "[8,4]") + "}", data: sixteenBytes),
                          expected: .offsetsOutOfRange(source: "<data>", tensor: "w", begin: 8, end: 4, bufferSize: 16),
                          messageMentions: ["begin is after its end"]),
        MalformedFileCase(name: "negative offset",
                          bytes: Support.rawFile(header: "{" + entry("w", shape: "[1]", offsets: "[-4,0]") + "}", data: sixteenBytes),
                          expected: .offsetsOutOfRange(source: "<data>", tensor: "w", begin: -4, end: 0, bufferSize: 16),
                          messageMentions: ["[-4, 0]"]),
        MalformedFileCase(name: "offset beyond 64 bits",
                          bytes: Support.rawFile(header: "{" + entry("w", shape: "[1]", offsets: "[0,99999999999999999999]") + "}"),
                          expected: .invalidTensorEntry(source: "<data>", tensor: "w",
                                                        reason: "data_offsets must be an array of two integers, found [0, 99999999999999999999]"),
                          messageMentions: ["data_offsets"]),
        MalformedFileCase(name: "overlapping tensors",
                          bytes: Support.rawFile(header: "{" + entry("a", shape: "[2]", offsets: "[0,8]") + ","
                                                 + entry("b", shape: "[2]", offsets: "[4,12]") + "}",
                                                 data: [UInt8](repeating: 0, count: 12)),
                          expected: .overlappingTensors(source: "<data>", first: "a", firstRange: [0, 8], second: "b", secondRange: [4, 12]),
                          messageMentions: ["a", "b", "overlap"]),
        MalformedFileCase(name: "hole between tensors",
                          bytes: Support.rawFile(header: "{" + entry("a", shape: "[2]", offsets: "[0,8]") + ","
                                                 + entry("b", shape: "[2]", offsets: "[12,20]") + "}",
                                                 data: [UInt8](repeating: 0, count: 20)),
                          expected: .uncoveredData(source: "<data>", begin: 8, end: 12, bufferSize: 20),
                          messageMentions: ["[8, 12)", "no tensor"]),
        MalformedFileCase(name: "trailing bytes",
                          bytes: Support.rawFile(header: "{" + entry("a", shape: "[2]", offsets: "[0,8]") + "}",
                                                 data: [UInt8](repeating: 0, count: 12)),
                          expected: .uncoveredData(source: "<data>", begin: 8, end: 12, bufferSize: 12),
                          messageMentions: ["[8, 12)"]),
        MalformedFileCase(name: "unknown dtype",
                          bytes: Support.rawFile(header: "{" + entry("w", dtype: "\"I64\"", shape: "[2]", offsets: "[0,16]") + "}", data: sixteenBytes),
                          expected: .unsupportedDType(source: "<data>", tensor: "w", dtype: "I64"), messageMentions: ["w", "I64", "F32"]),
        MalformedFileCase(name: "dtype not a string",
                          bytes: Support.rawFile(header: "{" + entry("w", dtype: "32", shape: "[4]", offsets: "[0,16]") + "}", data: sixteenBytes),
                          expected: .invalidTensorEntry(source: "<data>", tensor: "w", reason: "dtype must be a string, found the number 32"),
                          messageMentions: ["dtype"]),
        MalformedFileCase(name: "shape and byte count disagree",
                          bytes: Support.rawFile(header: "{" + entry("w", shape: "[3]", offsets: "[0,16]") + "}", data: sixteenBytes),
                          expected: .sizeMismatch(source: "<data>", tensor: "w", shape: [3], dtype: "F32", expectedBytes: 12, begin: 0, end: 16),
                          messageMentions: ["needs 12 bytes", "span 16"]),
        MalformedFileCase(name: "negative dimension",
                          bytes: Support.rawFile(header: "{" + entry("w", shape: "[-1,4]", offsets: "[0,16]") + "}", data: sixteenBytes),
                          expected: .invalidShape(source: "<data>", tensor: "w", shape: "[-1, 4]", reason: "dimension -1 is negative"),
                          messageMentions: ["negative"]),
        MalformedFileCase(name: "fractional dimension",
                          bytes: Support.rawFile(header: "{" + entry("w", shape: "[1.5]", offsets: "[0,16]") + "}", data: sixteenBytes),
                          expected: .invalidShape(source: "<data>", tensor: "w", shape: "[1.5]",
                                                  reason: "the number 1.5 is not an integer that fits in 64 bits"),
                          messageMentions: ["1.5"]),
        MalformedFileCase(name: "dimension as a string",
                          bytes: Support.rawFile(header: "{" + entry("w", shape: "[\"4\"]", offsets: "[0,16]") + "}", data: sixteenBytes),
                          expected: .invalidShape(source: "<data>", tensor: "w", shape: "[\"4\"]",
                                                  reason: "the string \"4\" is not an integer that fits in 64 bits"),
                          messageMentions: ["\"4\""]),
        MalformedFileCase(name: "element count overflows",
                          bytes: Support.rawFile(header: "{" + entry("w", shape: "[4611686018427387904,4]", offsets: "[0,16]") + "}", data: sixteenBytes),
                          expected: .invalidShape(source: "<data>", tensor: "w", shape: "[4611686018427387904, 4]", reason: "the element count overflows"),
                          messageMentions: ["overflows"]),
        MalformedFileCase(name: "byte count overflows",
                          bytes: Support.rawFile(header: "{" + entry("w", shape: "[4611686018427387904]", offsets: "[0,16]") + "}", data: sixteenBytes),
                          expected: .invalidShape(source: "<data>", tensor: "w", shape: "[4611686018427387904]", reason: "the byte count overflows"),
                          messageMentions: ["overflows"]),
        MalformedFileCase(name: "no data_offsets",
                          bytes: Support.rawFile(header: "{\"w\":{\"dtype\":\"F32\",\"shape\":[4]}}", data: sixteenBytes),
                          expected: .invalidTensorEntry(source: "<data>", tensor: "w", reason: "the entry has no data_offsets"),
                          messageMentions: ["no data_offsets"]),
        MalformedFileCase(name: "three data_offsets",
                          bytes: Support.rawFile(header: "{" + entry("w", shape: "[4]", offsets: "[0,8,16]") + "}", data: sixteenBytes),
                          expected: .invalidTensorEntry(source: "<data>", tensor: "w",
                                                        reason: "data_offsets must be an array of two integers, found [0, 8, 16]"),
                          messageMentions: ["two integers"]),
        MalformedFileCase(name: "entry not an object",
                          bytes: Support.rawFile(header: "{\"w\":5}"),
                          expected: .invalidTensorEntry(source: "<data>", tensor: "w",
                                                        reason: "expected an object with dtype, shape and data_offsets, found the number 5"),
                          messageMentions: ["w"]),
        MalformedFileCase(name: "duplicate tensor name",
                          bytes: Support.rawFile(header: "{" + entry("w", shape: "[2]", offsets: "[0,8]") + ","
                                                 + entry("w", shape: "[2]", offsets: "[8,16]") + "}", data: sixteenBytes),
                          expected: .duplicateTensor(source: "<data>", name: "w"), messageMentions: ["twice"]),
        MalformedFileCase(name: "metadata not an object",
                          bytes: Support.rawFile(header: "{\"__metadata__\":[1]}"),
                          expected: .invalidMetadata(source: "<data>", reason: "expected an object of strings, found an array"),
                          messageMentions: ["__metadata__"]),
        MalformedFileCase(name: "metadata value not a string",
                          bytes: Support.rawFile(header: "{\"__metadata__\":{\"neural.format_version\":1}}"),
                          expected: .invalidMetadata(source: "<data>", reason: "the value of neural.format_version must be a string, found the number 1"),
                          messageMentions: ["neural.format_version", "string"]),
        MalformedFileCase(name: "metadata twice",
                          bytes: Support.rawFile(header: "{\"__metadata__\":{},\"__metadata__\":{}}"),
                          expected: .invalidMetadata(source: "<data>", reason: "__metadata__ appears twice"),
                          messageMentions: ["twice"]),
    ]

    @Test(arguments: cases)
    func brokenBytesGiveTheirError(_ broken: MalformedFileCase) {
        #expect(throws: broken.expected) { try SafeTensorsFile(data: broken.bytes) }
        for word in broken.messageMentions {
            #expect(broken.expected.description.contains(word), "message: \(broken.expected.description)")
        }
    }

    @Test(arguments: cases)
    func brokenFilesOnDiskNameThePath(_ broken: MalformedFileCase) throws {
        let folder = try Support.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("broken.safetensors")
        try broken.bytes.write(to: url)
        do {
            _ = try SafeTensorsFile.read(from: url)
            Issue.record("\(broken.name): reading succeeded")
        } catch {
            // The same error as from memory, with the file's path as the source.
            #expect(error.description.hasPrefix(url.path + ":"), "message: \(error.description)")
            #expect(error.description.replacingOccurrences(of: url.path, with: "<data>") == broken.expected.description)
        }
    }

    @Test func missingFileAndFolderAreUnreadable() throws {
        let folder = try Support.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("missing.safetensors")
        #expect(throws: ModelFileError.unreadable(source: missing.path, reason: "no such file")) {
            try SafeTensorsFile.read(from: missing)
        }
        #expect(throws: ModelFileError.unreadable(source: folder.path, reason: "it is a folder")) {
            try SafeTensorsFile.read(from: folder)
        }
    }

    /// Random corruptions of a valid file (flipped bytes, truncations, junk appended) must each
    /// either load or throw a `ModelFileError` — never trap, hang or allocate absurdly.
    @Test func randomCorruptionsNeverCrash() {
        let valid = SafeTensorsRoundTripTests.sampleFile().encoded()
        var generator = SeededGenerator(seed: 2026)
        var loaded = 0, refused = 0
        for _ in 0..<1500 {
            var bytes = valid
            switch generator.nextIndex(below: 4) {
            case 0:
                for _ in 0...generator.nextIndex(below: 4) {
                    bytes[generator.nextIndex(below: bytes.count)] = UInt8(truncatingIfNeeded: generator.next())
                }
            case 1:
                bytes = bytes.prefix(generator.nextIndex(below: bytes.count))
            case 2:
                // Corrupt the header length itself.
                bytes[generator.nextIndex(below: 8)] = UInt8(truncatingIfNeeded: generator.next())
            default:
                bytes.append(contentsOf: (0..<generator.nextIndex(below: 16)).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
            }
            do {
                _ = try SafeTensorsFile(data: bytes)
                loaded += 1
            } catch {
                refused += 1
            }
        }
        #expect(loaded + refused == 1500)
        #expect(refused > 0)
    }
}
