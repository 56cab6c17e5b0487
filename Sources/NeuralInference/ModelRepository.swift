import Foundation

/// The models being served, by name, each with the file it comes from. Reloading replaces a
/// model atomically: a request holds the `ServedModel` it looked up, so requests in flight finish
/// on the old model while new ones get the new. A file that fails to load or validate leaves
/// the old model serving.
public final class ModelRepository: @unchecked Sendable {
    /// A model file and the name it is served under.
    public struct Source: Sendable, Equatable {
        public let name: String
        public let path: String

        public init(name: String, path: String) {
            self.name = name
            self.path = path
        }
    }

    /// The outcome of reloading one model.
    public struct ReloadResult: Sendable {
        public let name: String
        public let path: String
        /// `nil` when the new file is serving; otherwise why the old model stays.
        public let failure: String?
    }

    public let sources: [Source]
    private let lock = NSLock()
    private var models: [String: ServedModel]
    private var identities: [String: FileIdentity]

    /// Loads every source; throws the first failure (the server does not start with a bad file).
    public init(sources: [Source]) throws {
        self.sources = sources
        var models: [String: ServedModel] = [:]
        var identities: [String: FileIdentity] = [:]
        for source in sources {
            identities[source.name] = FileIdentity(path: source.path)
            models[source.name] = try ServedModel(name: source.name, path: source.path)
        }
        self.models = models
        self.identities = identities
    }

    /// Serves `models` as they are (for tests and embedding), with no files to reload.
    public init(models: [ServedModel]) {
        self.sources = []
        self.models = Dictionary(uniqueKeysWithValues: models.map { ($0.name, $0) })
        self.identities = [:]
    }

    /// The model called `name`, as it is now.
    public func model(named name: String) -> ServedModel? {
        lock.lock()
        defer { lock.unlock() }
        return models[name]
    }

    /// The names of the models, sorted.
    public var names: [String] {
        lock.lock()
        defer { lock.unlock() }
        return models.keys.sorted()
    }

    /// Reloads every model from its file (`onlyChanged`: only those whose file changed since it
    /// was last read: another inode, size or modification time). Loading happens outside the
    /// lock; each successful load is swapped in at once.
    @discardableResult
    public func reload(onlyChanged: Bool = false) -> [ReloadResult] {
        var results: [ReloadResult] = []
        for source in sources {
            let identity = FileIdentity(path: source.path)
            if onlyChanged {
                lock.lock()
                let previous = identities[source.name]
                lock.unlock()
                if identity == previous { continue }
            }
            do {
                let model = try ServedModel(name: source.name, path: source.path)
                lock.lock()
                models[source.name] = model
                identities[source.name] = identity
                lock.unlock()
                results.append(ReloadResult(name: source.name, path: source.path, failure: nil))
            } catch {
                lock.lock()
                // Not retried until the file changes again.
                identities[source.name] = identity
                lock.unlock()
                results.append(ReloadResult(name: source.name, path: source.path, failure: "\(error)"))
            }
        }
        return results
    }
}

/// What tells that a file was replaced or rewritten: its device and inode (an atomic rename
/// gives a new inode), size and modification time in nanoseconds. `nil` fields: no such file.
struct FileIdentity: Equatable, Sendable {
    let device: UInt64?
    let inode: UInt64?
    let size: Int64?
    let modified: Int64?

    init(path: String) {
        var info = stat()
        if stat(path, &info) == 0 {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        } else {
            device = nil
            inode = nil
            size = nil
            modified = nil
        }
    }
}
