import Foundation
import Testing
@testable import NeuralCommands

@Suite struct ExplainCommandTests {
    /// Runs `neural` with `arguments` in process; returns the exit code, standard output and error.
    static func run(_ arguments: [String]) -> (code: Int32, output: String, error: String) {
        let capture = CapturedConsole()
        let code = Console.$current.withValue(capture.console) { NeuralCommand.run(arguments: arguments) }
        return (code, capture.output, capture.error)
    }

    static let topics = ["linear-neuron", "perceptron", "losses", "backprop", "softmax", "learning-rate", "adam"]

    @Test func bareExplainListsTheTopics() {
        let result = Self.run(["explain"])
        #expect(result.code == 0)
        for topic in Self.topics { #expect(result.output.contains(topic)) }
    }

    @Test func bareExplainWithJSONListsTheTopicsAsJSON() throws {
        let result = Self.run(["explain", "--json"])
        #expect(result.code == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        let topics = (object?["topics"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(topics == Self.topics)
    }

    @Test func unknownTopicIsBadInputWithTheList() {
        let result = Self.run(["explain", "gradient-boosting"])
        #expect(result.code == 2)
        #expect(result.error.contains("unknown topic 'gradient-boosting'"))
        for topic in Self.topics { #expect(result.error.contains(topic)) }
    }

    @Test(arguments: topics)
    func everyTopicPrintsTextAndParsableJSON(topic: String) throws {
        let text = Self.run(["explain", topic])
        #expect(text.code == 0, "\(text.error)")
        #expect(!text.output.isEmpty)
        let json = Self.run(["explain", topic, "--json"])
        #expect(json.code == 0, "\(json.error)")
        let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        #expect(object?["topic"] as? String == topic)
        #expect(object?["explanation"] is [String: Any])
    }

    /// The lecture's step as a student reads it (hand-computed in LinearNeuronExplanationTests).
    @Test func linearNeuronShowsTheArithmetic() {
        let output = Self.run(["explain", "linear-neuron"]).output
        #expect(output.contains("1·2 + 2·3 + 0 = 8"))
        #expect(output.contains("MSE = (16 + 49 + 1 + 0) / 4 = 16.5"))
        #expect(output.contains("∂L/∂w1 = (2/4)·Σ (ŷ − y)·x1 = (2/4)·(4·2 + 7·3 + (-1)·1 + 0·3) = 14"))
        #expect(output.contains("w1 = 1 − 0.01 × 14 = 0.86"))
        #expect(output.contains("w2 = 2 − 0.01 × 23.5 = 1.765"))
        #expect(output.contains("b  = 0 − 0.01 × 5 = -0.05"))
    }

    @Test func linearNeuronOptions() throws {
        // --bias -1: predictions 7, 12, 0, 4 and MSE (9 + 36 + 4 + 1)/4 = 12.5.
        let negative = Self.run(["explain", "linear-neuron", "--bias", "-1"])
        #expect(negative.code == 0, "\(negative.error)")
        #expect(negative.output.contains("MSE = (9 + 36 + 4 + 1) / 4 = 12.5"))
        // Five steps at η = 0.02: a summary table with a row per step.
        let steps = Self.run(["explain", "linear-neuron", "--steps", "5", "--learning-rate", "0.02"])
        #expect(steps.output.contains("Summary"))
        #expect(steps.output.contains("After 5 steps"))
        // A random bias is seeded and reported in the JSON.
        let random = Self.run(["explain", "linear-neuron", "--bias", "random", "--seed", "11", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(random.output.utf8)) as? [String: Any]
        let explanation = object?["explanation"] as? [String: Any]
        #expect(explanation?["biasSeed"] as? Int == 11)
        let bias = try #require(explanation?["initialBias"] as? Double)
        #expect(bias >= -1 && bias < 1)
        #expect(Self.run(["explain", "linear-neuron", "--bias", "random", "--seed", "11", "--json"]).output == random.output)
    }

    @Test(arguments: [
        ["explain", "linear-neuron", "--steps", "0"],
        ["explain", "linear-neuron", "--bias", "abc"],
        ["explain", "adam", "--learning-rate", "-0.1"],
        ["explain", "losses", "--smoothing", "1"],
        ["explain", "perceptron", "--data", "x.csv"],
        ["explain", "perceptron", "--target", "y"],
        ["explain", "perceptron", "--data", "/nonexistent/file.csv", "--target", "y"],
        // Each topic takes only its own flags.
        ["explain", "adam", "--bias", "3"],
        ["explain", "backprop", "--learning-rate", "0.1"],
        ["explain", "softmax", "--seed", "1"],
    ])
    func badOptionsExitTwo(arguments: [String]) {
        let result = Self.run(arguments)
        #expect(result.code == 2)
        #expect(!result.error.isEmpty)
    }

    @Test func perceptronOnAUserFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("explain-perceptron-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        // AND of a and b: separable, so the rule converges.
        try "a,b,label\n0,0,off\n0,1,off\n1,0,off\n1,1,on\n".write(to: url, atomically: true, encoding: .utf8)
        let result = Self.run(["explain", "perceptron", "--data", url.path, "--target", "label", "--json"])
        #expect(result.code == 0, "\(result.error)")
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        let explanation = object?["explanation"] as? [String: Any]
        #expect(explanation?["featureNames"] as? [String] == ["a", "b"])
        #expect(explanation?["converged"] as? Bool == true)

        try "a,label\n1,x\n2,y\n3,z\n".write(to: url, atomically: true, encoding: .utf8)
        let three = Self.run(["explain", "perceptron", "--data", url.path, "--target", "label"])
        #expect(three.code == 2 && three.error.contains("exactly two values"))
    }

    @Test func lossesTextShowsTheLectureNumbers() {
        let output = Self.run(["explain", "losses"]).output
        #expect(output.contains("MSE = (0.01 + 0.09 + 0.25 + 4) / 4 = 1.0875"))
        #expect(output.contains("rows 2, 3, 5 would make the cross-entropy infinite"))
    }
}
