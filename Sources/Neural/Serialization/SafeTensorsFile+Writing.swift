import Foundation

extension SafeTensorsFile {
    /// The header JSON padded with spaces to a multiple of 8 bytes, and the data buffer's size.
    ///
    /// `__metadata__` comes first with its keys sorted, then the tensors in order, so the same
    /// file always produces the same bytes.
    func encodedHeader() -> (header: [UInt8], dataSize: Int) {
        var parts: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { key in
                HeaderJSONWriter.quoted(key) + ":" + HeaderJSONWriter.quoted(metadata[key] ?? "")
            }
            parts.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
        }
        var offset = 0
        for tensor in tensors {
            let end = offset + tensor.values.count * SafeTensorsDType.float32.byteCount
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            parts.append(HeaderJSONWriter.quoted(tensor.name)
                         + ":{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var header = Array(("{" + parts.joined(separator: ",") + "}").utf8)
        // Pad so 8 + N is a multiple of 8: the data buffer then starts 8-byte aligned.
        let padding = (8 - header.count % 8) % 8
        header.append(contentsOf: repeatElement(UInt8(ascii: " "), count: padding))
        return (header, offset)
    }

    /// The whole file as bytes.
    public func encoded() -> Data {
        let (header, dataSize) = encodedHeader()
        var data = Data(capacity: 8 + header.count + dataSize)
        Self.appendLittleEndian(UInt64(header.count), to: &data)
        data.append(contentsOf: header)
        for tensor in tensors {
            Self.appendLittleEndian(tensor.values, to: &data)
        }
        return data
    }

    /// Writes the file atomically (temporary file in the same folder, `fsync`, rename): a crash
    /// or error leaves either the previous file or the complete new one. Tensor data is streamed,
    /// so the file is never held twice in memory. A header longer than `maximumHeaderLength`,
    /// which no reader would accept, is refused before anything is written: every file written
    /// reads back.
    public func write(to url: URL) throws(AtomicFileError) {
        try write(to: url, headerLimit: Self.maximumHeaderLength)
    }

    func write(to url: URL, headerLimit: Int) throws(AtomicFileError) {
        let (header, _) = encodedHeader()
        guard header.count <= headerLimit else {
            throw .writeFailed(path: url.path, reason: "its header (the metadata and tensor list) would be \(header.count) bytes, more than the \(headerLimit) bytes a safetensors reader accepts")
        }
        let writer = try AtomicFileWriter(destination: url)
        var length = Data()
        Self.appendLittleEndian(UInt64(header.count), to: &length)
        try writer.write(length)
        try writer.write(Data(header))
        for tensor in tensors {
            var chunk = Data()
            Self.appendLittleEndian(tensor.values, to: &chunk)
            try writer.write(chunk)
        }
        try writer.commit()
    }

    private static func appendLittleEndian(_ value: UInt64, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }

    private static func appendLittleEndian(_ values: [Float], to data: inout Data) {
        #if _endian(little)
        values.withUnsafeBytes { data.append(contentsOf: $0) }
        #else
        // The format is little-endian; swap each element's bit pattern on big-endian hosts.
        for value in values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        #endif
    }
}
