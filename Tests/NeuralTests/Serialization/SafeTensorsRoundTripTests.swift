import Foundation
import Testing
@testable import Neural

@Suite struct SafeTensorsRoundTripTests {
    /// Values that a careless writer or reader would change: −0, ±∞, a NaN with a payload,
    /// the smallest subnormal, the largest finite Float.
    static let awkwardValues: [Float] = [
        0, -0.0, 1, -1.5, .infinity, -.infinity, Float(bitPattern: 0x7FC0_1234),
        .leastNonzeroMagnitude, .greatestFiniteMagnitude, 3.14159274,
    ]

    static func sampleFile() -> SafeTensorsFile {
        var generator = SeededGenerator(seed: 7)
        let weights = (0..<12).map { _ in Float(generator.nextNormal()) }
        return SafeTensorsFile(
            tensors: [
                SafeTensor(name: "layers.0.weight", shape: [3, 4], values: weights),
                SafeTensor(name: "layers.0.bias", shape: [10], values: awkwardValues),
                SafeTensor(name: "scalar", shape: [], values: [42]),
                SafeTensor(name: "empty", shape: [0, 5], values: []),
                SafeTensor(name: "naïve \"quoted\"\n name", shape: [1, 1, 2], values: [1, 2]),
            ],
            metadata: ["neural.format_version": "1", "json": "{\"a\": [1, 2]}", "unicode": "é ✓ 😀\u{1}"])
    }

    @Test func bytesRoundTripBitIdentically() throws {
        let file = Self.sampleFile()
        let decoded = try SafeTensorsFile(data: file.encoded())
        #expect(decoded.metadata == file.metadata)
        #expect(decoded.tensors.map(\.name) == file.tensors.map(\.name))
        for (read, written) in zip(decoded.tensors, file.tensors) {
            #expect(read.shape == written.shape)
            #expect(SerializationTestSupport.bits(read.values) == SerializationTestSupport.bits(written.values))
        }
    }

    @Test func fileRoundTripMatchesEncodedBytes() throws {
        let folder = try SerializationTestSupport.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("model.safetensors")
        let file = Self.sampleFile()
        try file.write(to: url)
        // The streamed write and the in-memory encoding produce the same bytes.
        #expect(try Data(contentsOf: url) == file.encoded())
        let read = try SafeTensorsFile.read(from: url)
        #expect(read.tensors.map { SerializationTestSupport.bits($0.values) }
                == file.tensors.map { SerializationTestSupport.bits($0.values) })
        #expect(read.metadata == file.metadata)
        #expect(try SerializationTestSupport.contents(of: folder) == ["model.safetensors"])
    }

    @Test func headerIsPaddedToEightBytesAndDeterministic() throws {
        let file = Self.sampleFile()
        let bytes = file.encoded()
        let headerLength = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        // The data buffer must start 8-byte aligned: 8 + N ≡ 0 (mod 8).
        #expect((8 + headerLength) % 8 == 0)
        #expect(bytes[8 + headerLength - 1] == UInt8(ascii: " ") || bytes[8 + headerLength - 1] == UInt8(ascii: "}"))
        #expect(SafeTensorsFile(tensors: file.tensors, metadata: file.metadata).encoded() == bytes)
    }

    @Test func emptyFileRoundTrips() throws {
        let file = SafeTensorsFile(tensors: [], metadata: [:])
        let bytes = file.encoded()
        // "{}" padded with six spaces to eight bytes.
        #expect(bytes == SerializationTestSupport.rawFile(header: "{}      "))
        #expect(try SafeTensorsFile(data: bytes) == file)
    }

    @Test func tensorsComeBackInDataBufferOrder() throws {
        // The header lists b before a, but a's bytes come first.
        let header = #"{"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        var data: [UInt8] = []
        withUnsafeBytes(of: Float(1).bitPattern.littleEndian) { data += $0 }
        withUnsafeBytes(of: Float(2).bitPattern.littleEndian) { data += $0 }
        let file = try SafeTensorsFile(data: SerializationTestSupport.rawFile(header: header, data: data))
        #expect(file.tensors.map(\.name) == ["a", "b"])
        #expect(file.tensor(named: "b")?.values == [2])
    }

    @Test func readsFromASliceOfLargerData() throws {
        // Data slices keep their parent's indices; the reader must not assume startIndex == 0.
        let bytes = Data([9, 9, 9]) + Self.sampleFile().encoded()
        let slice = bytes.dropFirst(3)
        #expect(try SafeTensorsFile(data: slice).tensors.count == 5)
    }

    @Test func convertsBFloat16() throws {
        // bfloat16 0x3FC0 is the upper half of Float 1.5 (0x3FC00000); 0xC040 is −3.
        let header = #"{"h":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}}"#
        let file = try SafeTensorsFile(data: SerializationTestSupport.rawFile(header: header, data: [0xC0, 0x3F, 0x40, 0xC0]))
        #expect(file.tensor(named: "h")?.values == [1.5, -3])
        // The stored type is kept, so a reader needing the exact saved bits can refuse a conversion.
        #expect(file.tensor(named: "h")?.storedDType == .bfloat16)
    }

    @Test(arguments: [
        // (binary16 bits, Float value): IEEE 754 binary16 encodings worked by hand.
        (UInt16(0x3C00), Float(1)), (0xC000, -2), (0x0001, 0x1p-24), (0x03FF, 1023 * 0x1p-24),
        (0x0400, 0x1p-14), (0x7BFF, 65504), (0x7C00, .infinity), (0xFC00, -.infinity), (0x8000, -0.0),
    ])
    func convertsHalfPrecision(half: UInt16, expected: Float) {
        #expect(SafeTensorsFile.float(fromHalf: half).bitPattern == expected.bitPattern)
    }

    @Test func halfPrecisionNaNStaysNaN() {
        #expect(SafeTensorsFile.float(fromHalf: 0x7E00).isNaN)
    }
}
