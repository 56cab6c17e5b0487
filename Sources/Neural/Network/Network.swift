/// A feed-forward network: a list of layers and all their parameters in one flat vector.
///
/// For an input batch `X` (`[batch, inputSize]`), each dense layer `i` computes
/// `A_i = f_i(A_{i−1}·W_iᵀ + b_i)` with `W_i` `[outputSize_i, inputSize_i]` and `b_i` `[outputSize_i]`,
/// as PyTorch's `nn.Linear` does;
/// dropout layers scale and mask in training and pass values through at inference. The last
/// layer's output is the logits `[batch, outputSize]`; a `Loss` (and its `OutputLink`) turns them
/// into a loss or predictions.
///
/// `parameters` holds `layers.<i>.weight` (`[outputSize, inputSize]`, PyTorch's layout) and
/// `layers.<i>.bias` (`[outputSize]`) for every dense layer `i` (its index in `layers`, where
/// dropout layers count too), in layer order. Read and write them by name
/// (`parameters["layers.0.weight"]`, `weight(ofLayer:)`, `setParameters(ofLayer:weight:bias:)`),
/// which give and take that shape. In the flat `parameters.values` a weight is stored
/// column-major (`ParameterStorageOrder.columnMajor`: the `[inputSize, outputSize]` rows that the
/// forward pass's GEMM reads in place); an optimizer or a penalty, which treat every scalar
/// alike, never see the difference.
/// Gradients and optimizer state are `ParameterVector`s with the same layout. Replace the values
/// of `parameters` freely, but keep its layout.
///
/// A training step by hand (a `Trainer` does this with an optimizer and shuffled batches):
///
///     var network = Network(inputSize: 4, hiddenLayers: [8], outputSize: 3, activation: .relu, seed: 42)
///     let workspace = TrainingWorkspace(for: network, batchCapacity: 32)
///     let loss = Loss.categoricalCrossEntropy               // targets: class indices [batch, 1]
///     var generator = SeededGenerator(seed: 7)              // dropout masks (none here: unused)
///     let value = network.computeGradients(inputs: x, targets: y, loss: loss,
///                                          workspace: workspace, generator: &generator)
///     for i in network.parameters.values.indices {          // gradient descent, θ ← θ − η·∂L/∂θ
///         network.parameters.values[i] -= 0.1 * workspace.gradients.values[i]
///     }
///     let probabilities = network.predict(x, link: loss.link)   // softmax of the logits
///
/// Names count every layer, dropout included, as PyTorch's `nn.Sequential` does: a network
/// `Dense, Dropout, Dense` has `layers.0.weight` and `layers.2.weight`, the names the same
/// `nn.Sequential(nn.Linear, nn.Dropout, nn.Linear)` gives its `state_dict`. `weight(ofLayer:)`
/// and `setParameters(ofLayer:weight:bias:)` take that index too. Read one tensor by name with
/// `parameters["layers.0.weight"]` (gradients: `workspace.gradients["layers.0.weight"]`).
public struct Network: Sendable {
    /// The layers in order.
    public let layers: [Layer]
    /// Every weight and bias, in one flat vector.
    public var parameters: ParameterVector
    /// Number of input features.
    public let inputSize: Int
    /// Number of outputs (logits) of the last layer.
    public let outputSize: Int
    /// Sizes and parameter offsets of each layer, precomputed for the hot loops.
    let plans: [LayerPlan]
    /// The number of scalars the layers need, `parameters.values.count` as long as it is valid.
    public let parameterCount: Int
    /// Index of the first dense layer (no delta is needed before it).
    let firstDenseIndex: Int
    /// The widest layer output, which sizes the inference buffers.
    let widestOutput: Int

