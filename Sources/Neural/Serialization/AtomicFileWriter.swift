import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers see either the old file or the complete new one, never a part.
///
/// The bytes go to a temporary file `.<name>.tmp-<pid>-<random>` in the destination's folder (the
/// same file system, so the final `rename(2)` is atomic). `commit()` flushes, `fsync`s, closes and
/// renames it over the destination, then syncs the folder so the rename itself is durable.
/// `rollback()` — or any failure, or dropping an uncommitted writer — removes the temporary file
/// and leaves an existing destination untouched. The temporary file is created, renamed and
/// removed relative to a descriptor of the folder, so it is removed even when the folder's path
/// stops leading to that folder during the write (a moved folder or a re-pointed link).
///
/// Where the system has them (Linux), the bytes go to an anonymous file (`O_TMPFILE`) that gets
/// its temporary name (`linkat`) only at `commit()`, just before the rename, so a process killed
/// while writing leaves nothing behind. Elsewhere, and for the instant between the link and the
/// rename, a killed process can leave `.<name>.tmp-<pid>-<random>`: the next writer of the same
/// destination removes those whose process is gone, and `removeTemporaryFilesBeforeExit()` lets a
/// signal handler remove the current process's own before it exits.
///
/// Writes are buffered (64 KiB), so streaming many small rows costs few system calls.
public final class AtomicFileWriter {
    /// Where the file will appear on `commit()`.
    public let destination: URL
    /// The temporary file being written.
    public let temporaryURL: URL

    private enum State { case open, committed, rolledBack }

    private var descriptor: Int32
    /// The destination's folder, open while the temporary file exists.
    private var folderDescriptor: Int32
    private let temporaryName: String
    private var state = State.open
    /// Whether the temporary file is anonymous (`O_TMPFILE`) until `commit()` links it.
    private var anonymous = false
    /// Full paths of the temporary files that exist with a name right now, in every writer.
    nonisolated(unsafe) private static var namedTemporaryFiles: Set<String> = []
    /// Guards `namedTemporaryFiles` and the link-rename step (a signal handler that takes it and
    /// exits stops any new name from appearing).
    private static let namingLock = NSLock()
    private var buffer: [UInt8] = []
    private static let bufferCapacity = 1 << 16

