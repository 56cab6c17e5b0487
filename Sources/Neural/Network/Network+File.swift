import Foundation

extension Network {
    /// Writes the network to `url` as a model file: its parameters as Float32 tensors
    /// (`layers.<i>.weight`, `layers.<i>.bias`) and its layer list under
    /// `ModelFormat.architectureKey`. The write is atomic: the file appears complete or not at
    /// all, and a previous file at `url` is untouched when writing fails.
    ///
    ///     try network.save(to: URL(filePath: "net.safetensors"))
    ///     let same = try Network(contentsOf: URL(filePath: "net.safetensors"))
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

    /// The network as a model file (tensors and architecture), ready to write or to extend with
    /// more metadata.
    public func modelFile() throws(ModelFileError) -> ModelFile {
        var file = ModelFile(parameters: parameters)
        try file.setMetadata(layers, forKey: ModelFormat.architectureKey)
        return file
    }

    /// Reads the network stored at `url`: a file written by `save(to:)`, a trained model written
    /// by `neural train` or `TrainedModel.save(to:)`, or a training checkpoint (the network of
    /// any of them). Every size and offset is checked before anything is allocated; the error
    /// names the file and what is wrong.
    public init(contentsOf url: URL) throws(TrainedModelError) {
        let file: ModelFile
        do {
            file = try ModelFile.read(from: url)
        } catch {
            throw .modelFile(error)
        }
        self = try file.network()
    }
}
