import ArgumentParser
import Foundation
import Neural
import NeuralONNX

/// `neural export MODEL --onnx model.onnx`: a trained model as an ONNX graph.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a trained model as an ONNX graph (run it with onnxruntime).",
        discussion: """
        The graph (ONNX opset 17, float32) has the input "input" of shape [batch, features] with \
        a dynamic batch size and the features in the order this command prints them (the model's \
        feature names): numeric columns in their own units, standardised inside the graph \
        (Sub, Div); categorical columns already one-hot encoded, one 0/1 feature per \
        column=category. Outputs: a regressor's "output", its prediction in the target's \
        units; a classifier's "logits" and "probabilities" (Softmax, or Sigmoid: the \
        probability of the second class when the network has one output). The file is \
        written atomically. Exit codes: 0 success, 2 bad usage or input.
        """
    )

    @Argument(help: "The model file written by neural train (or neural import).")
    var model: String

    @Option(help: "Where to write the ONNX model.")
    var onnx: String

    func validate() throws {
        if let problem = outputPathProblem(onnx, flag: "--onnx") { throw ValidationError(problem) }
    }

    func run() throws {
        try PathClash.check([PathUse(role: "the model file", path: model, isWritten: false),
                             PathUse(role: "--onnx", path: onnx, isWritten: true)])
        try requireModelFile(model, role: "model file")
        let trained = try reportingInputErrors { try TrainedModel.load(from: fileURL(model)) }
        let stack = try reportingInputErrors { try trained.denseStack() }
        try reportingInputErrors { try stack.writeONNX(to: fileURL(onnx)) }
        let console = Console.current
        console.print("Wrote \(onnx): input \"\(stack.inputName)\" [batch, \(stack.inputSize)], output \"\(stack.outputName)\" [batch, \(stack.outputSize)]"
                      + (stack.outputLink == .identity ? "." : ", \"\(stack.probabilitiesName)\" [batch, \(stack.outputSize)]."))
        console.print("Input features, in order: " + trained.preprocessor.featureNames.joined(separator: ", "))
    }
}