    /// Creates the temporary file beside `destination`.
    ///
    /// Throws `folderMissing`, `notAFolder`, `destinationIsFolder` or `folderNotWritable` before
    /// creating anything, so the message says what is wrong with the path.
    public init(destination: URL) throws(AtomicFileError) {
        let path = destination.path
        let folder = destination.deletingLastPathComponent().path
        var folderStatus = stat()
        guard stat(folder, &folderStatus) == 0 else {
            if errno == ENOENT { throw .folderMissing(path: path) }
            if errno == ENOTDIR { throw .notAFolder(path: path) }
            throw .folderNotWritable(path: path, reason: Self.lastErrorDescription())
        }
        guard folderStatus.st_mode & S_IFMT == S_IFDIR else { throw .notAFolder(path: path) }

        var destinationStatus = stat()
        let destinationExists = stat(path, &destinationStatus) == 0
        if destinationExists && destinationStatus.st_mode & S_IFMT == S_IFDIR {
            throw .destinationIsFolder(path: path)
        }
        guard access(folder, W_OK) == 0 else {
            throw .folderNotWritable(path: path, reason: Self.lastErrorDescription())
        }

        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let temporaryName = ".\(destination.lastPathComponent).tmp-\(getpid())-\(suffix)"
        let temporaryURL = destination.deletingLastPathComponent().appendingPathComponent(temporaryName)
        let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folderDescriptor >= 0 else {
            throw .folderNotWritable(path: path, reason: Self.lastErrorDescription())
        }
        Self.removeStaleTemporaryFiles(in: folderDescriptor, folder: folder, name: destination.lastPathComponent)
        var anonymous = false
        var descriptor: Int32 = -1
        #if os(Linux)
        // O_TMPFILE is __O_TMPFILE | O_DIRECTORY (not exported to Swift as one constant).
        descriptor = openat(folderDescriptor, ".", O_WRONLY | O_CLOEXEC | 0o20000000 | O_DIRECTORY, 0o666)
        anonymous = descriptor >= 0
        #endif
        if descriptor < 0 {
            // O_EXCL: never reuse (and so never clobber) another writer's temporary file.
            Self.namingLock.lock()
            descriptor = openat(folderDescriptor, temporaryName, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if descriptor >= 0 { Self.namedTemporaryFiles.insert(temporaryURL.path) }
            Self.namingLock.unlock()
        }
        guard descriptor >= 0 else {
            let failure = errno
            let reason = Self.lastErrorDescription()
            _ = close(folderDescriptor)
            if failure == EACCES || failure == EROFS || failure == EPERM {
                throw .folderNotWritable(path: path, reason: reason)
            }
            throw .createFailed(path: path, reason: reason)
        }
        if destinationExists {
            // Replacing a file keeps its permissions, as editing it in place would.
            _ = fchmod(descriptor, destinationStatus.st_mode & 0o7777)
        }
        self.destination = destination
        self.temporaryURL = temporaryURL
        self.temporaryName = temporaryName
        self.descriptor = descriptor
        self.folderDescriptor = folderDescriptor
        self.anonymous = anonymous
        buffer.reserveCapacity(Self.bufferCapacity)
    }

    deinit {
        if state == .open { rollback() }
    }

    /// Appends raw bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(AtomicFileError) {
        precondition(state == .open, "write to \(destination.path) after commit or rollback")
        if buffer.count + bytes.count > Self.bufferCapacity {
            try flush()
        }
        if bytes.count >= Self.bufferCapacity {
            try writeFully(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Appends `data`.
    public func write(_ data: Data) throws(AtomicFileError) {
        let result: Result<Void, AtomicFileError> = data.withUnsafeBytes { bytes in
            do throws(AtomicFileError) { try write(bytes); return .success(()) } catch { return .failure(error) }
        }
        try result.get()
    }

    /// Appends `text` encoded as UTF-8.
    public func write(_ text: String) throws(AtomicFileError) {
        var text = text
        let result: Result<Void, AtomicFileError> = text.withUTF8 { utf8 in
            do throws(AtomicFileError) { try write(UnsafeRawBufferPointer(utf8)); return .success(()) } catch { return .failure(error) }
        }
        try result.get()
    }

    /// Flushes, syncs and renames the temporary file over the destination.
    public func commit() throws(AtomicFileError) {
        precondition(state == .open, "commit of \(destination.path) after commit or rollback")
        try flush()
        guard fsync(descriptor) == 0 else {
            let reason = Self.lastErrorDescription()
            rollback()
            throw .writeFailed(path: destination.path, reason: reason)
        }
        Self.namingLock.lock()
        if anonymous {
            guard linkat(AT_FDCWD, "/proc/self/fd/\(descriptor)", folderDescriptor, temporaryName, AT_SYMLINK_FOLLOW) == 0 else {
                let reason = Self.lastErrorDescription()
                Self.namingLock.unlock()
                rollback()
                throw .renameFailed(path: destination.path, reason: reason)
            }
            Self.namedTemporaryFiles.insert(temporaryURL.path)
        }
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0 else {
            let reason = Self.lastErrorDescription()
            Self.namingLock.unlock()
            rollback()
            throw .writeFailed(path: destination.path, reason: reason)
        }
        guard renameat(folderDescriptor, temporaryName, AT_FDCWD, destination.path) == 0 else {
            let reason = Self.lastErrorDescription()
            Self.namingLock.unlock()
            rollback()
            throw .renameFailed(path: destination.path, reason: reason)
        }
        Self.namedTemporaryFiles.remove(temporaryURL.path)
        Self.namingLock.unlock()
        state = .committed
        _ = close(folderDescriptor)
        folderDescriptor = -1
        syncFolder()
    }

    /// Discards everything written: closes and removes the temporary file. Safe to call twice.
    public func rollback() {
        guard state == .open else { return }
        if descriptor >= 0 {
            _ = close(descriptor)
            descriptor = -1
        }
        Self.namingLock.lock()
        _ = unlinkat(folderDescriptor, temporaryName, 0)
        Self.namedTemporaryFiles.remove(temporaryURL.path)
        Self.namingLock.unlock()
        _ = close(folderDescriptor)
        folderDescriptor = -1
        buffer.removeAll()
        state = .rolledBack
    }

    private func flush() throws(AtomicFileError) {
        guard !buffer.isEmpty else { return }
        let pending = buffer
        buffer.removeAll(keepingCapacity: true)
        let result: Result<Void, AtomicFileError> = pending.withUnsafeBytes { bytes in
            do throws(AtomicFileError) { try writeFully(bytes); return .success(()) } catch { return .failure(error) }
        }
        try result.get()
    }

    /// `write(2)` until every byte is out, retrying on EINTR and short writes.
    private func writeFully(_ bytes: UnsafeRawBufferPointer) throws(AtomicFileError) {
        guard var cursor = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Glibc_write(descriptor, cursor, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                let reason = Self.lastErrorDescription()
                rollback()
                throw .writeFailed(path: destination.path, reason: reason)
            }
            cursor += written
            remaining -= written
        }
    }

    /// Makes the rename durable; failure here cannot undo the rename, so it is not reported.
    private func syncFolder() {
        let folder = open(destination.deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
        guard folder >= 0 else { return }
        _ = fsync(folder)
        _ = close(folder)
    }

    /// Removes the temporary files of this process that have a name, and keeps the lock so no
    /// other appears: for a signal handler about to end the process (it never returns the lock).
    public static func removeTemporaryFilesBeforeExit() {
        namingLock.lock()
        for path in namedTemporaryFiles { _ = unlink(path) }
        namedTemporaryFiles.removeAll()
    }

    /// Removes `.<name>.tmp-<pid>-*` files in the folder whose process no longer runs (left by a
    /// killed writer of the same destination).
    static func removeStaleTemporaryFiles(in folderDescriptor: Int32, folder: String, name: String) {
        let prefix = ".\(name).tmp-"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            let rest = entry.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = pid_t(rest[..<dash]), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                _ = unlinkat(folderDescriptor, entry, 0)
            }
        }
    }

    private static func lastErrorDescription() -> String {
        String(cString: strerror(errno))
    }
}

/// The C library's `write`, named apart from the writer's own `write` methods.
@inline(__always)
private func Glibc_write(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(descriptor, bytes, count)
    #elseif canImport(Musl)
    return Musl.write(descriptor, bytes, count)
    #else
    return Darwin.write(descriptor, bytes, count)
    #endif
}
