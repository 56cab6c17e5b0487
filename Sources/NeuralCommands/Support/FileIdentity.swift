import Foundation

/// What a path on the command line refers to on disk, so that an output is never the same file
/// as an input or as another output, however it is spelled (`d.csv`, `./d.csv`, an absolute
/// path, `../dir/d.csv`, a symbolic link, a hard link).
///
/// A path has up to two identities: the file it resolves to (device and inode, when it exists:
/// hard and symbolic links share them), and the directory entry it names (the resolved folder
/// plus the name: an atomic write replaces that entry, even a not-yet-existing one).
struct FileIdentity: Hashable {
    enum Key: Hashable {
        case file(device: UInt64, inode: UInt64)
        case entry(folder: String, name: String)
    }

    /// The identities of `path` (empty for `-`, standard input or output).
    static func keys(of path: String) -> Set<Key> {
        guard path != "-" else { return [] }
        var keys: Set<Key> = []
        let url = fileURL(path)
        var info = stat()
        if stat(url.path, &info) == 0 {
            keys.insert(.file(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)))
        }
        let folder = url.deletingLastPathComponent().path
        let resolvedFolder = realpath(folder, nil).map { pointer in
            defer { free(pointer) }
            return String(cString: pointer)
        } ?? URL(fileURLWithPath: folder).standardizedFileURL.path
        keys.insert(.entry(folder: resolvedFolder, name: url.lastPathComponent))
        return keys
    }
}

/// One path a command reads or writes, and the flag (or argument) it came from.
struct PathUse {
    /// How a message names it: `--model`, or `the data file` for a positional argument.
    var role: String
    var path: String
    var isWritten: Bool
}

enum PathClash {
    /// Called first in `run()`, before any work. Throws a `CommandError` (exit 2) when a written path is the same file as any other path
    /// of `uses`, naming both. `allowed` lists pairs of roles that may share a file (a
    /// checkpoint written where `--resume` read it).
    static func check(_ uses: [PathUse], allowed: [(String, String)] = []) throws {
        let keys = uses.map { FileIdentity.keys(of: $0.path) }
        for (i, written) in uses.enumerated() where written.isWritten {
            for (j, other) in uses.enumerated() where j != i && (!other.isWritten || j < i) {
                if allowed.contains(where: { ($0.0 == written.role && $0.1 == other.role) || ($0.1 == written.role && $0.0 == other.role) }) {
                    continue
                }
                guard !keys[i].isDisjoint(with: keys[j]) else { continue }
                let what = other.isWritten ? ", which is written too" : ""
                throw CommandError.badInput("\(written.role) \(written.path) is the same file as \(other.role) \(other.path)\(what); writing it would replace it. Give \(written.role) another path.")
            }
        }
    }
}
