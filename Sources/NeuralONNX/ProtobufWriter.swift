import Foundation
import Neural

/// Appends protobuf wire-format fields to a byte buffer (see `ProtobufWireType` for why the
/// package has its own encoder).
///
/// Nested messages are encoded into their own buffer first, then written length-prefixed; ONNX
/// models of dense stacks nest a handful of levels, so the extra copies are negligible.
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    mutating func writeVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func writeTag(field: Int, wireType: ProtobufWireType) {
        precondition(field >= 1 && field <= (1 << 29) - 1, "Protobuf field number \(field) out of range")
        writeVarint(UInt64(field) << 3 | UInt64(wireType.rawValue))
    }

    /// An `int64` / `int32` / enum field (negative values take 10 bytes, as protobuf specifies).
    mutating func writeInt(field: Int, _ value: Int64) {
        writeTag(field: field, wireType: .varint)
        writeVarint(UInt64(bitPattern: value))
    }

    mutating func writeFixed32(_ value: UInt32) {
        for index in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(index)))) }
    }

    mutating func writeFixed64(_ value: UInt64) {
        for index in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))) }
    }

    /// A `float` field.
    mutating func writeFloat(field: Int, _ value: Float) {
        writeTag(field: field, wireType: .fixed32)
        writeFixed32(value.bitPattern)
    }

    /// A `bytes` field.
    mutating func writeBytes(field: Int, _ value: [UInt8]) {
        writeTag(field: field, wireType: .lengthDelimited)
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// A `string` field (UTF-8).
    mutating func writeString(field: Int, _ value: String) {
        writeBytes(field: field, Array(value.utf8))
    }

    /// A nested message built by `body`.
    mutating func writeMessage(field: Int, _ body: (inout ProtobufWriter) -> Void) {
        var nested = ProtobufWriter()
        body(&nested)
        writeBytes(field: field, nested.bytes)
    }

    /// A packed repeated `float` field (written only when non-empty).
    mutating func writePackedFloats(field: Int, _ values: [Float]) {
        guard !values.isEmpty else { return }
        var packed = ProtobufWriter()
        for value in values { packed.writeFixed32(value.bitPattern) }
        writeBytes(field: field, packed.bytes)
    }

    /// A packed repeated `double` field (written only when non-empty).
    mutating func writePackedDoubles(field: Int, _ values: [Double]) {
        guard !values.isEmpty else { return }
        var packed = ProtobufWriter()
        for value in values { packed.writeFixed64(value.bitPattern) }
        writeBytes(field: field, packed.bytes)
    }

    /// A packed repeated `int64` / `int32` field (written only when non-empty).
    mutating func writePackedInts(field: Int, _ values: [Int64]) {
        guard !values.isEmpty else { return }
        var packed = ProtobufWriter()
        for value in values { packed.writeVarint(UInt64(bitPattern: value)) }
        writeBytes(field: field, packed.bytes)
    }
}
