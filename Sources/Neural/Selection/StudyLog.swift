import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

private func closeDescriptor(_ descriptor: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(descriptor)
    #else
    _ = Darwin.close(descriptor)
    #endif
}

/// An append-only JSON-lines record of a search, from which a killed search resumes.
///
/// Line 1 is `{"study": {settings}}`; every later line is one finished `TrialRecord`. Opening an
/// existing log checks that its settings are those given (naming the first that differs) and
/// returns its trials; a last line cut short by a kill is dropped (the file is truncated to
/// the last complete line before anything is appended); any other unreadable line is an error
/// with its line number. Lines are written whole, one `write` each, and flushed to disk. A new
/// log is created with its first trial (settings and trial in one `write`), so a search that
/// fails before finishing a trial leaves no file behind.
///
/// A lock file beside the log (`LOG.lock`) holds an exclusive `flock` for as long as the log is
/// open and names its holder (process id, host, start time); a second search on the same log
/// is refused with the holder's name. The kernel drops the lock of a process that died, so a
/// stale lock file is taken over, and `takenOverFrom` says whose it was.
public final class StudyLog: @unchecked Sendable {
    public let url: URL
    /// The trials already in the log when it was opened.
    public private(set) var trials: [TrialRecord]
    /// The holder named in a stale lock file that was taken over, if any.
    public let takenOverFrom: String?
    /// Whether the log existed (with settings) before.
    public let resumed: Bool
    /// The log's descriptor; -1 until a new log's first trial creates the file.
    private var descriptor: Int32
    /// The settings line still to be written before the first trial, for a new or empty log.
    private var pendingHeader: String?
    private let lockDescriptor: Int32
    private let lock = NSLock()

    /// Opens (or creates) the log at `url` for a study with `settings`. Throws `SelectionError.study`.
    public init(url: URL, settings: [String: String]) throws {
        self.url = url
        let path = url.path
        let lockPath = path + ".lock"
        let header = try Self.encode(["study": settings])
        let lockDescriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lockDescriptor >= 0 else {
            throw SelectionError.study(path: path, "cannot create the lock file \(lockPath): \(String(cString: strerror(errno))).")
        }
        let previousHolder = Self.readAll(lockDescriptor).trimmingCharacters(in: .whitespacesAndNewlines)
        if flock(lockDescriptor, LOCK_EX | LOCK_NB) != 0 {
            closeDescriptor(lockDescriptor)
            let holder = previousHolder.isEmpty ? "another process" : previousHolder
            throw SelectionError.study(path: path, "another search is writing it (lock \(lockPath) held by \(holder)); wait for it to finish or use another --study file.")
        }
        self.lockDescriptor = lockDescriptor
        takenOverFrom = previousHolder.isEmpty ? nil : previousHolder
        let holder = "process \(getpid()) on \(ProcessInfo.processInfo.hostName) since \(ISO8601DateFormatter().string(from: Date()))\n"
        _ = ftruncate(lockDescriptor, 0)
        _ = holder.withCString { pwrite(lockDescriptor, $0, strlen($0), 0) }

        let descriptor = open(path, O_RDWR | O_APPEND | O_CLOEXEC)
        if descriptor < 0 && errno == ENOENT {
            // A new log: nothing is created until the first trial is appended.
            self.descriptor = -1
            resumed = false
            trials = []
            pendingHeader = header
            return
        }
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            closeDescriptor(lockDescriptor)
            throw SelectionError.study(path: path, "cannot open it: \(reason).")
        }
        self.descriptor = descriptor
        do {
            let text = Self.readAll(descriptor)
            var (lines, completeLength) = Self.completeLines(text)
            if completeLength < text.utf8.count {
                // A line cut short by a kill: drop it, or it would join the next line.
                if ftruncate(descriptor, off_t(completeLength)) != 0 {
                    throw SelectionError.study(path: path, "cannot drop its unfinished last line: \(String(cString: strerror(errno))).")
                }
            }
            if lines.isEmpty {
                resumed = false
                trials = []
                pendingHeader = header
            } else {
                resumed = true
                let header = lines.removeFirst()
                guard let decoded = try? JSONDecoder().decode([String: [String: String]].self, from: Data(header.utf8)),
                      let stored = decoded["study"] else {
                    throw SelectionError.study(path: path, "line 1 is not a study's settings; is this a study log?")
                }
                if stored != settings {
                    let key = (Set(stored.keys).union(settings.keys)).sorted().first { stored[$0] != settings[$0] } ?? ""
                    throw SelectionError.study(path: path, "it was started with other settings (\(key): \(stored[key] ?? "unset") there, \(settings[key] ?? "unset") now); resume with the same command, or use another --study file.")
                }
                var trials = [TrialRecord]()
                let decoder = JSONDecoder()
                decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
                for (offset, line) in lines.enumerated() {
                    do {
                        trials.append(try decoder.decode(TrialRecord.self, from: Data(line.utf8)))
                    } catch {
                        throw SelectionError.study(path: path, "line \(offset + 2) is not a trial record (\(ModelFile.describe(error))).")
                    }
                }
                self.trials = trials
            }
        } catch {
            closeDescriptor(descriptor)
            _ = ftruncate(lockDescriptor, 0)
            closeDescriptor(lockDescriptor)
            throw error
        }
    }

    deinit { close() }

    private var closed = false

    /// Releases the lock (and removes the lock file). Called on deinit too.
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        closed = true
        if descriptor >= 0 {
            _ = fsync(descriptor)
            closeDescriptor(descriptor)
        }
        unlink(url.path + ".lock")
        closeDescriptor(lockDescriptor)
    }

    /// Appends one finished trial.
    public func append(_ record: TrialRecord) throws {
        try append(Self.encode(record))
    }

    private func append(_ line: String) throws {
        lock.lock()
        defer { lock.unlock() }
        if descriptor < 0 {
            descriptor = open(url.path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw SelectionError.study(path: url.path, "cannot create it: \(String(cString: strerror(errno))).")
            }
        }
        let bytes = Array(((pendingHeader.map { $0 + "\n" } ?? "") + line + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            throw SelectionError.study(path: url.path, "cannot append to it: \(String(cString: strerror(errno))).")
        }
        pendingHeader = nil
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The newline-terminated lines of `text` and the byte length they cover.
    static func completeLines(_ text: String) -> ([String], Int) {
        var lines = [String]()
        var length = 0
        var current = [UInt8]()
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") {
                length += current.count + 1
                let line = String(decoding: current, as: UTF8.self)
                if !line.trimmingCharacters(in: .whitespaces).isEmpty { lines.append(line) }
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(byte)
            }
        }
        return (lines, length)
    }

    static func readAll(_ descriptor: Int32) -> String {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var offset: off_t = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, offset) }
            if count <= 0 { break }
            data += buffer[0..<count]
            offset += off_t(count)
        }
        return String(decoding: data, as: UTF8.self)
    }
}
