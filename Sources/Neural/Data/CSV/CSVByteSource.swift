import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the reader's bytes come from: an open file descriptor, read with `read(2)` into the
/// caller's buffer (all of it, or the `remaining` bytes of a byte range), or bytes already in
/// memory (text given directly, the built-in data sets).
enum CSVByteSource {
    case file(descriptor: Int32)
    case fileRange(descriptor: Int32, remaining: Int)
    case memory(bytes: [UInt8], offset: Int)

    /// Opens `path` for reading.
    static func open(path: String) throws -> CSVByteSource {
        let descriptor = path.withCString { openForReading($0) }
        guard descriptor >= 0 else {
            throw DataError.unreadableFile(file: path, reason: String(cString: strerror(errno)))
        }
        return .file(descriptor: descriptor)
    }

    /// Opens `path` for reading the bytes `range` only.
    static func open(path: String, range: Range<Int>) throws -> CSVByteSource {
        guard case let .file(descriptor) = try open(path: path) else { preconditionFailure("open(path:) gives a file") }
        guard systemSeek(descriptor, range.lowerBound) == range.lowerBound else {
            let reason = String(cString: strerror(errno))
            _ = systemClose(descriptor)
            throw DataError.unreadableFile(file: path, reason: reason)
        }
        return .fileRange(descriptor: descriptor, remaining: range.count)
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
        case let .fileRange(descriptor, remaining):
            guard remaining > 0 else { return 0 }
            var source = CSVByteSource.file(descriptor: descriptor)
            let got = try source.read(into: buffer, count: min(count, remaining), file: file)
            self = .fileRange(descriptor: descriptor, remaining: got == 0 ? 0 : remaining - got)
            return got
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
        switch self {
        case let .file(descriptor), let .fileRange(descriptor, _):
            _ = systemClose(descriptor)
            self = .memory(bytes: [], offset: 0)
        case .memory:
            break
        }
    }
}

@inline(__always) private func openForReading(_ path: UnsafePointer<CChar>) -> Int32 {
    open(path, O_RDONLY)
}

@inline(__always) private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

@inline(__always) private func systemSeek(_ descriptor: Int32, _ offset: Int) -> Int {
    Int(lseek(descriptor, off_t(offset), SEEK_SET))
}

@inline(__always) private func systemClose(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}
