import Foundation
import Testing
@testable import NeuralCommands

@Suite struct TrainFlagValidationTests {
    /// Flags that must be refused before any work, with a word the message must contain.
    static let badFlags: [([String], String)] = [
        (["--learning-rate", "-0.1"], "--learning-rate"),
        (["--learning-rate", "0"], "--learning-rate"),
        (["--batch-size", "0"], "--batch-size"),
        (["--dropout", "1"], "--dropout"),
        (["--dropout", "-0.1"], "--dropout"),
        (["--hidden", "0"], "hidden layer"),
        (["--hidden", "16,0"], "hidden layer"),
        (["--hidden", "a,b"], "--hidden"),
        (["--epochs", "0"], "--epochs"),
        (["--validation-split", "1"], "--validation-split"),
        (["--validation-split", "-0.2"], "--validation-split"),
        (["--test-split", "1.5"], "--test-split"),
        (["--validation-split", "0.5", "--test-split", "0.5"], "leave rows"),
        (["--l2", "-1"], "--l2"),
        (["--l1", "-1"], "--l1"),
        (["--momentum", "0.9"], "--momentum"),
        (["--momentum", "1.5", "--optimizer", "sgd"], "--momentum"),
        (["--nesterov"], "--nesterov"),
        (["--nesterov", "--optimizer", "sgd", "--momentum", "0"], "--nesterov"),
        (["--early-stopping", "--validation-split", "0"], "--early-stopping"),
        (["--patience", "5"], "--early-stopping"),
        (["--patience", "0", "--early-stopping"], "--patience"),
        (["--dropout", "0.2", "--hidden", "none"], "--dropout"),
        (["--optimizer", "lbfgs"], "lbfgs"),
        (["--activation", "swish"], "swish"),
        (["--schedule", "warmup"], "warmup"),
        (["--task", "clustering"], "clustering"),
        (["--missing", "ignore"], "ignore"),
        (["--loss", "hinge"], "hinge"),
        (["--class-weight", "auto"], "auto"),
        (["--loss", "cross-entropy", "--output-activation", "identity"], "softmax"),
        (["--loss", "mse", "--output-activation", "softmax"], "softmax"),
        (["--task", "regression", "--loss", "cross-entropy"], "regression"),
        (["--task", "regression", "--class-weight", "balanced"], "--class-weight"),
        (["--task", "classification", "--loss", "mae"], "classification"),
        (["--delimiter", "ab"], "--delimiter"),
        (["--epochs", "many"], "many"),
        (["--model", "/no/such/folder/m.safetensors"], "does not exist"),
        (["--plot", "/no/such/folder/r.svg"], "does not exist"),
        (["--features", "x1,label"], "--features"),
        (["--checkpoint-every", "0"], "--checkpoint-every"),
        (["--checkpoint", "/no/such/folder/c.safetensors"], "does not exist"),
        (["--resume", "/no/such/folder/c.safetensors"], "no such checkpoint"),
        (["--clip-norm", "-1"], "--clip-norm"),
        (["--max-gradient-norm", "0"], "--max-gradient-norm"),
        (["--clip-norm", "5", "--max-gradient-norm", "1"], "can never be exceeded"),
    ]

    @Test(arguments: badFlags)
    func badFlagIsRefusedWithExitCode2AndWritesNothing(flags: [String], expected: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("shapes.csv", SampleData.classification)
        let model = flags.contains("--model") ? [] : ["--model", folder.path("m.safetensors")]
        let result = runNeural(["train", data, "--target", "label", "--quiet"] + model + flags)
        #expect(result.code == 2, "\(flags): \(result.error)")
        #expect(result.error.contains(expected), "\(flags): \(result.error)")
        #expect(result.output.isEmpty, "nothing is trained or printed: \(result.output)")
        #expect(try folder.contents() == ["shapes.csv"])
    }

    @Test func missingTargetFlagIsAUsageError() throws {
        let result = runNeural(["train", "data.csv"])
        #expect(result.code == 2)
        #expect(result.error.contains("--target"))
    }

    @Test func hiddenLayerListsParse() throws {
        #expect(try NetworkOptions.hiddenLayers("64,32") == [64, 32])
        #expect(try NetworkOptions.hiddenLayers("none") == [])
        #expect(try NetworkOptions.hiddenLayers("") == [])
        #expect(try NetworkOptions.hiddenLayers(" 8 ") == [8])
    }

    @Test func helpListsEnumValues() throws {
        let result = runNeural(["train", "--help"])
        #expect(result.code == 0)
        for value in ["rmsprop", "adagrad", "inverse-scaling", "cosine", "cross-entropy", "leaky-relu", "balanced"] {
            #expect(result.output.contains(value), "help lists \(value)")
        }
    }
}
