import Foundation

/// Why an atomic file write failed. In every case an existing file at the destination is left
/// as it was and the temporary file has been removed.
public enum AtomicFileError: Error, Equatable, Sendable {
    /// The folder that should hold the file does not exist.
    case folderMissing(path: String)
    /// The path's parent exists but is not a folder.
    case notAFolder(path: String)
    /// The destination itself is a folder.
    case destinationIsFolder(path: String)
    /// The folder exists but this process may not create files in it.
    case folderNotWritable(path: String, reason: String)
    /// The temporary file could not be created.
    case createFailed(path: String, reason: String)
    /// Writing, flushing or syncing the temporary file failed (disk full, I/O error, …).
    case writeFailed(path: String, reason: String)
    /// The finished temporary file could not be renamed over the destination.
    case renameFailed(path: String, reason: String)
}

extension AtomicFileError: CustomStringConvertible, LocalizedError {
    public var description: String {
        switch self {
        case let .folderMissing(path):
            return "cannot write \(path): the folder \((path as NSString).deletingLastPathComponent) does not exist."
        case let .notAFolder(path):
            return "cannot write \(path): \((path as NSString).deletingLastPathComponent) is not a folder."
        case let .destinationIsFolder(path):
            return "cannot write \(path): it is a folder."
        case let .folderNotWritable(path, reason):
            return "cannot write \(path): the folder is not writable (\(reason))."
        case let .createFailed(path, reason):
            return "cannot create a temporary file beside \(path): \(reason)."
        case let .writeFailed(path, reason):
            return "writing \(path) failed: \(reason); the previous file, if any, is unchanged."
        case let .renameFailed(path, reason):
            return "cannot move the new file into place at \(path): \(reason); the previous file, if any, is unchanged."
        }
    }

    public var errorDescription: String? { description }
}
