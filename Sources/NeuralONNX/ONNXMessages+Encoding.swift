import Foundation
import Neural

// Encoding of the ONNX messages to protobuf wire format, fields in field-number order. Scalars at
// their default value are omitted (as proto3 writers do, and as proto2 readers accept). Repeated
// numbers are written packed (`TensorProto` declares them packed; for `dims`, `floats` and `ints`
// every protobuf reader accepts both encodings).

extension ONNXModelProto {
    /// The serialized `ModelProto`.
    func serialized() -> Data {
        var writer = ProtobufWriter()
        encode(to: &writer)
        return Data(writer.bytes)
    }

    func encode(to writer: inout ProtobufWriter) {
        if irVersion != 0 { writer.writeInt(field: 1, irVersion) }
        if !producerName.isEmpty { writer.writeString(field: 2, producerName) }
        if !producerVersion.isEmpty { writer.writeString(field: 3, producerVersion) }
        if !domain.isEmpty { writer.writeString(field: 4, domain) }
        if modelVersion != 0 { writer.writeInt(field: 5, modelVersion) }
        if !docString.isEmpty { writer.writeString(field: 6, docString) }
        if let graph { writer.writeMessage(field: 7) { graph.encode(to: &$0) } }
        for opset in opsetImports {
            writer.writeMessage(field: 8) { nested in
                if !opset.domain.isEmpty { nested.writeString(field: 1, opset.domain) }
                nested.writeInt(field: 2, opset.version)
            }
        }
        for entry in metadataProps {
            writer.writeMessage(field: 14) { nested in
                nested.writeString(field: 1, entry.key)
                nested.writeString(field: 2, entry.value)
            }
        }
    }
}

extension ONNXGraphProto {
    func encode(to writer: inout ProtobufWriter) {
        for node in nodes { writer.writeMessage(field: 1) { node.encode(to: &$0) } }
        if !name.isEmpty { writer.writeString(field: 2, name) }
        for tensor in initializers { writer.writeMessage(field: 5) { tensor.encode(to: &$0) } }
        if !docString.isEmpty { writer.writeString(field: 10, docString) }
        for value in inputs { writer.writeMessage(field: 11) { value.encode(to: &$0) } }
        for value in outputs { writer.writeMessage(field: 12) { value.encode(to: &$0) } }
        for value in valueInfo { writer.writeMessage(field: 13) { value.encode(to: &$0) } }
    }
}

extension ONNXNodeProto {
    func encode(to writer: inout ProtobufWriter) {
        for input in inputs { writer.writeString(field: 1, input) }
        for output in outputs { writer.writeString(field: 2, output) }
        if !name.isEmpty { writer.writeString(field: 3, name) }
        if !opType.isEmpty { writer.writeString(field: 4, opType) }
        for attribute in attributes { writer.writeMessage(field: 5) { attribute.encode(to: &$0) } }
        if !docString.isEmpty { writer.writeString(field: 6, docString) }
        if !domain.isEmpty { writer.writeString(field: 7, domain) }
    }
}

extension ONNXAttributeProto {
    func encode(to writer: inout ProtobufWriter) {
        writer.writeString(field: 1, name)
        switch kind {
        case .float: writer.writeFloat(field: 2, float)
        case .int: writer.writeInt(field: 3, int)
        case .string: writer.writeBytes(field: 4, string)
        case .tensor: if let tensor { writer.writeMessage(field: 5) { tensor.encode(to: &$0) } }
        case .graph: if let graph = subgraph.first { writer.writeMessage(field: 6) { graph.encode(to: &$0) } }
        case .floats: writer.writePackedFloats(field: 7, floats)
        case .ints: writer.writePackedInts(field: 8, ints)
        case .strings: for string in strings { writer.writeBytes(field: 9, string) }
        case .undefined, .tensors, .graphs: break
        }
        writer.writeInt(field: 20, Int64(kind.rawValue))
    }
}

extension ONNXTensorProto {
    func encode(to writer: inout ProtobufWriter) {
        writer.writePackedInts(field: 1, dims)
        writer.writeInt(field: 2, Int64(dataType))
        writer.writePackedFloats(field: 4, floatData)
        writer.writePackedInts(field: 5, int32Data.map { Int64($0) })
        writer.writePackedInts(field: 7, int64Data)
        if !name.isEmpty { writer.writeString(field: 8, name) }
        if !rawData.isEmpty { writer.writeBytes(field: 9, rawData) }
        writer.writePackedDoubles(field: 10, doubleData)
        if dataLocation != 0 { writer.writeInt(field: 14, Int64(dataLocation)) }
    }
}

extension ONNXValueInfoProto {
    func encode(to writer: inout ProtobufWriter) {
        writer.writeString(field: 1, name)
        if let type { writer.writeMessage(field: 2) { type.encode(to: &$0) } }
    }
}

extension ONNXTypeProto {
    func encode(to writer: inout ProtobufWriter) {
        guard let tensor else { return }
        writer.writeMessage(field: 1) { tensorWriter in
            tensorWriter.writeInt(field: 1, Int64(tensor.elementType))
            if let shape = tensor.shape {
                tensorWriter.writeMessage(field: 2) { shapeWriter in
                    for dimension in shape {
                        shapeWriter.writeMessage(field: 1) { dimensionWriter in
                            switch dimension {
                            case let .value(size): dimensionWriter.writeInt(field: 1, size)
                            case let .parameter(name): dimensionWriter.writeString(field: 2, name)
                            case .unknown: break
                            }
                        }
                    }
                }
            }
        }
    }
}
