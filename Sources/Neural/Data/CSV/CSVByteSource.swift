import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the reader's bytes come from: an open file descriptor, read with `read(2)` into the
/// caller's buffer, or bytes already in memory (text given directly, the built-in data sets).
enum CSVByteSource {
    case file(descriptor: Int32)
    case memory(bytes: [UInt8], offset: Int)

    /// Opens `path` for reading.
    static func open(path: String) throws -> CSVByteSource {
        let descriptor = path.withCString { openForReading($0) }
        guard descriptor >= 0 else {
            throw DataError.unreadableFile(file: path, reason: String(cString: strerror(errno)))
        }
        return .file(descriptor: descriptor)
    }

    /// Reads up to `count` bytes into `buffer`; returns the number read, 0 at the end.
    mutating func read(into buffer: UnsafeMutableRawPointer, count: Int, file: String) throws -> Int {
        switch self {
        case let .file(descriptor):
            while true {
                let result = systemRead(descriptor, buffer, count)
                if result >= 0 { return result }
                if errno == EINTR { continue }
                throw DataError.unreadableFile(file: file, reason: String(cString: strerror(errno)))
            }
        case .memory(let bytes, let offset):
            let available = min(count, bytes.count - offset)
            guard available > 0 else { return 0 }
            bytes.withUnsafeBytes { source in
                guard let base = source.baseAddress else { return }
                buffer.copyMemory(from: base + offset, byteCount: available)
            }
            self = .memory(bytes: bytes, offset: offset + available)
            return available
        }
    }

    /// Closes the descriptor, if any.
    mutating func close() {
        if case let .file(descriptor) = self {
            _ = systemClose(descriptor)
            self = .memory(bytes: [], offset: 0)
        }
    }
}

@inline(__always) private func openForReading(_ path: UnsafePointer<CChar>) -> Int32 {
    open(path, O_RDONLY)
}

@inline(__always) private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

@inline(__always) private func systemClose(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}
