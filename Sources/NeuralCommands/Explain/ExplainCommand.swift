import ArgumentParser
import Foundation
import Neural

/// `neural explain TOPIC`: a worked example of the lecture, every step with its formula and
/// numbers, all computed by the library's own code (plain text, or `--json`).
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show a lecture topic step by step with real numbers (run without a topic for the list).",
        discussion: "Topics: " + ExplainTopic.allCases.map(\.rawValue).joined(separator: ", ")
            + ". Run 'neural explain' for a line about each."
    )

    @Argument(help: "The topic; leave it out to list the topics.")
    var topic: String?

    @Flag(help: "Print the numbers as JSON instead of text.")
    var json = false

    // `.unconditional`, so that `--bias -1` reads -1 as the value, not as an option.
    @Option(parsing: .unconditional,
            help: "linear-neuron, perceptron: the starting bias b, a number or 'random' (uniform in [-1, 1), see --seed).")
    var bias: String = "0"

    @Option(help: "The seed of a random bias.")
    var seed: UInt64 = 0

    @Option(help: "linear-neuron: gradient-descent steps (default 1); adam: iterations (default 3).")
    var steps: Int?

    @Option(name: .customLong("learning-rate"),
            help: "η (defaults: linear-neuron 0.01, perceptron 0.5, learning-rate 0.075, adam 0.1).")
    var learningRate: Double?

    @Option(help: "perceptron: the most epochs (default 50); learning-rate: epochs (default 12).")
    var epochs: Int?

    @Option(help: "perceptron: a CSV file of numeric features and a two-class target instead of the lecture's table.")
    var data: String?

    @Option(help: "perceptron: the target column of --data.")
    var target: String?

    @Option(help: "losses: the penalty coefficient α.")
    var alpha: Double = 0.1

    @Option(help: "losses: the label smoothing ε that turns class labels into probabilities.")
    var smoothing: Double = 0.1

    func run() throws {
        let console = Console.current
        guard let topic else {
            if json {
                let topics = ExplainTopic.allCases.map { ["name": $0.rawValue, "summary": $0.summary] }
                let data = try JSONSerialization.data(withJSONObject: ["topics": topics], options: [.prettyPrinted, .sortedKeys])
                console.print(String(decoding: data, as: UTF8.self))
                return
            }
            console.print("neural explain TOPIC — the lecture, step by step, with real numbers.\n\nTopics:")
            console.print(ExplainTopic.listing)
            return
        }
        guard let chosen = ExplainTopic(rawValue: topic) else {
            throw CommandError.badInput("unknown topic '\(topic)'. The topics are:\n" + ExplainTopic.listing)
        }
        try checkOptions()
        switch chosen {
        case .linearNeuron:
            let (initialBias, biasSeed) = try startingBias()
            let explanation = LinearNeuronExplanation.compute(
                bias: initialBias, biasSeed: biasSeed, learningRate: Float(learningRate ?? 0.01), steps: steps ?? 1)
            try emit(chosen, explanation, text: LinearNeuronText.render)
        case .perceptron:
            let explanation = try perceptronExplanation()
            try emit(chosen, explanation, text: PerceptronText.render)
        case .losses:
            let explanation = LossesExplanation.compute(smoothing: smoothing, alpha: Float(alpha))
            try emit(chosen, explanation, text: LossesText.render)
        case .backprop:
            try emit(chosen, BackpropExplanation.compute(), text: BackpropText.render)
        case .softmax:
            try emit(chosen, SoftmaxExplanation.compute(), text: SoftmaxText.render)
        case .learningRate:
            let explanation = LearningRateExplanation.compute(initialRate: learningRate ?? 0.075, epochs: epochs ?? 12)
            try emit(chosen, explanation, text: LearningRateText.render)
        case .adam:
            let explanation = AdamExplanation.compute(learningRate: Float(learningRate ?? 0.1), iterations: steps ?? 3)
            try emit(chosen, explanation, text: AdamText.render)
        }
    }

    /// Ranges of the numeric options, checked before any computation.
    private func checkOptions() throws {
        if let steps, !(1...10_000).contains(steps) {
            throw CommandError.badInput("--steps must be between 1 and 10000, got \(steps)")
        }
        if let epochs, !(1...10_000).contains(epochs) {
            throw CommandError.badInput("--epochs must be between 1 and 10000, got \(epochs)")
        }
        if let learningRate, !(learningRate > 0 && learningRate.isFinite) {
            throw CommandError.badInput("--learning-rate must be a positive number, got \(learningRate)")
        }
        guard alpha >= 0, alpha.isFinite else { throw CommandError.badInput("--alpha must be a non-negative number, got \(alpha)") }
        guard smoothing > 0, smoothing < 1 else {
            throw CommandError.badInput("--smoothing must be between 0 and 1 (exclusive), got \(smoothing)")
        }
    }

    /// `--bias` as a number, or a random draw with `--seed` (and that seed).
    private func startingBias() throws -> (Float, UInt64?) {
        if bias.lowercased() == "random" { return (LinearNeuronExplanation.randomBias(seed: seed), seed) }
        guard let value = Float(bias), value.isFinite else {
            throw CommandError.badInput("--bias must be a number or 'random', got '\(bias)'")
        }
        return (value, nil)
    }

    private func perceptronExplanation() throws -> PerceptronExplanation {
        let (initialBias, _) = try startingBias()
        let rate = learningRate ?? 0.5
        let maximumEpochs = epochs ?? 50
        guard let data else {
            if target != nil { throw CommandError.badInput("--target needs --data FILE") }
            return PerceptronExplanation.lectureTable(learningRate: rate, bias: Double(initialBias), maximumEpochs: maximumEpochs)
        }
        guard let target else { throw CommandError.badInput("--data needs --target COLUMN (the two-class column)") }
        let set = try PerceptronData.read(path: data, target: target)
        return PerceptronExplanation.compute(inputs: set.inputs, targets: set.targets, featureNames: set.featureNames,
                                             learningRate: rate, initialBias: Double(initialBias),
                                             maximumEpochs: maximumEpochs)
    }

    /// Prints `explanation` as text, or as JSON `{"topic": …, "explanation": …}`.
    private func emit<Explanation: Encodable>(_ topic: ExplainTopic, _ explanation: Explanation,
                                              text: (Explanation) -> String) throws {
        let console = Console.current
        guard json else {
            console.print(text(explanation))
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let output = ExplainOutput(topic: topic.rawValue, explanation: explanation)
        let data = try encoder.encode(output)
        console.print(String(decoding: data, as: UTF8.self))
    }
}

/// The JSON document of `neural explain --json`.
private struct ExplainOutput<Explanation: Encodable>: Encodable {
    var topic: String
    var explanation: Explanation
}
