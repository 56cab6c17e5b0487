import Neural
/// Gradient descent on one linear neuron, step by step: the lecture's worked example.
///
/// For the samples `(x_i, y_i)`, each step computes, through `Network` and `Loss`:
/// ```
/// ŷ_i = w1·x1_i + w2·x2_i + b                      predictions (forward pass)
/// e_i = ŷ_i − y_i                                   errors
/// L   = (1/n)·Σ e_i²                                mean squared error
/// ∂L/∂w_j = (2/n)·Σ e_i·x_j,i    ∂L/∂b = (2/n)·Σ e_i    (computeGradients)
/// w_new = w_old − η·∂L/∂w                           (SGD.update)
/// ```
public struct LinearNeuronExplanation: Codable, Equatable, Sendable {
    /// One sample at one step.
    public struct Sample: Codable, Equatable, Sendable {
        public var inputs: [Double]
        public var target: Double
        public var prediction: Double
        public var error: Double
        public var squaredError: Double
    }

    /// One gradient-descent step.
    public struct Step: Codable, Equatable, Sendable {
        /// 1-based.
        public var step: Int
        public var weights: [Double]
        public var bias: Double
        public var samples: [Sample]
        public var meanSquaredError: Double
        /// ∂L/∂w1, ∂L/∂w2, …
        public var weightGradients: [Double]
        public var biasGradient: Double
        public var newWeights: [Double]
        public var newBias: Double
    }

    /// η.
    public var learningRate: Double
    public var initialWeights: [Double]
    public var initialBias: Double
    /// The seed the bias was drawn with (uniform in [−1, 1)), when it was random.
    public var biasSeed: UInt64?
    public var steps: [Step]
    /// The MSE after the last step.
    public var finalMeanSquaredError: Double

    /// The bias drawn uniformly from [−1, 1) by a generator seeded with `seed`.
    public static func randomBias(seed: UInt64) -> Float {
        var generator = SeededGenerator(seed: seed)
        return Float(generator.nextUniform(in: -1..<1))
    }

    /// Runs `steps` full-batch steps at `learningRate` from `initialWeights` and `bias`.
    public static func compute(bias: Float, biasSeed: UInt64? = nil, learningRate: Double = 0.01, steps: Int = 1,
                               inputs: Matrix = LectureExample.inputs, targets: [Float] = LectureExample.targets,
                               initialWeights: [Float] = LectureExample.initialWeights) -> LinearNeuronExplanation {
        precondition(steps >= 1, "LinearNeuronExplanation: steps must be at least 1, got \(steps)")
        precondition(learningRate > 0 && learningRate.isFinite, "LinearNeuronExplanation: η must be positive, got \(learningRate)")
        precondition(inputs.rows == targets.count && inputs.columns == initialWeights.count,
                     "LinearNeuronExplanation: \(inputs.rows)×\(inputs.columns) inputs, \(targets.count) targets, \(initialWeights.count) weights")
        var network = LectureExample.neuron(weights: initialWeights, bias: bias)
        let targetMatrix = Matrix(rows: targets.count, columns: 1, storage: targets)
        let workspace = TrainingWorkspace(for: network, batchCapacity: inputs.rows)
        let optimizer = SGD()
        var optimizerState = optimizer.makeState(for: network.parameters)
        var records: [Step] = []
        for number in 1...steps {
            let weights = network.weight(ofLayer: 0).storage
            let currentBias = network.bias(ofLayer: 0).storage[0]
            var generator = SeededGenerator(seed: 0)   // no dropout: not used
            let loss = network.computeGradients(inputs: inputs, targets: targetMatrix, loss: .meanSquaredError,
                                                workspace: workspace, generator: &generator)
            let predictions = workspace.output(ofLayer: 0)
            let samples = (0..<inputs.rows).map { row -> Sample in
                let prediction = predictions[row, 0]
                // Each sample's squared error is the MSE of that sample alone.
                let squared = Loss.meanSquaredError.value(logits: Matrix([[prediction]]), targets: Matrix([[targets[row]]]))
                return Sample(inputs: inputs.row(row).map(decimal), target: decimal(targets[row]),
                              prediction: decimal(prediction), error: decimal(prediction - targets[row]),
                              squaredError: squared)
            }
            let gradients = workspace.gradients.values
            optimizer.update(&network.parameters, along: workspace.gradients, learningRate: learningRate,
                             state: &optimizerState)
            records.append(Step(step: number, weights: weights.map(decimal), bias: decimal(currentBias),
                                samples: samples, meanSquaredError: loss,
                                weightGradients: gradients.dropLast().map(decimal),
                                biasGradient: decimal(gradients[gradients.count - 1]),
                                newWeights: network.weight(ofLayer: 0).storage.map(decimal),
                                newBias: decimal(network.bias(ofLayer: 0).storage[0])))
        }
        let finalLoss = network.evaluateLoss(inputs: inputs, targets: targetMatrix, loss: .meanSquaredError)
        return LinearNeuronExplanation(learningRate: decimal(Float(learningRate)), initialWeights: initialWeights.map(decimal),
                                       initialBias: decimal(bias), biasSeed: biasSeed, steps: records,
                                       finalMeanSquaredError: finalLoss)
    }
}
