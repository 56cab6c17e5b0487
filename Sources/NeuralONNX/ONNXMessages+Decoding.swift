import Foundation
import Neural

// Decoding of the ONNX messages from protobuf wire format. Each decoder loops over the fields of
// its message; known fields with the expected wire type are read, everything else is skipped.

extension ONNXModelProto {
    /// Decodes a serialized `ModelProto`.
    init(serialized data: Data) throws {
        var reader = ProtobufReader(data)
        try self.init(from: &reader)
    }

    init(from reader: inout ProtobufReader) throws {
        self.init()
        try reader.readFields { reader, field, wireType in
            switch (field, wireType) {
            case (1, .varint): irVersion = try reader.readInt64()
            case (2, .lengthDelimited): producerName = try reader.readString()
            case (3, .lengthDelimited): producerVersion = try reader.readString()
            case (4, .lengthDelimited): domain = try reader.readString()
            case (5, .varint): modelVersion = try reader.readInt64()
            case (6, .lengthDelimited): docString = try reader.readString()
            case (7, .lengthDelimited): graph = try reader.readMessage { try ONNXGraphProto(from: &$0) }
            case (8, .lengthDelimited): opsetImports.append(try reader.readMessage { try ONNXOperatorSetID(from: &$0) })
            case (14, .lengthDelimited): metadataProps.append(try reader.readMessage { try Self.readEntry(from: &$0) })
            default: return false
            }
            return true
        }
    }
}

extension ONNXModelProto {
    /// `StringStringEntryProto`: key (1) and value (2).
    fileprivate static func readEntry(from reader: inout ProtobufReader) throws -> (key: String, value: String) {
        var entry = (key: "", value: "")
        try reader.readFields { reader, field, wireType in
            switch (field, wireType) {
            case (1, .lengthDelimited): entry.key = try reader.readString()
            case (2, .lengthDelimited): entry.value = try reader.readString()
            default: return false
            }
            return true
        }
        return entry
    }
}

extension ONNXOperatorSetID {
    init(from reader: inout ProtobufReader) throws {
        self.init()
        try reader.readFields { reader, field, wireType in
            switch (field, wireType) {
            case (1, .lengthDelimited): domain = try reader.readString()
            case (2, .varint): version = try reader.readInt64()
            default: return false
            }
            return true
        }
    }
}

extension ONNXGraphProto {
    init(from reader: inout ProtobufReader) throws {
        self.init()
        try reader.readFields { reader, field, wireType in
            switch (field, wireType) {
            case (1, .lengthDelimited): nodes.append(try reader.readMessage { try ONNXNodeProto(from: &$0) })
            case (2, .lengthDelimited): name = try reader.readString()
            case (5, .lengthDelimited): initializers.append(try reader.readMessage { try ONNXTensorProto(from: &$0) })
            case (10, .lengthDelimited): docString = try reader.readString()
            case (11, .lengthDelimited): inputs.append(try reader.readMessage { try ONNXValueInfoProto(from: &$0) })
            case (12, .lengthDelimited): outputs.append(try reader.readMessage { try ONNXValueInfoProto(from: &$0) })
            case (13, .lengthDelimited): valueInfo.append(try reader.readMessage { try ONNXValueInfoProto(from: &$0) })
            default: return false
            }
            return true
        }
    }
}

extension ONNXNodeProto {
    init(from reader: inout ProtobufReader) throws {
        self.init()
        try reader.readFields { reader, field, wireType in
            switch (field, wireType) {
            case (1, .lengthDelimited): inputs.append(try reader.readString())
            case (2, .lengthDelimited): outputs.append(try reader.readString())
            case (3, .lengthDelimited): name = try reader.readString()
            case (4, .lengthDelimited): opType = try reader.readString()
            case (5, .lengthDelimited): attributes.append(try reader.readMessage { try ONNXAttributeProto(from: &$0) })
            case (6, .lengthDelimited): docString = try reader.readString()
            case (7, .lengthDelimited): domain = try reader.readString()
            default: return false
            }
            return true
        }
    }
}

