import Foundation

extension SafeTensorsFile {
    /// Reads and validates the file at `url`.
    ///
    /// Every size and offset is checked before anything is allocated: the 8-byte header length
    /// against the file size and `maximumHeaderLength`, then the header (see the checks listed on
    /// `ModelFileError`), and only then is the data buffer read — whose size is the file's actual
    /// size, so a hostile header can never make the reader allocate more than the file holds.
    public static func read(from url: URL) throws(ModelFileError) -> SafeTensorsFile {
        let source = url.path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isFolder) else {
            throw .unreadable(source: source, reason: "no such file")
        }
        guard !isFolder.boolValue else { throw .unreadable(source: source, reason: "it is a folder") }

        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw .unreadable(source: source, reason: error.localizedDescription)
        }
        defer { try? handle.close() }

        func readExactly(_ count: Int) throws(ModelFileError) -> Data {
            do {
                let data = try handle.read(upToCount: count) ?? Data()
                guard data.count == count else {
                    throw ModelFileError.unreadable(source: source, reason: "the file ended early (it changed while being read)")
                }
                return data
            } catch let error as ModelFileError {
                throw error
            } catch {
                throw .unreadable(source: source, reason: error.localizedDescription)
            }
        }

        let fileSize: Int
        do {
            let end = try handle.seekToEnd()
            try handle.seek(toOffset: 0)
            fileSize = Int(clamping: end)
        } catch {
            throw .unreadable(source: source, reason: error.localizedDescription)
        }

        guard fileSize >= 8 else { throw .fileTooSmall(source: source, size: fileSize) }
        let headerLength = try checkedHeaderLength(littleEndianBytes: readExactly(8), available: fileSize - 8, source: source)
        let header = try SafeTensorsHeader.parse(Array(readExactly(headerLength)),
                                                 dataSize: fileSize - 8 - headerLength, source: source)
        let buffer = try readExactly(fileSize - 8 - headerLength)
        return buffer.withUnsafeBytes { bytes in
            SafeTensorsFile(validated: header, buffer: bytes)
        }
    }

    /// Parses and validates a whole file held in memory; `source` names it in error messages.
    public init(data: Data, source: String = "<data>") throws(ModelFileError) {
        guard data.count >= 8 else { throw .fileTooSmall(source: source, size: data.count) }
        let start = data.startIndex
        let headerLength = try Self.checkedHeaderLength(littleEndianBytes: data[start..<(start + 8)],
                                                        available: data.count - 8, source: source)
        let headerRange = (start + 8)..<(start + 8 + headerLength)
        let header = try SafeTensorsHeader.parse(Array(data[headerRange]),
                                                 dataSize: data.count - 8 - headerLength, source: source)
        self = data[headerRange.upperBound...].withUnsafeBytes { bytes in
            SafeTensorsFile(validated: header, buffer: bytes)
        }
    }

    /// The header length from the first 8 bytes, checked against what follows and the limit.
    private static func checkedHeaderLength(littleEndianBytes bytes: Data, available: Int,
                                            source: String) throws(ModelFileError) -> Int {
        var length: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            length |= UInt64(byte) << (8 * UInt64(index))
        }
        guard length <= UInt64(maximumHeaderLength) else {
            throw .headerTooLarge(source: source, headerLength: length, limit: maximumHeaderLength)
        }
        guard length <= UInt64(available) else {
            throw .headerLengthExceedsFile(source: source, headerLength: length, available: available)
        }
        return Int(length)
    }

    /// Builds the tensors from a validated header and the data buffer it describes.
    private init(validated header: SafeTensorsHeader, buffer: UnsafeRawBufferPointer) {
        let tensors = header.entries.map { entry in
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[entry.begin..<entry.end])
            return SafeTensor(name: entry.name, shape: entry.shape,
                              values: Self.decode(bytes, as: entry.dtype, count: entry.elementCount),
                              storedDType: entry.dtype)
        }
        self.init(tensors: tensors, metadata: header.metadata)
    }

    /// Converts little-endian elements of `dtype` to Float. `bytes` may be unaligned.
    private static func decode(_ bytes: UnsafeRawBufferPointer, as dtype: SafeTensorsDType, count: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { values, initialized in
            switch dtype {
            case .float32:
                #if _endian(little)
                if count > 0, let source = bytes.baseAddress, let target = values.baseAddress {
                    UnsafeMutableRawPointer(target).copyMemory(from: source, byteCount: count * 4)
                }
                #else
                for index in 0..<count {
                    let raw = bytes.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self)
                    values[index] = Float(bitPattern: UInt32(littleEndian: raw))
                }
                #endif
            case .float64:
                for index in 0..<count {
                    let raw = bytes.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self)
                    values[index] = Float(Double(bitPattern: UInt64(littleEndian: raw)))
                }
            case .float16:
                for index in 0..<count {
                    let raw = bytes.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self)
                    values[index] = Self.float(fromHalf: UInt16(littleEndian: raw))
                }
            case .bfloat16:
                for index in 0..<count {
                    // bfloat16 is the upper half of a Float32 bit pattern.
                    let raw = bytes.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self)
                    values[index] = Float(bitPattern: UInt32(UInt16(littleEndian: raw)) << 16)
                }
            }
            initialized = count
        }
    }

    /// IEEE 754 binary16 → binary32, exact (every half value is a float value).
    static func float(fromHalf half: UInt16) -> Float {
        let sign: Float = half & 0x8000 == 0 ? 1 : -1
        let exponent = Int((half >> 10) & 0x1F)
        let mantissa = Float(half & 0x3FF)
        switch exponent {
        case 0:
            // Subnormal (or zero): mantissa × 2^−24.
            return sign * mantissa * 0x1p-24
        case 31:
            return half & 0x3FF == 0 ? sign * .infinity : .nan
        default:
            // Normal: (1 + mantissa / 1024) × 2^(exponent − 15).
            return sign * (1 + mantissa / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
