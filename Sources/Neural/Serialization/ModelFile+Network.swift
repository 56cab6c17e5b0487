extension ModelFile {
    /// The network a model file describes: the architecture in its metadata (a valid layer list)
    /// and tensors that match that architecture's layout exactly. Shared by trained models and
    /// training checkpoints; each error names the file.
    public func network() throws(TrainedModelError) -> Network {
        let layers: [Layer]
        do {
            layers = try decodeMetadata([Layer].self, forKey: ModelFormat.architectureKey)
        } catch {
            throw .modelFile(error)
        }
        do {
            try Network.validate(layers: layers)
        } catch {
            throw .invalidArchitecture(source: source, reason: error.description)
        }
        let parameters: ParameterVector
        do {
            parameters = try self.parameters(matching: Network.parameterLayout(for: layers))
        } catch {
            throw .modelFile(error)
        }
        do {
            return try Network(layers: layers, parameters: parameters)
        } catch {
            throw .invalidArchitecture(source: source, reason: error.description)
        }
    }
}
