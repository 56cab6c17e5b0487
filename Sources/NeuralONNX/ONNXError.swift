import Foundation
import Neural

/// Everything that can go wrong reading or writing an ONNX file.
///
/// Protobuf-level cases carry the byte offset where decoding stopped; graph-level cases name the
/// node (its `op_type` and `name`) or the tensor concerned.
public enum ONNXError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes end inside a value: `needed` bytes were required at `offset`, `available` remained.
    case truncated(offset: Int, needed: Int, available: Int)
    /// A varint longer than 10 bytes, or one that does not fit 64 bits.
    case malformedVarint(offset: Int)
    /// A length-delimited field claims more bytes than its enclosing message has left.
    case lengthPastEnd(offset: Int, length: UInt64, remaining: Int)
    /// A field tag with field number 0, a number above 2²⁹ − 1, or a wire type that does not exist.
    case invalidTag(offset: Int, tag: UInt64)
    /// An end-group tag with no matching start, or a group that never ends.
    case unbalancedGroup(offset: Int)
    /// Messages (or groups) nested deeper than `limit`.
    case nestingTooDeep(limit: Int)
    /// A string field that is not valid UTF-8.
    case invalidString(offset: Int)
    /// A tensor whose dimensions, data type or data are inconsistent or unsupported.
    case invalidTensor(name: String, reason: String)
    /// A node outside the supported dense-stack subset.
    case unsupportedNode(opType: String, name: String, reason: String)
    /// A graph-level problem: missing graph, inputs, outputs, dangling names, inconsistent shapes.
    case invalidGraph(String)
    /// A `DenseStack` that cannot be exported or made into a network as it is (shapes, non-finite
    /// values, a standardisation that cannot be folded).
    case invalidStack(String)
    /// Reading or writing a file failed.
    case fileSystem(path: String, reason: String)

    public var description: String {
        switch self {
        case let .truncated(offset, needed, available):
            return "ONNX protobuf is truncated at byte \(offset): needed \(needed) bytes, \(available) left"
        case let .malformedVarint(offset):
            return "ONNX protobuf has a malformed varint at byte \(offset)"
        case let .lengthPastEnd(offset, length, remaining):
            return "ONNX protobuf field at byte \(offset) claims \(length) bytes but only \(remaining) remain"
        case let .invalidTag(offset, tag):
            return "ONNX protobuf has an invalid field tag \(tag) at byte \(offset)"
        case let .unbalancedGroup(offset):
            return "ONNX protobuf has an unbalanced group at byte \(offset)"
        case let .nestingTooDeep(limit):
            return "ONNX protobuf nests messages deeper than \(limit) levels"
        case let .invalidString(offset):
            return "ONNX protobuf has a string that is not UTF-8 at byte \(offset)"
        case let .invalidTensor(name, reason):
            return "ONNX tensor '\(name)': \(reason)"
        case let .unsupportedNode(opType, name, reason):
            return "ONNX node '\(name)' (op_type \(opType)) is not supported: \(reason)"
        case let .invalidGraph(reason):
            return "ONNX graph: \(reason)"
        case let .invalidStack(reason):
            return "Invalid dense stack: \(reason)"
        case let .fileSystem(path, reason):
            return "\(path): \(reason)"
        }
    }
}
