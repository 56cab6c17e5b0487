/// Rosenblatt's perceptron: a step output trained by its own rule, not by gradient descent.
///
/// Prediction: `y = step(w·x + b)`, 1 when `w·x + b > 0`, else 0.
/// Rule, sample by sample in the given order: `w ← w + η (t − y) x`, `b ← b + η (t − y)`
/// (the bias is the weight of a constant input x₀ = 1). An epoch without a mistake means the
/// data is separated and training stops; on data that is not linearly separable (XOR) training
/// stops after `maximumEpochs` and reports that it did not converge.
public struct Perceptron: Codable, Equatable, Sendable {
    /// When a sample counts as a mistake.
    public enum MistakeRule: String, Codable, Sendable {
        /// The notes' rule: update when the step output differs from the target.
        case stepOutput
        /// scikit-learn's `Perceptron`: update when the signed margin `(2t − 1)(w·x + b) ≤ 0`, so a
        /// sample exactly on the boundary is a mistake for either class. Same updates otherwise.
        case margin
    }

    /// One update made by the rule, for explanations.
    public struct Update: Equatable, Sendable {
        public var epoch: Int
        public var sample: Int
        public var output: Int
        public var target: Int
        public var weights: [Double]
        public var bias: Double
    }

    /// Weights `w`, one per input.
    public private(set) var weights: [Double]
    /// Bias `b`.
    public private(set) var bias: Double
    /// Learning rate η (> 0).
    public var learningRate: Double
    public var mistakeRule: MistakeRule
    /// Upper bound on epochs; reached only when the data is not separable by the rule.
    public var maximumEpochs: Int

    /// Epochs run by the last `fit`.
    public private(set) var epochsRun = 0
    /// Whether the last `fit` ended with an epoch without mistakes.
    public private(set) var converged = false
    /// Mistakes made in each epoch of the last `fit`.
    public private(set) var mistakesPerEpoch: [Int] = []

    /// A perceptron with `inputSize` weights starting at `initialWeights` (default zeros) and bias.
    public init(inputSize: Int, learningRate: Double = 1, initialWeights: [Double]? = nil,
                initialBias: Double = 0, mistakeRule: MistakeRule = .stepOutput, maximumEpochs: Int = 1000) {
        precondition(inputSize > 0, "Perceptron needs at least one input, got \(inputSize)")
        precondition(learningRate > 0 && learningRate.isFinite, "Perceptron learning rate must be positive, got \(learningRate)")
        precondition(maximumEpochs > 0, "Perceptron maximumEpochs must be positive, got \(maximumEpochs)")
        if let initialWeights {
            precondition(initialWeights.count == inputSize,
                         "Perceptron has \(inputSize) inputs but \(initialWeights.count) initial weights")
        }
        self.weights = initialWeights ?? [Double](repeating: 0, count: inputSize)
        self.bias = initialBias
        self.learningRate = learningRate
        self.mistakeRule = mistakeRule
        self.maximumEpochs = maximumEpochs
    }

    /// `w·x + b` for one sample.
    public func netInput(_ x: [Double]) -> Double {
        precondition(x.count == weights.count, "Perceptron has \(weights.count) inputs, sample has \(x.count)")
        var sum = bias
        for (weight, value) in zip(weights, x) { sum += weight * value }
        return sum
    }

    /// The step output, 1 when `w·x + b > 0`, else 0.
    public func predict(_ x: [Double]) -> Int { netInput(x) > 0 ? 1 : 0 }

    /// Step outputs for every row of `inputs` (`[samples, inputSize]`).
    public func predict(_ inputs: Matrix) -> [Int] {
        (0..<inputs.rows).map { predict(inputs.row($0).map(Double.init)) }
    }

    /// Trains on `inputs` (`[samples, inputSize]`) with targets 0 or 1, in row order, until an
    /// epoch makes no mistake or `maximumEpochs` pass. Returns every update made, in order.
    @discardableResult
    public mutating func fit(_ inputs: Matrix, targets: [Int]) -> [Update] {
        precondition(inputs.columns == weights.count, "Perceptron has \(weights.count) inputs, data has \(inputs.columns) columns")
        precondition(inputs.rows == targets.count, "\(inputs.rows) samples but \(targets.count) targets")
        precondition(targets.allSatisfy { $0 == 0 || $0 == 1 }, "Perceptron targets must be 0 or 1")
        let rows = (0..<inputs.rows).map { inputs.row($0).map(Double.init) }
        var updates: [Update] = []
        mistakesPerEpoch = []
        converged = false
        epochsRun = 0
        for epoch in 1...maximumEpochs {
            var mistakes = 0
            for (index, x) in rows.enumerated() {
                let target = targets[index]
                let output = predict(x)
                guard learn(x, target: target) else { continue }
                mistakes += 1
                updates.append(Update(epoch: epoch, sample: index, output: output, target: target,
                                      weights: weights, bias: bias))
            }
            mistakesPerEpoch.append(mistakes)
            epochsRun = epoch
            if mistakes == 0 {
                converged = true
                break
            }
        }
        return updates
    }

    /// Applies the rule to one sample: when it is a mistake (see `mistakeRule`),
    /// `w ← w + η (t − y) x` and `b ← b + η (t − y)`, and returns true; otherwise changes nothing.
    @discardableResult
    public mutating func learn(_ x: [Double], target: Int) -> Bool {
        precondition(x.count == weights.count, "Perceptron has \(weights.count) inputs, sample has \(x.count)")
        precondition(target == 0 || target == 1, "Perceptron targets must be 0 or 1, got \(target)")
        let net = netInput(x)
        let output = net > 0 ? 1 : 0
        let isMistake: Bool
        switch mistakeRule {
        case .stepOutput: isMistake = output != target
        case .margin: isMistake = Double(2 * target - 1) * net <= 0
        }
        guard isMistake else { return false }
        // (t − y) is ±1 on a mistake; under the margin rule a boundary sample of the
        // positive class has y = 0, t = 1, and one of the negative class moves by −η.
        let direction = Double(target == 1 ? 1 : -1)
        for feature in weights.indices { weights[feature] += learningRate * direction * x[feature] }
        bias += learningRate * direction
        return true
    }
}
