import Foundation

/// A temporary file that collects output which must appear whole or not at all (predictions
/// bound for standard output), with memory bounded by one chunk.
final class PredictionSpool {
    private let url: URL
    private let handle: FileHandle

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("neural-predict-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).csv")
        guard FileManager.default.createFile(atPath: url.path, contents: nil,
                                             attributes: [.posixPermissions: 0o600]) else {
            throw CommandError.badInput("Cannot create a temporary file in \(url.deletingLastPathComponent().path) to hold the predictions; set TMPDIR to a writable folder, or write them with --output.")
        }
        handle = try FileHandle(forUpdating: url)
    }

    func write(_ text: String) throws {
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// Hands the whole content to `body` in pieces of whole lines (about 1 MiB each; a line
    /// break byte is never inside a UTF-8 sequence, so no character is split).
    func copy(_ body: (String) -> Void) throws {
        try handle.seek(toOffset: 0)
        var pending = Data()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            pending.append(chunk)
            guard let lastBreak = pending.lastIndex(of: 0x0A) else { continue }
            body(String(decoding: pending[...lastBreak], as: UTF8.self))
            pending = Data(pending[(lastBreak + 1)...])
        }
        if !pending.isEmpty { body(String(decoding: pending, as: UTF8.self)) }
    }

    func remove() {
        try? handle.close()
        try? FileManager.default.removeItem(at: url)
    }
}
