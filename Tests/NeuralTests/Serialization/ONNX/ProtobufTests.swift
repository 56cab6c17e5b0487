import Foundation
import Testing
@testable import Neural
@testable import NeuralONNX

/// The protobuf wire-format reader and writer, against byte strings worked out from the protobuf
/// encoding specification (varint: 7 bits per byte, low group first, high bit = more).
@Suite struct ProtobufTests {
    /// Values and their encodings.
    static let varints: [(value: UInt64, bytes: [UInt8])] = [
        (0, [0x00]),
        (1, [0x01]),
        (127, [0x7F]),
        (128, [0x80, 0x01]),
        (300, [0xAC, 0x02]),               // the specification's own example
        (UInt64(UInt32.max), [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
        (UInt64.max, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
    ]

    @Test(arguments: 0..<varints.count)
    func varintEncodingAndDecoding(_ index: Int) throws {
        let (value, bytes) = Self.varints[index]
        var writer = ProtobufWriter()
        writer.writeVarint(value)
        #expect(writer.bytes == bytes)
        var reader = ProtobufReader(bytes: bytes)
        #expect(try reader.readVarint() == value)
        #expect(reader.isAtEnd)
    }

    @Test func negativeInt64TakesTenBytesAndRoundTrips() throws {
        var writer = ProtobufWriter()
        writer.writeInt(field: 1, -1)
        // Tag 0x08 (field 1, varint) then −1 as 64-bit two's complement: nine 0xFF and 0x01.
        #expect(writer.bytes == [0x08] + [UInt8](repeating: 0xFF, count: 9) + [0x01])
        var reader = ProtobufReader(bytes: writer.bytes)
        #expect(try reader.readTag() == (1, .varint))
        #expect(try reader.readInt64() == -1)
    }

    @Test func fixedWidthValuesAreLittleEndian() throws {
        var writer = ProtobufWriter()
        writer.writeFloat(field: 2, 1.0)         // 1.0f = 0x3F800000
        writer.writeFixed64(Double(-2).bitPattern) // −2.0 = 0xC000000000000000
        #expect(writer.bytes == [0x15, 0x00, 0x00, 0x80, 0x3F, 0, 0, 0, 0, 0, 0, 0x00, 0xC0])
        var reader = ProtobufReader(bytes: writer.bytes)
        #expect(try reader.readTag() == (2, .fixed32))
        #expect(try reader.readFloat() == 1)
        #expect(try reader.readDouble() == -2)
    }

    @Test func operatorSetEncodesAsInTheSpecification() throws {
        // OperatorSetIdProto{version: 17} inside ModelProto field 8: 0x42 len 0x02, 0x10 0x11.
        let model = ONNXModelProto(opsetImports: [ONNXOperatorSetID(domain: "", version: 17)])
        #expect([UInt8](model.serialized()) == [0x42, 0x02, 0x10, 0x11])
    }

    @Test func repeatedScalarsAreAcceptedPackedAndUnpacked() throws {
        var writer = ProtobufWriter()
        writer.writePackedInts(field: 1, [2, 3])   // packed dims
        writer.writeInt(field: 1, 4)               // then one more, unpacked
        writer.writeInt(field: 2, 1)
        writer.writeFloat(field: 4, 0.5)           // unpacked float_data
        writer.writePackedFloats(field: 4, [1.5, -2])
        var reader = ProtobufReader(bytes: writer.bytes)
        let tensor = try ONNXTensorProto(from: &reader)
        #expect(tensor.dims == [2, 3, 4])
        #expect(tensor.floatData == [0.5, 1.5, -2])
    }

    @Test func unknownFieldsOfEveryWireTypeAreSkipped() throws {
        var writer = ProtobufWriter()
        writer.writeInt(field: 99, 12345)                          // varint
        writer.writeTag(field: 98, wireType: .fixed64); writer.writeFixed64(7)
        writer.writeString(field: 97, "ignored")                   // length-delimited
        writer.writeFloat(field: 96, 3)                            // fixed32
        writer.writeTag(field: 95, wireType: .startGroup)          // a group with a nested group
        writer.writeInt(field: 1, 1)
        writer.writeTag(field: 94, wireType: .startGroup)
        writer.writeTag(field: 94, wireType: .endGroup)
        writer.writeTag(field: 95, wireType: .endGroup)
        writer.writeInt(field: 2, 17)                              // the known field
        var reader = ProtobufReader(bytes: writer.bytes)
        let opset = try ONNXOperatorSetID(from: &reader)
        #expect(opset.version == 17)
    }

    @Test func messagesRoundTrip() throws {
        var tensor = ONNXTensorProto.float("w", dims: [2, 2], values: [1, -2, 3.5, .leastNonzeroMagnitude])
        tensor.doubleData = [1e300]
        tensor.int64Data = [-5, 1 << 40]
        let node = ONNXNodeProto(
            inputs: ["x", "w", ""], outputs: ["y"], name: "n", opType: "Gemm", domain: "",
            attributes: [.float("alpha", 0.5), .int("transB", 1),
                         ONNXAttributeProto(name: "s", kind: .string, string: Array("tanh".utf8)),
                         ONNXAttributeProto(name: "t", kind: .tensor, tensor: tensor),
                         ONNXAttributeProto(name: "fs", kind: .floats, floats: [1, 2]),
                         ONNXAttributeProto(name: "is", kind: .ints, ints: [-1, 3]),
                         ONNXAttributeProto(name: "g", kind: .graph, subgraph: [ONNXGraphProto(name: "body")])],
            docString: "doc")
        let graph = ONNXGraphProto(
            nodes: [node], name: "g", initializers: [tensor], docString: "graph doc",
            inputs: [.float("x", shape: [.parameter("batch"), .value(2)])],
            outputs: [.float("y", shape: [.unknown, .value(2)])],
            valueInfo: [ONNXValueInfoProto(name: "v", type: nil)])
        let model = ONNXModelProto(
            irVersion: 8, opsetImports: [.init(domain: "", version: 17), .init(domain: "ai.onnx.ml", version: 3)],
            producerName: "p", producerVersion: "1", domain: "d", modelVersion: 2, docString: "ü", graph: graph)
        #expect(try ONNXModelProto(serialized: model.serialized()) == model)
    }

    @Test(arguments: ONNXFixtures.cases.map(\.file))
    func realFilesDecodeAndReencodeToTheSameMessages(_ file: String) throws {
        let model = try ONNXModelProto(serialized: ONNXFixtures.data(file))
        #expect(model.graph?.nodes.isEmpty == false)
        #expect(try ONNXModelProto(serialized: model.serialized()) == model)
    }
}
