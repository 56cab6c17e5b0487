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
        --input columns (the default): the graph takes the CSV columns as they are, as a \
        scikit-learn pipeline converted by skl2onnx does: one input per input column of shape \
        [batch, 1], float for a numeric column (a missing value as NaN) and string for a text \
        column (a missing value as "", NA or NaN). The model's preprocessing is in the graph \
        with standard operators (opset 17 and ai.onnx.ml 2): Imputer fills missing numbers, \
        LabelEncoder and OneHotEncoder encode text (a missing value as the fill category, a \
        category never seen in training as an all-zero block or the pooled feature), Sub and \
        Div standardise. Outputs: a classifier's "label" (string [batch]) and "probabilities" \
        ([batch, classes], both classes of a binary model); a regressor's "output" ([batch, 1], \
        in the target's units). neural import reads such a graph back with its preprocessing. \
        --input features: the graph takes one float tensor "input" [batch, features] of \
        features already encoded, in the order this command prints (numeric columns in their \
        own units, standardised inside the graph; text columns one-hot encoded, one 0/1 feature \
        per column=category), for callers that do their own preprocessing; outputs "output", or \
        "logits" and "probabilities" (Softmax, or Sigmoid: the probability of the second class \
        when the network has one output). The file is written atomically. Exit codes: 0 \
        success, 2 bad usage or input.
        """
    )

    @Argument(help: "The model file written by neural train (or neural import).")
    var model: String

    @Option(help: "Where to write the ONNX model.")
    var onnx: String

    enum GraphInput: String, CaseIterable, ExpressibleByArgument {
        case columns, features
    }

    @Option(help: "What the graph takes: columns (one input per CSV column, preprocessing inside) or features (one tensor of encoded features).")
    var input: GraphInput = .columns

    func validate() throws {
        if let problem = outputPathProblem(onnx, flag: "--onnx") { throw ValidationError(problem) }
    }

    func run() throws {
        try PathClash.check([PathUse(role: "the model file", path: model, isWritten: false),
                             PathUse(role: "--onnx", path: onnx, isWritten: true)])
        try requireModelFile(model, role: "model file")
        let trained = try reportingInputErrors { try TrainedModel.load(from: fileURL(model)) }
        if input == .columns {
            try reportingInputErrors { try trained.writeONNXColumnGraph(to: fileURL(onnx)) }
            let inputs = trained.preprocessor.inputColumns.map { "\($0.name) (\($0.kind == .numeric ? "float" : "string"))" }
            let outputs = trained.task == .classification
                ? "\"label\" [batch], \"probabilities\" [batch, \(trained.classNames.count)]" : "\"output\" [batch, 1]"
            Console.current.print("Wrote \(onnx): one input per column, each [batch, 1]: \(inputs.joined(separator: ", ")); outputs \(outputs).")
            return
        }
        let stack = try reportingInputErrors { try trained.denseStack() }
        try reportingInputErrors { try stack.writeONNX(to: fileURL(onnx)) }
        let console = Console.current
        console.print("Wrote \(onnx): input \"\(stack.inputName)\" [batch, \(stack.inputSize)], output \"\(stack.outputName)\" [batch, \(stack.outputSize)]"
                      + (stack.outputLink == .identity ? "." : ", \"\(stack.probabilitiesName)\" [batch, \(stack.outputSize)]."))
        console.print("Input features, in order: " + trained.preprocessor.featureNames.joined(separator: ", "))
    }
}
