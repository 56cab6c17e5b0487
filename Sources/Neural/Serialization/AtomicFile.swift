import Foundation

/// Whole-file atomic writes for models, predictions, plots and checkpoints.
///
/// See `AtomicFileWriter` for the protocol (temporary file in the same folder, `fsync`, rename).
public enum AtomicFile {
    /// Replaces (or creates) the file at `url` with `data`, atomically.
    public static func write(_ data: Data, to url: URL) throws(AtomicFileError) {
        let writer = try AtomicFileWriter(destination: url)
        try writer.write(data)
        try writer.commit()
    }

    /// Replaces (or creates) the file at `url` with `text` encoded as UTF-8, atomically.
    public static func write(_ text: String, to url: URL) throws(AtomicFileError) {
        let writer = try AtomicFileWriter(destination: url)
        try writer.write(text)
        try writer.commit()
    }

    /// Streams a file: `body` writes chunks to the writer; when it returns, the file is committed.
    /// If `body` throws, the temporary file is removed, the destination is left as it was, and
    /// the error is rethrown.
    public static func write<Result>(to url: URL, _ body: (AtomicFileWriter) throws -> Result) throws -> Result {
        let writer = try AtomicFileWriter(destination: url)
        do {
            let result = try body(writer)
            try writer.commit()
            return result
        } catch {
            writer.rollback()
            throw error
        }
    }
}
