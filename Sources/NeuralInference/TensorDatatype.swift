/// The tensor element types of the Open Inference Protocol, as they are spelled on the wire.
public enum TensorDatatype: String, Sendable, CaseIterable {
    case bool = "BOOL"
    case uint8 = "UINT8", uint16 = "UINT16", uint32 = "UINT32", uint64 = "UINT64"
    case int8 = "INT8", int16 = "INT16", int32 = "INT32", int64 = "INT64"
    case fp16 = "FP16", fp32 = "FP32", fp64 = "FP64"
    /// Variable-length byte strings (text). In binary form each element is a 4-byte
    /// little-endian length followed by that many bytes.
    case bytes = "BYTES"

    /// The size of one element in binary form (`nil` for `BYTES`, whose elements vary).
    public var elementSize: Int? {
        switch self {
        case .bool, .uint8, .int8: return 1
        case .uint16, .int16, .fp16: return 2
        case .uint32, .int32, .fp32: return 4
        case .uint64, .int64, .fp64: return 8
        case .bytes: return nil
        }
    }

    /// Whether elements are numbers (every type but `BYTES`; `BOOL` counts as 0 and 1).
    public var isNumeric: Bool { self != .bytes }

    /// Whether elements must be whole numbers.
    var isInteger: Bool {
        switch self {
        case .uint8, .uint16, .uint32, .uint64, .int8, .int16, .int32, .int64: return true
        default: return false
        }
    }

    /// The accepted range of an integer type's values.
    var integerRange: ClosedRange<Int64>? {
        switch self {
        case .uint8: return 0...Int64(UInt8.max)
        case .uint16: return 0...Int64(UInt16.max)
        case .uint32: return 0...Int64(UInt32.max)
        case .uint64: return 0...Int64.max
        case .int8: return Int64(Int8.min)...Int64(Int8.max)
        case .int16: return Int64(Int16.min)...Int64(Int16.max)
        case .int32: return Int64(Int32.min)...Int64(Int32.max)
        case .int64: return Int64.min...Int64.max
        default: return nil
        }
    }
}
