import ArgumentParser
import Foundation
import Neural
import NeuralExplanations

/// `--bias` of the topics that start from a bias: a number, or `random` (drawn with `--seed`).
struct ExplainBiasOptions: ParsableArguments {
    // `.unconditional`, so that `--bias -1` reads -1 as the value, not as an option.
    @Option(parsing: .unconditional, help: "The starting bias b, a number or 'random' (uniform in [-1, 1), see --seed).")
    var bias: String = "0"

    @OptionGroup var seedOption: SeedOption

    /// `--bias` as a number, or a random draw with `--seed` (and that seed).
    func startingBias() throws -> (Float, UInt64?) {
        if bias.lowercased() == "random" {
            return (LinearNeuronExplanation.randomBias(seed: seedOption.seed), seedOption.seed)
        }
        guard let value = Double(bias), value.isFinite else {
            throw CommandError.badInput("--bias must be a number or 'random', got '\(bias)'")
        }
        guard Float(value).isFinite else {
            throw CommandError.badInput("--bias \(bias) is beyond the largest 32-bit float (\(Float.greatestFiniteMagnitude)) the explanation computes with")
        }
        return (Float(value), nil)
    }
}

/// `neural explain linear-neuron`.
struct ExplainLinearNeuron: ExplainTopicCommand {
    static let topic = ExplainTopic.linearNeuron
    static let configuration = topicConfiguration

    @OptionGroup var biasOptions: ExplainBiasOptions

    @Option(help: "Gradient-descent steps (default 1).")
    var steps: Int?

    @Option(help: "η (default 0.01).")
    var learningRate: Double?

    @OptionGroup var jsonOption: JSONOption

    func validate() throws {
        try ExplainLimits.count(steps, flag: "--steps")
        try ExplainLimits.learningRate(learningRate)
    }

    func run() throws {
        let (initialBias, biasSeed) = try biasOptions.startingBias()
        let explanation = LinearNeuronExplanation.compute(
            bias: initialBias, biasSeed: biasSeed, learningRate: learningRate ?? 0.01, steps: steps ?? 1)
        try emit(explanation, text: LinearNeuronText.render)
    }
}

/// `neural explain perceptron`.
struct ExplainPerceptron: ExplainTopicCommand {
    static let topic = ExplainTopic.perceptron
    static let configuration = topicConfiguration

    @OptionGroup var biasOptions: ExplainBiasOptions

    @Option(help: "η (default 0.5).")
    var learningRate: Double?

    @Option(help: "The most epochs (default 50).")
    var epochs: Int?

    @Option(help: "A CSV file of numeric features and a two-class target instead of the lecture's table.")
    var data: String?

    @Option(help: "The target column of --data.")
    var target: String?

    @OptionGroup var jsonOption: JSONOption

    func validate() throws {
        try ExplainLimits.count(epochs, flag: "--epochs")
        try ExplainLimits.learningRate(learningRate)
    }

    func run() throws {
        let (initialBias, _) = try biasOptions.startingBias()
        let rate = learningRate ?? 0.5
        let maximumEpochs = epochs ?? 50
        let explanation: PerceptronExplanation
        if let data {
            guard let target else { throw CommandError.badInput("--data needs --target COLUMN (the two-class column)") }
            let set = try PerceptronData.read(path: data, target: target)
            explanation = PerceptronExplanation.compute(inputs: set.inputs, targets: set.targets, featureNames: set.featureNames,
                                                        learningRate: rate, initialBias: Double(initialBias),
                                                        maximumEpochs: maximumEpochs)
        } else {
            if target != nil { throw CommandError.badInput("--target needs --data FILE") }
            explanation = PerceptronExplanation.lectureTable(learningRate: rate, bias: Double(initialBias), maximumEpochs: maximumEpochs)
        }
        try emit(explanation, text: PerceptronText.render)
    }
}

/// `neural explain losses`.
struct ExplainLosses: ExplainTopicCommand {
    static let topic = ExplainTopic.losses
    static let configuration = topicConfiguration

    @Option(help: "The penalty coefficient α.")
    var alpha: Double = 0.1

    @Option(help: "The label smoothing ε that turns class labels into probabilities.")
    var smoothing: Double = 0.1

    @OptionGroup var jsonOption: JSONOption

    func validate() throws {
        try NumericFlag.float(alpha, flag: "--alpha", in: .nonNegative)
        try NumericFlag.float(smoothing, flag: "--smoothing", in: .openFraction)
    }

    func run() throws {
        try emit(LossesExplanation.compute(smoothing: smoothing, alpha: alpha), text: LossesText.render)
    }
}

/// `neural explain backprop`.
struct ExplainBackprop: ExplainTopicCommand {
    static let topic = ExplainTopic.backprop
    static let configuration = topicConfiguration

    @OptionGroup var jsonOption: JSONOption

    func run() throws {
        try emit(BackpropExplanation.compute(), text: BackpropText.render)
    }
}

/// `neural explain softmax`.
struct ExplainSoftmax: ExplainTopicCommand {
    static let topic = ExplainTopic.softmax
    static let configuration = topicConfiguration

    @OptionGroup var jsonOption: JSONOption

    func run() throws {
        try emit(SoftmaxExplanation.compute(), text: SoftmaxText.render)
    }
}

/// `neural explain learning-rate`.
struct ExplainLearningRate: ExplainTopicCommand {
    static let topic = ExplainTopic.learningRate
    static let configuration = topicConfiguration

    @Option(help: "The initial η (default 0.075).")
    var learningRate: Double?

    @Option(help: "Epochs (default 12).")
    var epochs: Int?

    @OptionGroup var jsonOption: JSONOption

    func validate() throws {
        try ExplainLimits.count(epochs, flag: "--epochs")
        try ExplainLimits.learningRate(learningRate)
    }

    func run() throws {
        try emit(LearningRateExplanation.compute(initialRate: learningRate ?? 0.075, epochs: epochs ?? 12),
                 text: LearningRateText.render)
    }
}

/// `neural explain adam`.
struct ExplainAdam: ExplainTopicCommand {
    static let topic = ExplainTopic.adam
    static let configuration = topicConfiguration

    @Option(help: "η (default 0.1).")
    var learningRate: Double?

    @Option(help: "Iterations (default 3).")
    var steps: Int?

    @OptionGroup var jsonOption: JSONOption

    func validate() throws {
        try ExplainLimits.count(steps, flag: "--steps")
        try ExplainLimits.learningRate(learningRate)
    }

    func run() throws {
        try emit(AdamExplanation.compute(learningRate: learningRate ?? 0.1, iterations: steps ?? 3), text: AdamText.render)
    }
}
