/// A tensor's raw bytes (binary tensor data extension): little-endian, row-major, no padding;
/// `BYTES` elements are each a 4-byte little-endian length and that many bytes of UTF-8.
/// Numbers become `Float` (FP64 rounded once; integers exactly up to 2^24); a NaN is a missing
/// value and an infinity is refused.
enum BinaryTensorReader {
    static func values(_ chunk: ArraySlice<UInt8>, datatype: TensorDatatype, layout: ElementLayout) throws(InferenceError) -> TensorValues {
        let label = "The input \"\(layout.name)\""
        guard let size = datatype.elementSize else { return .texts(try texts(chunk, layout: layout)) }
        guard chunk.count == layout.count * size else {
            throw .badRequest("\(label) has shape \(layout.shape) of \(datatype.rawValue) (\(layout.count * size) bytes), but binary_data_size is \(chunk.count).")
        }
        var numbers = [Float](repeating: 0, count: layout.count)
        var failure: InferenceError?
        chunk.withUnsafeBytes { raw in
            for index in 0..<layout.count {
                let offset = index * size
                let value: Float
                switch datatype {
                case .bool:
                    let byte = raw[offset]
                    guard byte <= 1 else {
                        failure = .badRequest("\(label), \(layout.place(of: index)): a BOOL byte must be 0 or 1, found \(byte).")
                        return
                    }
                    value = Float(byte)
                case .uint8: value = Float(raw[offset])
                case .int8: value = Float(Int8(bitPattern: raw[offset]))
                case .uint16: value = Float(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
                case .int16: value = Float(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int16.self)))
                case .uint32: value = Float(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                case .int32: value = Float(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
                case .uint64: value = Float(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                case .int64: value = Float(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int64.self)))
                case .fp16:
                    value = Float(halfBits: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
                case .fp32:
                    value = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                case .fp64:
                    value = Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))))
                case .bytes:
                    value = .nan
                }
                if value.isInfinite {
                    failure = .badRequest("\(label), \(layout.place(of: index)): the value is infinite or outside the range of a 32-bit float.")
                    return
                }
                numbers[index] = value
            }
        }
        if let failure { throw failure }
        return .numbers(numbers)
    }

    private static func texts(_ chunk: ArraySlice<UInt8>, layout: ElementLayout) throws(InferenceError) -> [String?] {
        let label = "The input \"\(layout.name)\""
        var texts: [String?] = []
        texts.reserveCapacity(min(layout.count, chunk.count / 4))
        var offset = chunk.startIndex
        for index in 0..<layout.count {
            guard chunk.endIndex - offset >= 4 else {
                throw .badRequest("\(label), \(layout.place(of: index)): the binary data ends before the element's 4-byte length (shape \(layout.shape) needs \(layout.count) elements).")
            }
            let length = Int(chunk[offset]) | Int(chunk[offset + 1]) << 8 | Int(chunk[offset + 2]) << 16 | Int(chunk[offset + 3]) << 24
            offset += 4
            guard chunk.endIndex - offset >= length else {
                throw .badRequest("\(label), \(layout.place(of: index)): the element's length is \(length) bytes, but only \(chunk.endIndex - offset) are left.")
            }
            guard let text = String(validating: chunk[offset..<(offset + length)], as: UTF8.self) else {
                throw .badRequest("\(label), \(layout.place(of: index)): the element is not valid UTF-8 text.")
            }
            texts.append(text)
            offset += length
        }
        guard offset == chunk.endIndex else {
            throw .badRequest("\(label): \(chunk.endIndex - offset) bytes are left after its \(layout.count) BYTES elements.")
        }
        return texts
    }
}

extension Float {
    /// The value of IEEE 754 half-precision bits (exact: every half is a float).
    init(halfBits bits: UInt16) {
        let sign = UInt32(bits >> 15) << 31
        let exponent = Int(bits >> 10) & 0x1F
        let fraction = UInt32(bits & 0x3FF)
        switch exponent {
        case 0:
            // Zero or subnormal: fraction × 2^-24.
            let magnitude = Float(fraction) * 0x1p-24
            self = sign == 0 ? magnitude : -magnitude
        case 0x1F:
            self = Float(bitPattern: sign | 0x7F80_0000 | (fraction << 13))
        default:
            self = Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (fraction << 13))
        }
    }
}
