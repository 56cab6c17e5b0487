import Foundation
import Neural

/// A bounds-checked cursor over protobuf wire-format bytes.
///
/// Every length and offset is checked against the bytes left in the current message before it is
/// used, so a hostile or damaged file produces an `ONNXError`, never a crash, and no allocation is
/// larger than the input itself. Nested messages are read through `readMessage`, which limits
/// nesting to `maximumDepth` levels.
struct ProtobufReader {
    /// The deepest nesting of messages (and groups) accepted. ONNX models nest about 8 levels
    /// (model → graph → node → attribute → tensor …); 64 leaves room for subgraphs.
    static let maximumDepth = 64

    private let bytes: [UInt8]
    private(set) var position: Int
    let end: Int
    let depth: Int

    /// A reader over the whole of `data`.
    init(_ data: Data) {
        self.init(bytes: [UInt8](data), range: 0..<data.count, depth: 0)
    }

    /// A reader over the whole of `bytes`.
    init(bytes: [UInt8]) {
        self.init(bytes: bytes, range: 0..<bytes.count, depth: 0)
    }

    private init(bytes: [UInt8], range: Range<Int>, depth: Int) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
        self.depth = depth
    }

    /// Whether the current message has been read completely.
    var isAtEnd: Bool { position >= end }

    private var remaining: Int { end - position }

    /// A base-128 varint (at most 10 bytes; the tenth may only carry the top bit of 64).
    mutating func readVarint() throws -> UInt64 {
        let start = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else {
                throw ONNXError.truncated(offset: start, needed: position - start + 1, available: end - start)
            }
            let byte = bytes[position]
            position += 1
            if shift == 63 && byte > 1 { throw ONNXError.malformedVarint(offset: start) }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw ONNXError.malformedVarint(offset: start) }
        }
    }

    /// A field tag: the field number (1 … 2²⁹ − 1) and the wire type.
    mutating func readTag() throws -> (field: Int, wireType: ProtobufWireType) {
        let start = position
        let tag = try readVarint()
        let fieldNumber = tag >> 3
        guard fieldNumber >= 1, fieldNumber <= (1 << 29) - 1,
              let wireType = ProtobufWireType(rawValue: UInt8(tag & 7)) else {
            throw ONNXError.invalidTag(offset: start, tag: tag)
        }
        return (Int(fieldNumber), wireType)
    }

    /// A varint reinterpreted as a two's-complement `Int64` (protobuf `int64`).
    mutating func readInt64() throws -> Int64 { Int64(bitPattern: try readVarint()) }

    /// A varint truncated to `Int32` (protobuf `int32` and enums are sign-extended to 64 bits).
    mutating func readInt32() throws -> Int32 { Int32(truncatingIfNeeded: Int64(bitPattern: try readVarint())) }

    /// Four little-endian bytes.
    mutating func readFixed32() throws -> UInt32 {
        try require(4)
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[position + index]) << (8 * UInt32(index)) }
        position += 4
        return value
    }

    /// Eight little-endian bytes.
    mutating func readFixed64() throws -> UInt64 {
        try require(8)
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += 8
        return value
    }

    mutating func readFloat() throws -> Float { Float(bitPattern: try readFixed32()) }
    mutating func readDouble() throws -> Double { Double(bitPattern: try readFixed64()) }

    /// The byte range of a length-delimited value, checked against the bytes left.
    mutating func readLengthDelimitedRange() throws -> Range<Int> {
        let start = position
        let length = try readVarint()
        guard length <= UInt64(remaining) else {
            throw ONNXError.lengthPastEnd(offset: start, length: length, remaining: remaining)
        }
        let range = position..<(position + Int(length))
        position = range.upperBound
        return range
    }

    /// A length-delimited value as bytes.
    mutating func readBytes() throws -> [UInt8] {
        Array(bytes[try readLengthDelimitedRange()])
    }

    /// A length-delimited UTF-8 string.
    mutating func readString() throws -> String {
        let start = position
        let range = try readLengthDelimitedRange()
        guard let string = String(bytes: bytes[range], encoding: .utf8) else {
            throw ONNXError.invalidString(offset: start)
        }
        return string
    }

    /// A nested message, decoded by `decode` from a reader confined to its bytes, one level deeper.
    mutating func readMessage<Message>(_ decode: (inout ProtobufReader) throws -> Message) throws -> Message {
        guard depth + 1 <= Self.maximumDepth else { throw ONNXError.nestingTooDeep(limit: Self.maximumDepth) }
        let range = try readLengthDelimitedRange()
        var nested = ProtobufReader(bytes: bytes, range: range, depth: depth + 1)
        return try decode(&nested)
    }

    /// Reads a repeated scalar in either encoding: one element (`wireType` is the element's own) or
    /// a packed run (`wireType` is length-delimited). Parsers must accept both, whatever the schema says.
    mutating func readRepeated<Element>(
        wireType: ProtobufWireType, elementWireType: ProtobufWireType,
        into values: inout [Element], _ readElement: (inout ProtobufReader) throws -> Element
    ) throws {
        if wireType == elementWireType {
            values.append(try readElement(&self))
        } else if wireType == .lengthDelimited {
            let range = try readLengthDelimitedRange()
            var packed = ProtobufReader(bytes: bytes, range: range, depth: depth)
            while !packed.isAtEnd { values.append(try readElement(&packed)) }
        } else {
            // A wire type this field cannot have: skip it as protobuf parsers do with unknown data.
            try skip(wireType: wireType)
        }
    }

    /// Reads the fields of the current message to its end: `read` handles a field it knows
    /// (and returns true); every other field, or a known one with another wire type, is skipped.
    mutating func readFields(_ read: (inout ProtobufReader, Int, ProtobufWireType) throws -> Bool) throws {
        while !isAtEnd {
            let (field, wireType) = try readTag()
            if try !read(&self, field, wireType) { try skip(wireType: wireType, field: field) }
        }
    }

    /// Skips one field's value of the given wire type (unknown fields are skipped, not rejected).
    /// Groups are skipped up to their matching end tag, counting toward the nesting limit.
    mutating func skip(wireType: ProtobufWireType, field: Int = 0) throws {
        switch wireType {
        case .varint: _ = try readVarint()
        case .fixed64: try require(8); position += 8
        case .fixed32: try require(4); position += 4
        case .lengthDelimited: _ = try readLengthDelimitedRange()
        case .endGroup: throw ONNXError.unbalancedGroup(offset: position)
        case .startGroup:
            var openGroups = [field]
            while let innermost = openGroups.last {
                guard depth + openGroups.count <= Self.maximumDepth else {
                    throw ONNXError.nestingTooDeep(limit: Self.maximumDepth)
                }
                guard !isAtEnd else { throw ONNXError.unbalancedGroup(offset: position) }
                let tagOffset = position
                let (nestedField, nestedType) = try readTag()
                switch nestedType {
                case .startGroup: openGroups.append(nestedField)
                case .endGroup:
                    guard nestedField == innermost else { throw ONNXError.unbalancedGroup(offset: tagOffset) }
                    openGroups.removeLast()
                default: try skip(wireType: nestedType)
                }
            }
        }
    }

    private func require(_ count: Int) throws {
        guard count <= remaining else {
            throw ONNXError.truncated(offset: position, needed: count, available: remaining)
        }
    }
}
