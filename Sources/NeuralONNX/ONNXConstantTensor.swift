import Neural
/// The numeric contents of an ONNX tensor (an initializer or a `Constant` node's value), validated.
///
/// Values are held as `Double`, which represents float32, float64 and the small integers of shape
/// tensors exactly. The element count is the product of the dimensions, computed with overflow
/// checks, and must equal the amount of data present, so absurd dimensions cannot cause a large
/// allocation: the data has to be in the file.
struct ONNXConstantTensor: Equatable, Sendable {
    var dims: [Int]
    var values: [Double]

    var count: Int { values.count }
    var isScalar: Bool { values.count == 1 }

    init(dims: [Int], values: [Double]) {
        self.dims = dims
        self.values = values
    }

    /// Decodes `tensor`; float32, float64, int32 and int64 data, typed or raw, are accepted.
    init(_ tensor: ONNXTensorProto) throws {
        let name = tensor.name.isEmpty ? "(unnamed)" : tensor.name
        guard tensor.dataLocation == 0, tensor.externalDataCount == 0 else {
            throw ONNXError.invalidTensor(name: name, reason: "data stored in an external file is not supported")
        }
        var count = 1
        var dims: [Int] = []
        for dim in tensor.dims {
            guard dim >= 0, let size = Int(exactly: dim) else {
                throw ONNXError.invalidTensor(name: name, reason: "negative dimension \(dim) in \(tensor.dims)")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, product <= Int(Int32.max) else {
                throw ONNXError.invalidTensor(name: name, reason: "dimensions \(tensor.dims) are too large")
            }
            count = product
            dims.append(size)
        }
        guard let dataType = ONNXTensorProto.DataType(rawValue: tensor.dataType) else {
            throw ONNXError.invalidTensor(name: name, reason: "data type \(tensor.dataType) is not supported (float, double, int32, int64 are)")
        }
        let raw = tensor.rawData
        let values: [Double]
        func check(_ present: Int, _ unit: String) throws {
            guard present == count else {
                throw ONNXError.invalidTensor(name: name, reason: "dimensions \(tensor.dims) need \(count) elements but the \(unit) holds \(present)")
            }
        }
        if !raw.isEmpty {
            let width = (dataType == .float || dataType == .int32) ? 4 : 8
            guard raw.count % width == 0 else {
                throw ONNXError.invalidTensor(name: name, reason: "raw_data has \(raw.count) bytes, not a multiple of \(width)")
            }
            try check(raw.count / width, "raw_data")
            values = (0..<count).map { index in
                var bits: UInt64 = 0
                for byte in 0..<width { bits |= UInt64(raw[index * width + byte]) << (8 * UInt64(byte)) }
                switch dataType {
                case .float: return Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
                case .int32: return Double(Int32(bitPattern: UInt32(truncatingIfNeeded: bits)))
                case .int64: return Double(Int64(bitPattern: bits))
                case .double: return Double(bitPattern: bits)
                }
            }
        } else {
            switch dataType {
            case .float: try check(tensor.floatData.count, "float_data"); values = tensor.floatData.map(Double.init)
            case .double: try check(tensor.doubleData.count, "double_data"); values = tensor.doubleData
            case .int32: try check(tensor.int32Data.count, "int32_data"); values = tensor.int32Data.map(Double.init)
            case .int64: try check(tensor.int64Data.count, "int64_data"); values = tensor.int64Data.map(Double.init)
            }
        }
        self.init(dims: dims, values: values)
    }

    /// The values as float32.
    var floats: [Float] { values.map { Float($0) } }
}
