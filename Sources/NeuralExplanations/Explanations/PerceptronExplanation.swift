import Neural
/// The perceptron rule sample by sample: every visit's net input, step output and update,
/// produced by `Perceptron.learn`.
///
/// ```
/// y = step(w·x + b)   (1 when w·x + b > 0, else 0)
/// w ← w + η (t − y) x,   b ← b + η (t − y)      (changes only on a mistake)
/// ```
/// Epochs repeat until one makes no mistake, or `maximumEpochs` pass (not separable).
public struct PerceptronExplanation: Codable, Equatable, Sendable {
    /// One sample seen once.
    public struct Visit: Codable, Equatable, Sendable {
        public var epoch: Int
        /// 1-based row of the data.
        public var sample: Int
        public var inputs: [Double]
        public var target: Int
        /// w·x + b before the update.
        public var netInput: Double
        /// step(w·x + b).
        public var output: Int
        public var mistake: Bool
        /// w and b after this visit.
        public var weights: [Double]
        public var bias: Double
    }

    public var featureNames: [String]
    public var learningRate: Double
    public var initialWeights: [Double]
    public var initialBias: Double
    public var visits: [Visit]
    public var mistakesPerEpoch: [Int]
    public var converged: Bool
    public var finalWeights: [Double]
    public var finalBias: Double

    /// Trains a perceptron on `inputs` (`[n, d]`) and 0/1 `targets` in row order.
    public static func compute(inputs: Matrix, targets: [Int], featureNames: [String], learningRate: Double = 1,
                               initialWeights: [Double]? = nil, initialBias: Double = 0,
                               maximumEpochs: Int = 20) -> PerceptronExplanation {
        precondition(inputs.rows == targets.count, "PerceptronExplanation: \(inputs.rows) rows, \(targets.count) targets")
        precondition(featureNames.count == inputs.columns, "PerceptronExplanation: \(featureNames.count) names for \(inputs.columns) features")
        var perceptron = Perceptron(inputSize: inputs.columns, learningRate: learningRate, initialWeights: initialWeights,
                                    initialBias: initialBias, maximumEpochs: maximumEpochs)
        let start = perceptron.weights
        let rows = (0..<inputs.rows).map { inputs.row($0).map(Double.init) }
        var visits: [Visit] = []
        var mistakesPerEpoch: [Int] = []
        var converged = false
        for epoch in 1...maximumEpochs {
            var mistakes = 0
            for (index, x) in rows.enumerated() {
                let net = perceptron.netInput(x)
                let output = perceptron.predict(x)
                let mistake = perceptron.learn(x, target: targets[index])
                if mistake { mistakes += 1 }
                visits.append(Visit(epoch: epoch, sample: index + 1, inputs: x, target: targets[index], netInput: net,
                                    output: output, mistake: mistake, weights: perceptron.weights, bias: perceptron.bias))
            }
            mistakesPerEpoch.append(mistakes)
            if mistakes == 0 {
                converged = true
                break
            }
        }
        return PerceptronExplanation(featureNames: featureNames, learningRate: learningRate, initialWeights: start,
                                     initialBias: initialBias, visits: visits, mistakesPerEpoch: mistakesPerEpoch,
                                     converged: converged, finalWeights: perceptron.weights, finalBias: perceptron.bias)
    }

    /// The notes' table made binary (class 1 when y ≥ 5), from w1 = 1, w2 = 2 and `bias`.
    public static func lectureTable(learningRate: Double = 1, bias: Double = 0, maximumEpochs: Int = 20) -> PerceptronExplanation {
        compute(inputs: LectureExample.inputs, targets: LectureExample.binaryTargets, featureNames: ["x1", "x2"],
                learningRate: learningRate, initialWeights: LectureExample.initialWeights.map(Double.init),
                initialBias: bias, maximumEpochs: maximumEpochs)
    }
}