extension ONNXAttributeProto {
    init(from reader: inout ProtobufReader) throws {
        self.init()
        try reader.readFields { reader, field, wireType in
            switch (field, wireType) {
            case (1, .lengthDelimited): name = try reader.readString()
            case (20, .varint): kind = Kind(rawValue: try reader.readInt32()) ?? .undefined
            case (2, .fixed32): float = try reader.readFloat()
            case (3, .varint): int = try reader.readInt64()
            case (4, .lengthDelimited): string = try reader.readBytes()
            case (5, .lengthDelimited): tensor = try reader.readMessage { try ONNXTensorProto(from: &$0) }
            case (6, .lengthDelimited): subgraph = [try reader.readMessage { try ONNXGraphProto(from: &$0) }]
            case (7, _): try reader.readRepeated(wireType: wireType, elementWireType: .fixed32, into: &floats) { try $0.readFloat() }
            case (8, _): try reader.readRepeated(wireType: wireType, elementWireType: .varint, into: &ints) { try $0.readInt64() }
            case (9, .lengthDelimited): strings.append(try reader.readBytes())
            default: return false
            }
            return true
        }
    }
}

extension ONNXTensorProto {
    init(from reader: inout ProtobufReader) throws {
        self.init()
        try reader.readFields { reader, field, wireType in
            switch (field, wireType) {
            case (1, _): try reader.readRepeated(wireType: wireType, elementWireType: .varint, into: &dims) { try $0.readInt64() }
            case (2, .varint): dataType = try reader.readInt32()
            case (4, _): try reader.readRepeated(wireType: wireType, elementWireType: .fixed32, into: &floatData) { try $0.readFloat() }
            case (5, _): try reader.readRepeated(wireType: wireType, elementWireType: .varint, into: &int32Data) { try $0.readInt32() }
            case (7, _): try reader.readRepeated(wireType: wireType, elementWireType: .varint, into: &int64Data) { try $0.readInt64() }
            case (8, .lengthDelimited): name = try reader.readString()
            case (9, .lengthDelimited): rawData = try reader.readBytes()
            case (10, _): try reader.readRepeated(wireType: wireType, elementWireType: .fixed64, into: &doubleData) { try $0.readDouble() }
            case (13, .lengthDelimited): _ = try reader.readLengthDelimitedRange(); externalDataCount += 1
            case (14, .varint): dataLocation = try reader.readInt32()
            default: return false
            }
            return true
        }
    }
}

extension ONNXValueInfoProto {
    init(from reader: inout ProtobufReader) throws {
        self.init()
        try reader.readFields { reader, field, wireType in
            switch (field, wireType) {
            case (1, .lengthDelimited): name = try reader.readString()
            case (2, .lengthDelimited): type = try reader.readMessage { try ONNXTypeProto(from: &$0) }
            default: return false
            }
            return true
        }
    }
}

extension ONNXTypeProto {
    init(from reader: inout ProtobufReader) throws {
        self.init()
        try reader.readFields { reader, field, wireType in
            switch (field, wireType) {
            case (1, .lengthDelimited): tensor = try reader.readMessage { try Tensor(from: &$0) }
            case (4, .lengthDelimited), (5, .lengthDelimited), (7, .lengthDelimited),
                 (8, .lengthDelimited), (9, .lengthDelimited):
                _ = try reader.readLengthDelimitedRange()
                isOtherKind = true
            default: return false
            }
            return true
        }
    }
}

extension ONNXTypeProto.Tensor {
    init(from reader: inout ProtobufReader) throws {
        self.init()
        try reader.readFields { reader, field, wireType in
            switch (field, wireType) {
            case (1, .varint): elementType = try reader.readInt32()
            case (2, .lengthDelimited): shape = try reader.readMessage { try Self.readShape(from: &$0) }
            default: return false
            }
            return true
        }
    }

    /// `TensorShapeProto`: repeated `Dimension` (field 1).
    private static func readShape(from reader: inout ProtobufReader) throws -> [ONNXDimension] {
        var dimensions: [ONNXDimension] = []
        while !reader.isAtEnd {
            let (field, wireType) = try reader.readTag()
            if field == 1, wireType == .lengthDelimited {
                dimensions.append(try reader.readMessage { try readDimension(from: &$0) })
            } else {
                try reader.skip(wireType: wireType, field: field)
            }
        }
        return dimensions
    }

    private static func readDimension(from reader: inout ProtobufReader) throws -> ONNXDimension {
        var dimension = ONNXDimension.unknown
        try reader.readFields { reader, field, wireType in
            switch (field, wireType) {
            case (1, .varint): dimension = .value(try reader.readInt64())
            case (2, .lengthDelimited): dimension = .parameter(try reader.readString())
            default: return false
            }
            return true
        }
        return dimension
    }
}