    /// A network whose weights are drawn from `generator` by each dense layer's initialiser
    /// (biases start at 0, or are drawn after the layer's weights for the initialisers with a
    /// `biasLimit`), layer by layer, in storage order (input by input, each input's
    /// `outputSize` weights in turn: the column-major order of the `[out, in]` weight). The layer list must be valid
    /// (see `NetworkError`); an invalid list is a programmer error.
    public init(layers: [Layer], generator: inout SeededGenerator) {
        let plans: [LayerPlan]
        do {
            plans = try LayerPlan.plans(for: layers)
        } catch {
            preconditionFailure("Invalid layer list: \(error)")
        }
        var parameters = ParameterVector(layout: Self.parameterLayout(for: layers))
        for (plan, layer) in zip(plans, layers) {
            guard let dense = layer.dense else { continue }
            let range = plan.weightOffset..<(plan.weightOffset + dense.inputSize * dense.outputSize)
            dense.initializer.fill(&parameters.values[range], fanIn: dense.inputSize,
                                   fanOut: dense.outputSize, using: &generator)
            if dense.initializer.biasLimit(fanIn: dense.inputSize, fanOut: dense.outputSize) != nil {
                let biasRange = plan.biasOffset..<(plan.biasOffset + dense.outputSize)
                dense.initializer.fillBiases(&parameters.values[biasRange], fanIn: dense.inputSize,
                                             fanOut: dense.outputSize, using: &generator)
            }
        }
        self.init(layers: layers, plans: plans, parameters: parameters)
    }

    /// A network initialised from a generator seeded with `seed`.
    public init(layers: [Layer], seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        self.init(layers: layers, generator: &generator)
    }

    /// A network over existing parameters (e.g. read from a model file), checking that the
    /// layers fit together and that the parameter layout is the one they need.
    public init(layers: [Layer], parameters: ParameterVector) throws(NetworkError) {
        let plans = try LayerPlan.plans(for: layers)
        let expected = Self.parameterLayout(for: layers)
        guard parameters.layout == expected else {
            func summary(_ layout: ParameterLayout) -> String {
                layout.segments.map { "\($0.name)\($0.shape)\($0.isStoredTransposed ? " column-major" : "")" }
                    .joined(separator: ", ")
            }
            throw .parameterLayoutMismatch(expected: summary(expected), found: summary(parameters.layout))
        }
        self.init(layers: layers, plans: plans, parameters: parameters)
    }

    private init(layers: [Layer], plans: [LayerPlan], parameters: ParameterVector) {
        self.layers = layers
        self.plans = plans
        self.parameters = parameters
        self.inputSize = plans[0].inputWidth
        self.outputSize = plans[plans.count - 1].outputWidth
        self.parameterCount = parameters.layout.count
        self.firstDenseIndex = plans.firstIndex { $0.isDense } ?? 0
        self.widestOutput = plans.map(\.outputWidth).max() ?? 0
    }

    /// A multi-layer perceptron `inputSize → hiddenLayers… → outputSize`.
    ///
    /// Every hidden layer is dense with `activation`, followed by `Dropout(rate: dropout)` when
    /// `dropout > 0`; the output layer is dense with `outputActivation` (identity by default: it
    /// produces logits for the loss). For example `Network(inputSize: 4, hiddenLayers: [8, 8],
    /// outputSize: 3, activation: .relu, seed: 42)` is 4-8-8-3 with ReLU hidden units.
    public init(inputSize: Int, hiddenLayers: [Int], outputSize: Int,
                activation: Activation = .relu, outputActivation: Activation = .identity,
                dropout: Float = 0, seed: UInt64) {
        var layers: [Layer] = []
        var width = inputSize
        for units in hiddenLayers {
            layers.append(.dense(Dense(inputSize: width, outputSize: units, activation: activation)))
            if dropout > 0 { layers.append(.dropout(Dropout(rate: dropout))) }
            width = units
        }
        layers.append(.dense(Dense(inputSize: width, outputSize: outputSize, activation: outputActivation)))
        self.init(layers: layers, seed: seed)
    }

