import Neural
/// The protobuf wire types (the low 3 bits of a field tag).
///
/// Why the package reads and writes protobuf itself instead of depending on `apple/swift-protobuf`
/// with code generated from `onnx.proto`: ONNX needs seven messages and five wire-level primitives
/// (varint, fixed32, fixed64, length-delimited, packed repeated scalars). Those fit in a few hundred
/// lines that are read once and tested directly, including against hostile bytes. A dependency would
/// add a large runtime library and several thousand lines of generated code to every build of the
/// library, for messages whose field numbers never change (ONNX keeps them stable for compatibility).
/// The field numbers used here are those of `onnx.proto` (and its `onnx.proto3` twin) as shipped by
/// the `onnx` package on PyPI.
enum ProtobufWireType: UInt8, Sendable {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case startGroup = 3
    case endGroup = 4
    case fixed32 = 5
}
