import Neural
// The mapping between a trained `Network` and the `DenseStack` that ONNX export and import use.

extension DenseStack {
    /// The stack that computes what `network` computes at inference, followed by `link` and
    /// preceded by the optional standardisation `(x − inputMean) / inputScale`.
    ///
    /// Dense layer `i` (`activation(x · Wᵀ + b)`, `W` `[out, in]`) becomes stack layer
    /// `activation(x · Wᵀ + b)` with `Wᵀ` `[in, out]`; dropout layers are omitted (they are the
    /// identity at inference).
    /// Throws `ONNXError.invalidStack` when the result cannot be exported: non-finite parameters,
    /// preprocessing of the wrong width or a zero scale.
    public init(network: Network, link: Neural.OutputLink = .identity, inputMean: [Float]? = nil,
                inputScale: [Float]? = nil) throws(ONNXError) {
        var layers: [Layer] = []
        for (index, layer) in network.layers.enumerated() {
            switch layer {
            case .dense(let dense):
                let bias = network.bias(ofLayer: index).storage
                layers.append(Layer(weight: network.weight(ofLayer: index).transposed, bias: bias,
                                    activation: StackActivation(dense.activation)))
            case .dropout:
                continue
            }
        }
        for (name, values) in [("inputMean", inputMean), ("inputScale", inputScale)] {
            if let values, values.count != network.inputSize {
                throw .invalidStack("\(name) has \(values.count) entries, the network takes \(network.inputSize) inputs")
            }
        }
        self.init(layers: layers, inputMean: inputMean, inputScale: inputScale, outputLink: OutputLink(link))
        try validate()
    }
}

extension Network {
    /// The network of a dense stack's layers (same weights, biases and activations; each layer's
    /// initialiser is its activation's default, which only matters for re-initialising).
    ///
    /// A `Network` holds no preprocessing: a stack with `inputMean` or `inputScale` throws
    /// `ONNXError.invalidStack` unless `foldingPreprocessing` is true, in which case the
    /// standardisation is folded into the first layer: with `s` the scale and `μ` the mean,
    /// `((x − μ)/s)·W + b = x·W′ + b′` where `W′[i, j] = W[i, j]/s[i]` and
    /// `b′[j] = b[j] − Σᵢ μ[i]/s[i]·W[i, j]` (summed in Double). The folded network differs from
    /// the stack by float32 rounding only. Keep the preprocessing beside the network instead
    /// (e.g. in the model file) when the exact stack is wanted. The stack's output link is
    /// not part of a network either: read it from `denseStack.outputLink`.
    public init(denseStack: DenseStack, foldingPreprocessing: Bool = false) throws(ONNXError) {
        try denseStack.validate()
        var stackLayers = denseStack.layers
        if denseStack.inputMean != nil || denseStack.inputScale != nil {
            guard foldingPreprocessing else {
                throw .invalidStack("it standardises its input, which a Network does not hold; keep inputMean and inputScale beside the network or fold them into the first layer")
            }
            let folded = Self.folding(mean: denseStack.inputMean, scale: denseStack.inputScale, into: stackLayers[0])
            // A tiny scale under a large weight (or a large mean) can leave float32's range:
            // W/s = 1e20/1e-30 is infinite, and the network would predict inf and NaN where the
            // stack, which divides first, still gives finite values for small inputs.
            if let index = folded.weight.storage.firstIndex(where: { !$0.isFinite }) {
                let (row, column) = index.quotientAndRemainder(dividingBy: folded.weight.columns)
                throw .invalidStack("folding the standardisation into the first layer overflows float32: weight [\(row), \(column)] = \(stackLayers[0].weight[row, column]) divided by scale \(denseStack.inputScale?[row] ?? 1) is \(folded.weight[row, column])")
            }
            if let column = folded.bias.firstIndex(where: { !$0.isFinite }) {
                throw .invalidStack("folding the standardisation into the first layer overflows float32: bias \(column) becomes \(folded.bias[column])")
            }
            stackLayers[0] = folded
        }
        let layers = stackLayers.map { layer in
            Neural.Layer.dense(Dense(inputSize: layer.inputSize, outputSize: layer.outputSize,
                                     activation: layer.activation.activation))
        }
        var parameters = ParameterVector(layout: Network.parameterLayout(for: layers))
        for (index, layer) in stackLayers.enumerated() {
            guard let weight = parameters.layout.segment(named: "layers.\(index).weight"),
                  let bias = parameters.layout.segment(named: "layers.\(index).bias")
            else { throw .invalidStack("layer \(index) has no parameters in the network layout") }
            parameters.setMatrix(layer.weight.transposed, for: weight)   // [in, out] → [out, in]
            parameters.setMatrix(Matrix(rows: 1, columns: layer.bias.count, storage: layer.bias), for: bias)
        }
        do {
            try self.init(layers: layers, parameters: parameters)
        } catch {
            throw .invalidStack(error.description)
        }
    }

    /// The first layer with `(x − mean)/scale` folded in (see `init(denseStack:foldingPreprocessing:)`).
    static func folding(mean: [Float]?, scale: [Float]?, into layer: DenseStack.Layer) -> DenseStack.Layer {
        let rows = layer.inputSize
        let columns = layer.outputSize
        var weight = layer.weight
        var bias = layer.bias.map(Double.init)
        for row in 0..<rows {
            let inverseScale = 1 / Double(scale?[row] ?? 1)
            let shift = Double(mean?[row] ?? 0) * inverseScale
            for column in 0..<columns {
                let original = Double(layer.weight[row, column])
                weight[row, column] = Float(original * inverseScale)
                bias[column] -= shift * original
            }
        }
        return DenseStack.Layer(weight: weight, bias: bias.map(Float.init), activation: layer.activation)
    }
}

extension DenseStack.StackActivation {
    /// The stack form of a network activation (same formula, same parameter).
    public init(_ activation: Activation) {
        switch activation {
        case .identity: self = .identity
        case .sigmoid: self = .sigmoid
        case .tanh: self = .tanh
        case .relu: self = .relu
        case .leakyReLU(let slope): self = .leakyReLU(slope: slope)
        case .elu(let alpha): self = .elu(alpha: alpha)
        case .softplus: self = .softplus
        case .gelu: self = .gelu
        }
    }

    /// The network activation with the same formula.
    public var activation: Activation {
        switch self {
        case .identity: .identity
        case .sigmoid: .sigmoid
        case .tanh: .tanh
        case .relu: .relu
        case .leakyReLU(let slope): .leakyReLU(slope: slope)
        case .elu(let alpha): .elu(alpha: alpha)
        case .softplus: .softplus
        case .gelu: .gelu
        }
    }
}

extension DenseStack.OutputLink {
    /// The stack form of a loss's output link.
    public init(_ link: Neural.OutputLink) {
        switch link {
        case .identity: self = .identity
        case .sigmoid: self = .sigmoid
        case .softmax: self = .softmax
        }
    }

    /// The output link with the same formula.
    public var link: Neural.OutputLink {
        switch self {
        case .identity: .identity
        case .sigmoid: .sigmoid
        case .softmax: .softmax
        }
    }
}
