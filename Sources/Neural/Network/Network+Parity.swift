extension Network {
    /// A multi-layer perceptron `inputSize → hiddenLayers… → outputSize` (as
    /// `init(inputSize:hiddenLayers:outputSize:activation:outputActivation:dropout:seed:)`) whose
    /// initial weights and biases follow `parity`'s defaults (`Parity.initializer(for:hiddenActivation:)`):
    /// PyTorch's `nn.Linear` U(±1/√fanIn) for weights and biases, scikit-learn's Glorot uniform
    /// with its factor (from `activation`) for weights and biases, or Keras's Glorot uniform
    /// weights and zero biases. The draws come from this package's generator seeded with `seed`.
    public init(inputSize: Int, hiddenLayers: [Int], outputSize: Int, activation: Activation = .relu,
                outputActivation: Activation = .identity, dropout: Float = 0, parity: Parity, seed: UInt64) {
        var layers: [Layer] = []
        var width = inputSize
        for (index, units) in (hiddenLayers + [outputSize]).enumerated() {
            let isOutput = index == hiddenLayers.count
            let layerActivation = isOutput ? outputActivation : activation
            layers.append(.dense(Dense(inputSize: width, outputSize: units, activation: layerActivation,
                                       initializer: parity.initializer(for: layerActivation, hiddenActivation: activation))))
            if !isOutput && dropout > 0 { layers.append(.dropout(Dropout(rate: dropout))) }
            width = units
        }
        self.init(layers: layers, seed: seed)
    }
}
