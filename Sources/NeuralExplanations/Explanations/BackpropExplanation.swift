import Neural
/// Back-propagation through a 2-2-1 network by the chain rule, with every factor's value.
///
/// The network (the notes' notation): `h_j = Af1(Σ_i w_ij·x_i + b_j)`, `y = Af2(Σ_j w_j·h_j + b)`,
/// both activations the logistic sigmoid, and the loss `L = (y − t)²` on one sample. The weight
/// `w22` joins input x2 to hidden unit h2: it is `layers.0.weight[1, 1]` (row = input, column =
/// hidden unit, 0-based). With `z2 = Σ_i w_i2·x_i + b_2` and `z = Σ_j w_j·h_j + b`:
/// ```
/// ∂L/∂w22 = ∂L/∂y · ∂y/∂Af2 · ∂Af2/∂h2 · ∂h2/∂Af1 · ∂Af1/∂w22
///         = 2(y − t) · σ′(z) · w_2 · σ′(z2) · x2
/// ```
/// where "∂y/∂Af2" is the derivative of the output activation at its argument and "∂Af2/∂h2" the
/// derivative of that argument by h2. Each factor comes from the library (`Loss` gradient,
/// `Activation.derivative`, the network's weights and inputs); the product is compared with the
/// gradient of `Network.computeGradients` and with central finite differences (`GradientCheck`).
public struct BackpropExplanation: Codable, Equatable, Sendable {
    /// One factor of the chain rule.
    public struct Factor: Codable, Equatable, Sendable {
        public var symbol: String
        public var formula: String
        public var value: Double
    }

    public var inputs: [Double]
    public var target: Double
    /// `w_ij`, rows = inputs i, columns = hidden units j.
    public var hiddenWeights: [[Double]]
    public var hiddenBiases: [Double]
    /// `w_j`, one per hidden unit.
    public var outputWeights: [Double]
    public var outputBias: Double
    public var hiddenPreactivations: [Double]
    public var hiddenOutputs: [Double]
    public var outputPreactivation: Double
    public var output: Double
    public var loss: Double
    public var factors: [Factor]
    /// The product of the factors.
    public var chainRuleProduct: Double
    /// ∂L/∂w22 from `computeGradients`.
    public var backpropagated: Double
    /// ∂L/∂w22 by central differences.
    public var finiteDifference: Double
    public var finiteDifferenceStep: Double
    /// The parameter w22 is, in the network's flat vector.
    public var parameterName: String
    /// Every gradient from `computeGradients`, by parameter name.
    public var gradients: [String: [Double]]

    /// The default example: x = (0.5, 1), t = 1, w11 = 0.1, w12 = 0.3, w21 = 0.2, w22 = 0.4,
    /// b1 = b2 = 0.1, output weights (0.5, 0.6), output bias 0.2.
    public static func compute(inputs: [Float] = [0.5, 1], target: Float = 1,
                               hiddenWeights: [[Float]] = [[0.1, 0.3], [0.2, 0.4]], hiddenBiases: [Float] = [0.1, 0.1],
                               outputWeights: [Float] = [0.5, 0.6], outputBias: Float = 0.2) -> BackpropExplanation {
        precondition(inputs.count == 2 && hiddenWeights.count == 2 && hiddenWeights.allSatisfy { $0.count == 2 }
                     && hiddenBiases.count == 2 && outputWeights.count == 2, "BackpropExplanation is a 2-2-1 network")
        var network = Network(layers: [.dense(Dense(inputSize: 2, outputSize: 2, activation: .sigmoid)),
                                       .dense(Dense(inputSize: 2, outputSize: 1, activation: .sigmoid))], seed: 0)
        // hiddenWeights[i][j] joins input i to hidden unit j; a weight is [out, in].
        network.setParameters(ofLayer: 0, weight: Matrix(hiddenWeights).transposed, bias: hiddenBiases)
        network.setParameters(ofLayer: 1, weight: Matrix(rows: 1, columns: 2, storage: outputWeights), bias: [outputBias])
        let x = Matrix(rows: 1, columns: 2, storage: inputs)
        let t = Matrix([[target]])
        let workspace = TrainingWorkspace(for: network, batchCapacity: 1)
        var generator = SeededGenerator(seed: 0)   // no dropout: not used
        let loss = network.computeGradients(inputs: x, targets: t, loss: .meanSquaredError, workspace: workspace,
                                            generator: &generator)
        let z1 = workspace.preactivation(ofLayer: 0)
        let h = workspace.output(ofLayer: 0)
        let z = workspace.preactivation(ofLayer: 1)
        let y = workspace.output(ofLayer: 1)

        let dLdy = Loss.meanSquaredError.valueAndGradient(logits: y, targets: t).gradient[0, 0]
        let dydz = Activation.sigmoid.derivative(at: z)[0, 0]
        let dzdh2 = network.weight(ofLayer: 1)[0, 1]
        let dh2dz2 = Activation.sigmoid.derivative(at: z1)[0, 1]
        let dz2dw22 = x[0, 1]
        let factors = [
            Factor(symbol: "∂L/∂y", formula: "2(y − t)", value: decimal(dLdy)),
            Factor(symbol: "∂y/∂Af2", formula: "σ′(z) = y(1 − y)", value: decimal(dydz)),
            Factor(symbol: "∂Af2/∂h2", formula: "w2 (output weight of h2)", value: decimal(dzdh2)),
            Factor(symbol: "∂h2/∂Af1", formula: "σ′(z2) = h2(1 − h2)", value: decimal(dh2dz2)),
            Factor(symbol: "∂Af1/∂w22", formula: "x2", value: decimal(dz2dw22)),
        ]
        let product = factors.reduce(1.0) { $0 * $1.value }

        let name = "layers.0.weight"
        let check = GradientCheck(step: 1e-2)
        let result = check.run(network: network, inputs: x, targets: t, loss: .meanSquaredError)
        let numeric = result.comparisons.first { $0.parameterName == name && $0.index == 3 }?.numeric ?? .nan
        // The gradient check works in its own workspace: this one still holds the pass above.
        var gradients: [String: [Double]] = [:]
        for segment in network.parameters.layout.segments {
            gradients[segment.name] = workspace.gradients.rowMajorValues(of: segment).map(decimal)
        }
        let backpropagated = Double(gradients[name]?[3] ?? .nan)
        return BackpropExplanation(
            inputs: inputs.map(decimal), target: decimal(target), hiddenWeights: hiddenWeights.map { $0.map(decimal) },
            hiddenBiases: hiddenBiases.map(decimal), outputWeights: outputWeights.map(decimal), outputBias: decimal(outputBias),
            hiddenPreactivations: z1.storage.map(decimal), hiddenOutputs: h.storage.map(decimal),
            outputPreactivation: decimal(z[0, 0]), output: decimal(y[0, 0]), loss: loss,
            factors: factors, chainRuleProduct: product, backpropagated: backpropagated, finiteDifference: numeric,
            finiteDifferenceStep: check.step, parameterName: "\(name)[1, 1]", gradients: gradients)
    }
}
