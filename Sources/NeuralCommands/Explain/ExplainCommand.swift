import ArgumentParser
import Foundation
import Neural
import NeuralExplanations

/// `neural explain TOPIC`: a worked example of the lecture, every step with its formula and
/// numbers, all computed by the library's own code (plain text, or `--json`). Each topic is a
/// subcommand with only its own flags; `neural explain` alone lists the topics.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show a lecture topic step by step with real numbers (run without a topic for the list).",
        discussion: "Topics: " + ExplainTopic.allCases.map(\.rawValue).joined(separator: ", ")
            + ". Run 'neural explain' for a line about each, 'neural explain TOPIC --help' for its flags.",
        subcommands: [ExplainLinearNeuron.self, ExplainPerceptron.self, ExplainLosses.self, ExplainBackprop.self,
                      ExplainSoftmax.self, ExplainLearningRate.self, ExplainAdam.self]
    )

    @OptionGroup var jsonOption: JSONOption

    func run() throws {
        let console = Console.current
        if jsonOption.json {
            let topics = ExplainTopic.allCases.map { ["name": $0.rawValue, "summary": $0.summary] }
            let data = try JSONSerialization.data(withJSONObject: ["topics": topics], options: [.prettyPrinted, .sortedKeys])
            console.print(String(decoding: data, as: UTF8.self))
            return
        }
        console.print("neural explain TOPIC — the lecture, step by step, with real numbers.\n\nTopics:")
        console.print(ExplainTopic.listing)
    }
}

extension ExplainCommand {
    /// The refusal of `neural explain WORD` when WORD names no topic (the topics are
    /// subcommands, so argument-parser alone would only say "unexpected argument").
    static func unknownTopicError(in arguments: [String]) -> CommandError? {
        guard arguments.first == "explain",
              let word = arguments.dropFirst().first(where: { !$0.hasPrefix("-") }),
              ExplainTopic(rawValue: word) == nil else { return nil }
        return CommandError.badInput("unknown topic '\(word)'. The topics are:\n" + ExplainTopic.listing)
    }
}

/// What every topic's subcommand shares: `--json`, and printing its explanation as text or as
/// JSON `{"topic": …, "explanation": …}`.
protocol ExplainTopicCommand: ParsableCommand {
    static var topic: ExplainTopic { get }
    var jsonOption: JSONOption { get }
}

extension ExplainTopicCommand {
    /// The subcommand's configuration: the topic's name and summary.
    static var topicConfiguration: CommandConfiguration {
        CommandConfiguration(commandName: topic.rawValue, abstract: topic.summary)
    }

    /// Prints `explanation` as text, or as JSON.
    func emit<Explanation: Encodable>(_ explanation: Explanation, text: (Explanation) -> String) throws {
        let console = Console.current
        guard jsonOption.json else {
            console.print(text(explanation))
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = try encoder.encode(ExplainOutput(topic: Self.topic.rawValue, explanation: explanation))
        console.print(String(decoding: data, as: UTF8.self))
    }
}

/// The JSON document of `neural explain TOPIC --json`.
private struct ExplainOutput<Explanation: Encodable>: Encodable {
    var topic: String
    var explanation: Explanation
}

/// Range checks of the topics' numeric flags, before any computation.
enum ExplainLimits {
    static func count(_ value: Int?, flag: String) throws {
        if let value { try NumericFlag.integer(value, flag: flag, in: 1...10_000) }
    }

    static func learningRate(_ value: Double?) throws {
        if let value { try NumericFlag.float(value, flag: "--learning-rate", in: .positive) }
    }
}