    /// Checks that `layers` describe a valid network (at least one dense layer, positive sizes,
    /// each dense input size equal to the width before it, dropout rates in [0, 1)), e.g. before
    /// building a network from a user's architecture with `init(layers:generator:)`.
    public static func validate(layers: [Layer]) throws(NetworkError) {
        _ = try LayerPlan.plans(for: layers)
    }

    /// The parameter layout of a layer list: `layers.<i>.weight` `[outputSize, inputSize]`
    /// (stored column-major) then `layers.<i>.bias` `[outputSize]` for each dense layer `i`.
    public static func parameterLayout(for layers: [Layer]) -> ParameterLayout {
        var layout = ParameterLayout()
        for (index, layer) in layers.enumerated() {
            guard let dense = layer.dense else { continue }
            layout.append(name: "layers.\(index).weight", shape: [dense.outputSize, dense.inputSize], kind: .weight,
                          storageOrder: .columnMajor)
            layout.append(name: "layers.\(index).bias", shape: [dense.outputSize], kind: .bias)
        }
        return layout
    }

    /// Whether any layer behaves differently in training (dropout with a positive rate).
    public var hasDropout: Bool { plans.contains { $0.dropoutRate > 0 } }

    /// The weight of dense layer `index` as an `[outputSize, inputSize]` matrix (a copy), as
    /// PyTorch's `nn.Linear.weight`.
    public func weight(ofLayer index: Int) -> Matrix {
        guard let segment = parameters.layout.segment(named: "layers.\(index).weight") else {
            preconditionFailure("Layer \(index) has no weight (layers: \(layers.count))")
        }
        return parameters.matrix(for: segment)
    }

    /// The bias of dense layer `index` as a `[1, outputSize]` matrix (a copy).
    public func bias(ofLayer index: Int) -> Matrix {
        guard let segment = parameters.layout.segment(named: "layers.\(index).bias") else {
            preconditionFailure("Layer \(index) has no bias (layers: \(layers.count))")
        }
        return parameters.matrix(for: segment)
    }

    /// Overwrites the weight (`[outputSize, inputSize]`, as PyTorch's `nn.Linear.weight`) and
    /// the bias (`[outputSize]`) of dense layer `index`. A weight of another shape, even the
    /// transposed one, is a programmer error.
    public mutating func setParameters(ofLayer index: Int, weight: Matrix, bias: [Float]) {
        guard let weightSegment = parameters.layout.segment(named: "layers.\(index).weight"),
              let biasSegment = parameters.layout.segment(named: "layers.\(index).bias")
        else { preconditionFailure("Layer \(index) is not a dense layer") }
        precondition(weight.rows == weightSegment.shape[0] && weight.columns == weightSegment.shape[1],
                     "Layer \(index): weight must be \(weightSegment.shape) ([out, in]), got \(weight.rows)×\(weight.columns)")
        precondition(bias.count == biasSegment.count,
                     "Layer \(index): bias must have \(biasSegment.count) values, got \(bias.count)")
        parameters.setMatrix(weight, for: weightSegment)
        parameters.setMatrix(Matrix(rows: 1, columns: bias.count, storage: bias), for: biasSegment)
    }
}

extension Network: Codable {
    private enum CodingKeys: String, CodingKey { case layers, parameters }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let layers = try container.decode([Layer].self, forKey: .layers)
        var parameters = try container.decode(ParameterVector.self, forKey: .parameters)
        // Encoded before weights were [out, in]: the same values under the [in, out] row-major
        // layout, which is exactly the column-major storage of [out, in].
        let expected = Self.parameterLayout(for: layers)
        if parameters.layout != expected, parameters.layout == expected.storageLayout {
            parameters = ParameterVector(layout: expected, values: parameters.values)
        }
        do {
            try self.init(layers: layers, parameters: parameters)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .layers, in: container,
                                                   debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(layers, forKey: .layers)
        try container.encode(parameters, forKey: .parameters)
    }
}
