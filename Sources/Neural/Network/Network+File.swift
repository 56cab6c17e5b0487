/// A network is a model file of its own: its parameters as Float32 tensors (`layers.<i>.weight`
/// `[out, in]`, `layers.<i>.bias`) and its layer list under `ModelFormat.architectureKey`.
/// `save(to:)` writes it atomically (the file appears complete or not at all, and a previous
/// file at the URL is untouched when writing fails); `init(contentsOf:)` reads a file written by
/// `save(to:)`, a trained model written by `neural train` or `TrainedModel.save(to:)`, or a
/// training checkpoint (the network of any of them), checking every size and offset before
/// anything is allocated; each error names the file and what is wrong.
///
///     try network.save(to: URL(filePath: "net.safetensors"))
///     let same = try Network(contentsOf: URL(filePath: "net.safetensors"))
extension Network: ModelFileConvertible {
    /// The network as a model file (tensors and architecture), ready to write or to extend with
    /// more metadata.
    public func modelFile() throws(ModelFileError) -> ModelFile {
        var file = ModelFile(parameters: parameters)
        try file.setMetadata(layers, forKey: ModelFormat.architectureKey)
        return file
    }

    /// The network of an already read model file (see `ModelFile.network()`); of a checkpoint,
    /// its weights without the training state's tensors.
    public init(file: ModelFile) throws(TrainedModelError) {
        var weights = file
        if file.metadata[TrainingCheckpoint.stateKey] != nil {
            weights.tensors.removeAll { $0.name.hasPrefix(TrainingCheckpoint.stateTensorPrefix) }
        }
        self = try weights.network()
    }
}
