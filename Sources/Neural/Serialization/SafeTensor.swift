/// One named tensor of a safetensors file, held as Float32 in row-major (C) order.
public struct SafeTensor: Equatable, Sendable {
    /// The tensor's name in the header, e.g. `layers.0.weight`.
    public var name: String
    /// The dimensions, outermost first; `[]` is a scalar (one element).
    public var shape: [Int]
    /// `shape.reduce(1, *)` values in row-major order.
    public var values: [Float]
    /// The element type the values had in the file they were read from: `F32` for a tensor built
    /// in memory (writing always stores F32). Other types were converted on reading, so only an
    /// F32 tensor holds exactly the bits that were saved.
    public var storedDType: SafeTensorsDType

    /// A tensor; `values.count` must equal the product of `shape`.
    public init(name: String, shape: [Int], values: [Float], storedDType: SafeTensorsDType = .float32) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor \(name) has a negative dimension: \(shape)")
        precondition(values.count == shape.reduce(1, *),
                     "Tensor \(name) of shape \(shape) needs \(shape.reduce(1, *)) values, got \(values.count)")
        self.name = name
        self.shape = shape
        self.values = values
        self.storedDType = storedDType
    }
}

/// The element types the reader understands. Writing always uses `F32`.
///
/// `F16`, `BF16` and `F64` are converted to Float32 on reading (F16 and BF16 exactly; F64 rounded to
/// nearest, with values beyond Float's range becoming ±infinity), so weights exported from other
/// tools in those types load. Every other safetensors dtype (integers, booleans, 8-bit floats) is
/// refused with `ModelFileError.unsupportedDType`.
public enum SafeTensorsDType: String, Sendable, CaseIterable {
    case float32 = "F32"
    case float16 = "F16"
    case bfloat16 = "BF16"
    case float64 = "F64"

    /// Bytes per stored element.
    public var byteCount: Int {
        switch self {
        case .float32: return 4
        case .float16, .bfloat16: return 2
        case .float64: return 8
        }
    }
}
