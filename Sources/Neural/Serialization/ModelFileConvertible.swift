import Foundation

/// Something stored as one model file: a `TrainedModel` or a `TrainingCheckpoint`. Conforming
/// types say how they become a `ModelFile` and how they are rebuilt (and checked) from one;
/// saving and loading, with their error mapping, are written once here.
public protocol ModelFileConvertible {
    /// The value as a model file (tensors and metadata), ready to write.
    func modelFile() throws(ModelFileError) -> ModelFile
    /// The value from an already read model file; every check names `file.source`.
    init(file: ModelFile) throws(TrainedModelError)
}

extension ModelFileConvertible {
    /// Writes the value to `url` atomically: the file appears complete or not at all, and a
    /// previous file at `url` is untouched when writing fails.
    public func save(to url: URL) throws(TrainedModelError) {
        let file: ModelFile
        do {
            file = try modelFile()
        } catch {
            throw .modelFile(error)
        }
        do {
            try file.write(to: url)
        } catch {
            throw .unwritable(path: url.path, reason: error.description)
        }
    }

    /// Reads `url` as a model file (structure and format version, `ModelFile.read`) and rebuilds
    /// the value with `init(file:)`, which checks the rest. The same as `load(from:)`.
    public init(contentsOf url: URL) throws(TrainedModelError) {
        self = try Self.load(from: url)
    }

    /// Reads `url` as a model file (structure and format version, `ModelFile.read`) and rebuilds
    /// the value with `init(file:)`, which checks the rest.
    public static func load(from url: URL) throws(TrainedModelError) -> Self {
        let file: ModelFile
        do {
            file = try ModelFile.read(from: url)
        } catch {
            throw .modelFile(error)
        }
        return try Self(file: file)
    }
}
