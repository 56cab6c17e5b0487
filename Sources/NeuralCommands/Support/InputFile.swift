import Foundation
import Neural
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A CSV input named on the command line, made readable by path as often as the command needs
/// (a header check, then the table): a regular file as it is; standard input (`-`), a FIFO,
/// `/dev/stdin`, a process substitution `<(…)` or any other stream copied once into an anonymous
/// temporary file (`O_TMPFILE`: it has no name, so nothing is left behind even after SIGKILL),
/// which the readers open through `/proc/self/fd`. The stream is read exactly once.
final class InputFile {
    /// The path the readers open.
    let path: String
    /// What messages call the input: its path as given, or "standard input".
    let displayName: String
    private var descriptor: Int32 = -1
    /// A named spool file to remove (where the system has no anonymous temporary files).
    private var namedSpool: String?

    var url: URL { URL(fileURLWithPath: path) }

    /// Checks that `argument` names a readable input (`role`: "data file"), spooling a stream.
    init(_ argument: String, role: String) throws {
        if argument == "-" {
            displayName = "standard input"
            (descriptor, path, namedSpool) = try Self.spool(from: STDIN_FILENO, name: displayName)
            return
        }
        displayName = argument
        let given = fileURL(argument).path
        var info = stat()
        guard stat(given, &info) == 0 else {
            throw CommandError.badInput("The \(role) \"\(argument)\" does not exist.")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            path = given
        case S_IFDIR:
            throw CommandError.badInput("The \(role) \"\(argument)\" is a folder, not a file.")
        default:
            let source = open(given, O_RDONLY | O_CLOEXEC)
            guard source >= 0 else {
                throw CommandError.badInput("The \(role) \"\(argument)\" cannot be read: \(String(cString: strerror(errno))).")
            }
            defer { close(source) }
            (descriptor, path, namedSpool) = try Self.spool(from: source, name: argument)
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        if let namedSpool { unlink(namedSpool) }
    }

    /// `message` with the spool's path replaced by the input's name.
    func naming(_ message: String) -> String {
        path == displayName ? message : message.replacingOccurrences(of: path, with: displayName)
    }

    /// Copies `source` to end of stream into a temporary file; returns its descriptor, the path
    /// to open it by, and the name to remove afterwards (nil for an anonymous file).
    private static func spool(from source: Int32, name: String) throws -> (Int32, String, String?) {
        let folder = FileManager.default.temporaryDirectory.path
        var named: String?
        var descriptor: Int32 = -1
        #if os(Linux)
        // O_TMPFILE is __O_TMPFILE | O_DIRECTORY (not exported to Swift as one constant).
        descriptor = open(folder, O_RDWR | O_CLOEXEC | 0o20000000 | O_DIRECTORY, 0o600)
        #endif
        if descriptor < 0 {
            var template = Array((folder + "/.neural-input-\(getpid())-XXXXXX").utf8CString)
            descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard descriptor >= 0 else {
                throw CommandError.badInput("Cannot copy \(name) to a temporary file in \(folder): \(String(cString: strerror(errno))).")
            }
            named = String(cString: template)
        }
        // A stream that never ends must not fill the disk: the copy stops at the memory budget
        // (a table read from more text than that would be refused by the reader anyway) and
        // always leaves a tenth of the temporary folder's file system free.
        let limit = spoolLimit(folder: folder)
        var spooled: UInt64 = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count == 0 { break }
            spooled += UInt64(max(count, 0))
            if spooled > limit {
                close(descriptor)
                if let named { unlink(named) }
                throw CommandError.badInput("\(name) is longer than \(limit) bytes, more than the memory available to read it (or the free space in \(folder)); stopped reading. Save the data to a file and give its path, or set NEURAL_MEMORY_LIMIT.")
            }
            if count < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(descriptor)
                if let named { unlink(named) }
                throw CommandError.badInput("Cannot read \(name): \(reason).")
            }
            var written = 0
            while written < count {
                let result = buffer.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, count - written) }
                if result < 0 {
                    if errno == EINTR { continue }
                    let reason = String(cString: strerror(errno))
                    close(descriptor)
                    if let named { unlink(named) }
                    throw CommandError.badInput("Cannot copy \(name) to a temporary file in \(folder): \(reason).")
                }
                written += result
            }
        }
        #if os(Linux)
        // Opened again through /proc, so the name is not needed: no file outlives the process.
        if let named { unlink(named) }
        return (descriptor, "/proc/self/fd/\(descriptor)", nil)
        #else
        return (descriptor, named ?? "", named)
        #endif
    }
}

/// The most bytes a stream may be copied into `folder`: the memory budget, and never more than
/// the folder's free space less a tenth of its file system.
private func spoolLimit(folder: String) -> UInt64 {
    let budget = MemoryBudget.availableBytes()
    var info = statvfs()
    guard statvfs(folder, &info) == 0 else { return budget }
    let blockSize = UInt64(info.f_frsize)
    let free = UInt64(info.f_bavail) * blockSize
    let reserve = UInt64(info.f_blocks) * blockSize / 10
    return min(budget, free > reserve ? free - reserve : 0)
}

/// Checks that a model file (or checkpoint) exists and is a regular file: model files are read
/// by position, so a pipe or a device is refused with a sentence saying so.
func requireModelFile(_ path: String, role: String) throws {
    var info = stat()
    guard stat(fileURL(path).path, &info) == 0 else {
        throw CommandError.badInput("The \(role) \"\(path)\" does not exist.")
    }
    let kind: String
    switch info.st_mode & S_IFMT {
    case S_IFREG: return
    case S_IFDIR: kind = "a folder"
    case S_IFIFO: kind = "a pipe (FIFO)"
    case S_IFCHR: kind = "a character device"
    case S_IFBLK: kind = "a block device"
    case S_IFSOCK: kind = "a socket"
    default: kind = "not a regular file"
    }
    throw CommandError.badInput("The \(role) \"\(path)\" is \(kind), not a regular file; a \(role) is read by position, so save it to a file first.")
}

extension InputFile {
    /// Runs `body`, naming the input as the user gave it in any message (not its spool's path).
    func naming<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as CommandError {
            throw CommandError(error.kind, naming(error.message))
        }
    }
}
