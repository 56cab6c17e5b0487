import ArgumentParser
import Foundation
import Neural
import NeuralONNX

/// `neural import FILE --model out.safetensors`: a network trained elsewhere as a Neural model.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import an MLP from ONNX or a PyTorch state_dict as a model for predict, evaluate and fine-tuning.",
        discussion: """
        FILE.onnx: a multi-layer perceptron exported by torch.onnx.export (an nn.Sequential of \
        Linear and ReLU, LeakyReLU, Sigmoid, Tanh, ELU, Softplus, GELU(tanh), with an optional \
        Softmax) or by skl2onnx (MLPClassifier, MLPRegressor). Any other node stops the import \
        with its name. A standardisation in the graph is folded into the first layer.
        FILE.safetensors: a PyTorch state_dict saved with safetensors.torch.save_file; \
        --architecture gives the layers (4-16-relu-3, or 4-16-relu-3-softmax), --layer-names the \
        Linear layers' prefixes when they do not sort in order. The model's input columns are \
        --columns (default x1…xn), read as numbers and used as they are. The task is \
        classification when the network ends in softmax or sigmoid (or with --task \
        classification, for a network ending in logits), else regression. \
        Exit codes: 0 success, 2 bad usage or input (an unsupported ONNX node, a tensor that does \
        not fit the architecture).
        """
    )

    @Argument(help: "An .onnx model or a .safetensors PyTorch state_dict.")
    var file: String

    @Option(help: "Where to save the Neural model (written atomically).")
    var model: String = "model.safetensors"

    @Option(help: "The layers of a state_dict: input size, then each layer's size and activation (4-16-relu-3, 784-128-relu-10-softmax).")
    var architecture: String?

    @Option(name: .customLong("layer-names"), help: "The state_dict's Linear layer prefixes in order, comma-separated (fc1,fc2,out; default: every prefix with a .weight, in natural order).")
    var layerNames: String?

    @Option(help: "Names of the input columns, comma-separated (default x1,x2,…).")
    var columns: String?

    @Option(help: "Class names in output order, comma-separated (default 0,1,…).")
    var classes: String?

    @Option(help: "The target column's name, for neural evaluate (default: the one an ONNX graph of columns records, else target).")
    var target: String?

    @Option(help: "The task (default: classification when the network ends in softmax or sigmoid or has several outputs; regression for one identity output).")
    var task: LearningTask?

    enum Format { case onnx, safetensors }

    var format: Format? {
        switch fileURL(file).pathExtension.lowercased() {
        case "onnx": .onnx
        case "safetensors": .safetensors
        default: nil
        }
    }

    func validate() throws {
        guard let format else {
            throw ValidationError("\(file): expected a .onnx model or a .safetensors PyTorch state_dict.")
        }
        switch format {
        case .onnx:
            if architecture != nil || layerNames != nil {
                throw ValidationError("--architecture and --layer-names apply to a .safetensors state_dict; an ONNX file holds its own layers.")
            }
        case .safetensors:
            if architecture == nil {
                throw ValidationError("A state_dict holds no activations: give --architecture (for example 4-16-relu-3).")
            }
        }
        if let problem = outputPathProblem(model, flag: "--model") { throw ValidationError(problem) }
    }

    func run() throws {
        try PathClash.check([PathUse(role: "the imported file", path: file, isWritten: false),
                             PathUse(role: "--model", path: model, isWritten: true)])
        try requireModelFile(file, role: "file to import")
        let url = fileURL(file)
        if format == .onnx, let trained = try importColumnGraph(url) {
            try reportingInputErrors { try trained.save(to: fileURL(model)) }
            let columns = trained.preprocessor.inputColumns.map { "\($0.name)\($0.kind == .categorical ? " (text)" : "")" }
            let taskText = trained.task == .classification
                ? "classifier of \"\(trained.targetColumn)\" (\(trained.classNames.count) classes: \(trained.classNames.joined(separator: ", ")))"
                : "regressor of \"\(trained.targetColumn)\""
            Console.current.print("Imported a \(taskText) that takes the columns \(columns.joined(separator: ", ")), with its preprocessing (missing values: \(trained.preprocessor.missingValues.rawValue)).")
            Console.current.print("Saved \(model).")
            return
        }
        let (network, link) = try reportingInputErrors { try Self.network(from: url, format: format, architecture: architecture,
                                                                           layerNames: layerNames.map(parseNameList)) }
        let columnNames = columns.map(parseNameList) ?? (1...max(1, network.inputSize)).map { "x\($0)" }
        let trained = try reportingInputErrors {
            try TrainedModel(importing: network, link: link, columns: columnNames, target: target ?? "target",
                             classes: classes.map(parseNameList), task: task, source: file)
        }
        try reportingInputErrors { try trained.save(to: fileURL(model)) }
        let sizes = ([network.inputSize] + network.layers.compactMap { $0.dense?.outputSize }).map(String.init)
        let taskText = trained.task == .classification
            ? "classifier (\(trained.classNames.count) classes: \(trained.classNames.joined(separator: ", ")))"
            : "regressor"
        Console.current.print("Imported a \(taskText), network \(sizes.joined(separator: " → ")) (\(network.parameterCount) parameters), inputs \(columnNames.joined(separator: ", ")).")
        Console.current.print("Saved \(model).")
    }

    /// The model of an ONNX graph that takes the CSV columns (nil for a graph of one feature
    /// tensor). Its columns, classes and task are the graph's: --columns and --classes are
    /// refused, --task must agree.
    func importColumnGraph(_ url: URL) throws -> TrainedModel? {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CommandError.badInput("\(file): cannot read: \(error.localizedDescription)")
        }
        guard let trained = try reportingInputErrors({ try TrainedModel(onnxColumnGraph: data, target: target) }) else { return nil }
        if columns != nil || classes != nil {
            throw CommandError.badInput("\(file) takes the CSV columns and names its own columns and classes; leave out --columns and --classes.")
        }
        if let task, task != trained.task {
            throw CommandError.badInput("--task \(task.rawValue) contradicts \(file), a \(trained.task.rawValue) graph (its outputs say so).")
        }
        return trained
    }

    /// The network and its output link read from `url`.
    static func network(from url: URL, format: Format?, architecture: String?, layerNames: [String]?) throws -> (Network, OutputLink) {
        switch format {
        case .onnx:
            let stack = try DenseStack(contentsOfONNX: url)
            return (try Network(denseStack: stack, foldingPreprocessing: true), stack.outputLink.link)
        case .safetensors:
            let parsed = try DenseArchitecture(architecture ?? "")
            let stateDict = try SafeTensorsFile.read(from: url)
            return (try Network(pytorchStateDict: stateDict, architecture: parsed, prefixes: layerNames), parsed.outputLink)
        case nil:
            throw CommandError.badInput("\(url.path): expected a .onnx or .safetensors file.")
        }
    }
}
