import Neural

extension TrainingRun {
    /// The network the settings describe, its initial weights drawn from the parity preset's
    /// distributions (`Network(…, parity:seed:)`); with no preset, Neural's own initialisers.
    static func network(inputSize: Int, outputSize: Int, outputActivation: Activation,
                        settings: TrainSettings) -> Network {
        let activation = settings.activation.activation
        let dropout = Float(settings.dropout)
        if settings.parity == .none {
            return Network(inputSize: inputSize, hiddenLayers: settings.hidden, outputSize: outputSize,
                           activation: activation, outputActivation: outputActivation,
                           dropout: dropout, seed: settings.seed)
        }
        return Network(inputSize: inputSize, hiddenLayers: settings.hidden, outputSize: outputSize,
                       activation: activation, outputActivation: outputActivation, dropout: dropout,
                       parity: settings.parity, seed: settings.seed)
    }
}
