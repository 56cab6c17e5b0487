import ArgumentParser
import Foundation
import Neural

/// `neural train DATA.csv --target COLUMN`: fits a multi-layer perceptron to a CSV file, prints
/// the progress and a summary, and saves the model (and optionally a plot).
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a neural network on a CSV file and save the model.",
        discussion: """
        The target column decides the task: text, or integers with at most 20 distinct values, \
        mean classification; other numbers mean regression (--task overrides). Numeric features \
        are standardised and text features one-hot encoded, fitted on the training rows and \
        stored with the model. Defaults follow scikit-learn's MLPClassifier/MLPRegressor: one \
        hidden layer of 100 ReLU units, Adam at 1e-3, L2 alpha 1e-4 (scaled as alpha/(2n)·Σw²), \
        200 epochs; batches of 32 (as Keras: scikit-learn's min(200, rows) under-trains small files). A regressor trains on the standardised target and \
        predicts in the target's units. Exit codes: 0 success, 1 training failed, 2 bad usage or input, 130/143 interrupted by SIGINT/SIGTERM (a checkpoint was saved).
        """
    )

    @Argument(help: "The CSV file to train on (header row first).")
    var data: String

    // MARK: Data

    @Option(help: "The column to predict.")
    var target: String

    @Option(help: "Feature columns, comma-separated (default: every column but the target).")
    var features: String?

    @Option(help: "Columns to one-hot encode even if their values look numeric, comma-separated.")
    var categorical: String?

    @Option(help: "The task (default: inferred from the target column).")
    var task: LearningTask?

    @Option(help: "Missing values (empty, NA, NaN): error stops with the line, drop skips the row, mean imputes the training mean (most frequent category for text).")
    var missing: MissingValuePolicy = .error

    @Option(name: .customLong("unseen-categories"),
            help: "A category not seen in training, when predicting: error, or all-zeros (an all-zero one-hot block).")
    var unseenCategories: UnseenCategoryPolicy = .error

    @Option(help: "Fraction of the rows held out for validation (stratified for classification; 0 for none).")
    var validationSplit: Double = 0.1

    @Option(help: "Fraction of the rows held out for the final metrics (stratified for classification).")
    var testSplit: Double = 0

    @Option(help: "The field separator: one character, or tab.")
    var delimiter: String = ","

    // MARK: Network

    @Option(help: "Hidden-layer widths, comma-separated (64,32), or none for a linear/logistic model.")
    var hidden: String = "100"

    @Option(help: "Activation of the hidden layers.")
    var activation: ActivationChoice = .relu

    @Option(help: "Output: softmax or sigmoid for a classifier (default softmax); identity (default), relu, tanh, sigmoid or softplus for a regressor.")
    var outputActivation: OutputActivationChoice?

    @Option(help: "The loss (default: cross-entropy for classes, half-mse as scikit-learn for values).")
    var loss: LossChoice?

    @Option(help: "Dropout rate after each hidden layer, in [0, 1).")
    var dropout: Double = 0

    // MARK: Optimisation

    @Option(help: "The optimiser.")
    var optimizer: OptimizerKind = .adam

    @Option(help: "Initial learning rate (default 1e-3 for adam and adamw, 1e-2 for sgd, rmsprop and adagrad).")
    var learningRate: Double?

    @Option(help: "Learning-rate schedule.")
    var schedule: ScheduleKind = .constant

    @Option(help: "Momentum of sgd (default 0.9, as scikit-learn) or rmsprop (default 0), in [0, 1).")
    var momentum: Double?

    @Flag(help: "Nesterov momentum (sgd only).")
    var nesterov = false

    @Option(help: "L1 penalty alpha·Σ|w|/n.")
    var l1: Double = 0

    @Option(help: "L2 penalty alpha·Σw²/(2n), as scikit-learn's alpha.")
    var l2: Double = 1e-4

    @Option(help: "Passes over the training data.")
    var epochs: Int = 200

    @Option(help: "Rows per optimiser step (default 32; min(200, rows) with --parity sklearn).")
    var batchSize: Int?

    @Option(help: "Train as this library does where peers differ (docs/PARITY.md): Adam's ε, MSE vs half-MSE, initial weights, default batch size; --l2 is then read as PyTorch's weight_decay, scikit-learn's alpha or Keras's L2(λ).")
    var parity: Parity = .none

    @Flag(help: "Stop when the validation loss has not improved for --patience epochs, keeping the best weights.")
    var earlyStopping = false

    @Option(help: "Epochs without improvement before early stopping (default 10).")
    var patience: Int?

    @Option(help: "Class weights: none, or balanced (n / (classes · n_class)).")
    var classWeight: ClassWeightChoice = .none

    @Option(help: "Seed of the split, the initial weights, the shuffling and dropout.")
    var seed: UInt64 = 0

    // MARK: Output

    @Option(help: "Where to save the model (written atomically).")
    var model: String = "model.safetensors"

    @Option(help: "Write an SVG report: the loss curves and, for a classifier, the confusion matrix.")
    var plot: String?

    @Option(help: "Save a checkpoint every N epochs (SIGINT and SIGTERM always save one before exiting).")
    var checkpointEvery: Int?

    @Option(help: "Where checkpoints go (default: the model's name with .checkpoint.safetensors; written atomically).")
    var checkpoint: String?

    @Option(help: "Continue the run saved in this checkpoint; give the same data file and flags.")
    var resume: String?

    @Option(help: "Clip every step's gradient to this global L2 norm (default: no clipping).")
    var clipNorm: Double?

    @Option(help: "Stop training when a step's gradient norm (after clipping) exceeds this.")
    var maxGradientNorm: Double?

    @Flag(help: "Print one JSON object with the history and the metrics instead of the summary.")
    var json = false

    @Flag(help: "No progress display.")
    var quiet = false

    mutating func validate() throws {
        if let problem = try settings().problem() { throw ValidationError(problem) }
        if delimiterScalar(delimiter) == nil {
            throw ValidationError("--delimiter must be one ASCII character other than a quote or a line break (or \"tab\"), got \"\(delimiter)\".")
        }
        if let problem = outputPathProblem(model, flag: "--model") { throw ValidationError(problem) }
        if let plot, let problem = outputPathProblem(plot, flag: "--plot") { throw ValidationError(problem) }
        if fileURL(model).standardizedFileURL == fileURL(data).standardizedFileURL {
            throw ValidationError("--model \(model) would overwrite the data file.")
        }
        if let problem = checkpointProblem() { throw ValidationError(problem) }
    }

    /// The settings the flags describe (the hidden-layer list is parsed here).
    func settings() throws -> TrainSettings {
        var settings = TrainSettings(target: target)
        settings.features = features.map(parseNameList)
        settings.categorical = categorical.map(parseNameList) ?? []
        settings.task = task
        settings.missingValues = missing
        settings.unseenCategories = unseenCategories
        settings.validationSplit = validationSplit
        settings.testSplit = testSplit
        settings.hidden = try Self.hiddenLayers(hidden)
        settings.activation = activation
        settings.outputActivation = outputActivation
        settings.loss = loss
        settings.dropout = dropout
        settings.optimizer = optimizer
        settings.learningRate = learningRate
        settings.schedule = schedule
        settings.momentum = momentum
        settings.nesterov = nesterov
        settings.l1 = l1
        settings.l2 = l2
        settings.epochs = epochs
        settings.batchSize = batchSize
        settings.parity = parity
        settings.earlyStopping = earlyStopping
        settings.patience = patience ?? 10
        settings.classWeight = classWeight
        settings.seed = seed
        settings.clipNorm = clipNorm
        settings.maxGradientNorm = maxGradientNorm
        if patience != nil && !earlyStopping {
            throw ValidationError("--patience is the patience of early stopping; add --early-stopping.")
        }
        return settings
    }

    /// `64,32` → [64, 32]; `none` (or an empty list) → no hidden layer.
    static func hiddenLayers(_ text: String) throws -> [Int] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.lowercased() == "none" { return [] }
        return try trimmed.split(separator: ",", omittingEmptySubsequences: false).map { item in
            guard let units = Int(item.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--hidden takes layer widths separated by commas (for example 64,32) or none, got \"\(text)\".")
            }
            return units
        }
    }

    func run() throws {
        let console = Console.current
        let settings = try settings()
        let options = try csvOptions(delimiter: delimiter)
        try requireExistingFile(data, role: "data file")
        let url = fileURL(data)
        let run = try reportingTrainingFailure {
            try reportingInputErrors {
                let table = try Self.readTrainingTable(url, options: options, settings: settings)
                return try TrainingRun(table: table, settings: settings, quiet: quiet, checkpointing: checkpointing())
            }
        }
        let modelURL = fileURL(model)
        try reportingInputErrors { try run.model.save(to: modelURL) }
        if let plot = plot {
            try reportingInputErrors { try Self.writePlot(run, to: fileURL(plot), title: "\(url.lastPathComponent): loss per epoch") }
        }
        if json {
            console.print(try EvaluationText.json(TrainingJSON(history: run.history, metrics: run.model.metrics)))
        } else {
            for line in Self.summary(of: run, data: data, modelPath: model, plotPath: plot) {
                console.print(line)
            }
        }
    }

    /// Reads the columns the settings use, checking the named columns against the header first.
    static func readTrainingTable(_ url: URL, options: CSVOptions, settings: TrainSettings) throws -> DataTable {
        let header = try CSVReader(contentsOf: url, options: options).header
        guard header.contains(settings.target) else {
            throw DataError.missingColumn(name: settings.target, role: "target", available: header)
        }
        for name in (settings.features ?? []) + settings.categorical where !header.contains(name) {
            throw DataError.missingColumn(name: name, role: "feature", available: header)
        }
        let columns = settings.features.map { $0 + [settings.target] }
        let categorical = Set(settings.categorical).intersection(columns ?? header)
        return try DataTable(contentsOf: url, options: options, columns: columns, categorical: categorical)
    }

    /// Writes the loss curves (and a classifier's confusion matrix) as SVG, atomically.
    static func writePlot(_ run: TrainingRun, to url: URL, title: String) throws {
        var plot = TrainingReportPlot(trainingLoss: run.history.loss, validationLoss: run.history.validationLoss)
        plot.title = title
        plot.keptEpoch = run.history.restoredEpoch
        if case .classification(let report) = run.model.metrics {
            plot.confusionMatrix = report.confusionMatrix.map { $0.map { Int($0) } }
            plot.classNames = report.classes
            plot.matrixTitle = "Confusion matrix (\(run.evaluatedOn) rows)"
        }
        try AtomicFile.write(plot.render(), to: url)
    }

    /// The summary printed after training.
    static func summary(of run: TrainingRun, data: String, modelPath: String?, plotPath: String?) -> [String] {
        let model = run.model
        let summary = model.summary
        let taskText = model.task == .classification
            ? "classifier of \"\(model.targetColumn)\" (\(model.classNames.count) classes)"
            : "regressor of \"\(model.targetColumn)\""
        let architecture = ([model.preprocessor.featureCount] + model.network.layers.compactMap { $0.dense?.outputSize })
            .map(String.init).joined(separator: " → ")
        var rows: [(String, String)] = [
            ("data", data),
            ("network", "\(architecture) (\(model.network.parameterCount) parameters)"),
            ("epochs", "\(summary.epochs) (\(stopText(summary)))"),
            ("rows", "\(summary.trainingSamples) training, \(summary.validationSamples) validation, \(summary.testSamples) test"
                + (run.droppedRows > 0 ? ", \(run.droppedRows) dropped for missing values" : "")),
        ]
        let scaled = model.targetScaling != nil ? " (on the standardised target)" : ""
        if let loss = summary.finalLoss { rows.append(("final loss", EvaluationText.number(loss) + scaled)) }
        if let loss = summary.finalValidationLoss { rows.append(("final val loss", EvaluationText.number(loss) + scaled)) }
        if let modelPath { rows.append(("model", modelPath)) }
        if let plotPath { rows.append(("plot", plotPath)) }
        var lines = ["Trained a \(taskText)."]
        lines += EvaluationText.table(rows)
        if let metrics = model.metrics {
            lines.append("")
            lines.append("Metrics on the \(run.evaluatedOn) rows:")
            lines += EvaluationText.lines(for: metrics)
        }
        return lines
    }

    static func stopText(_ summary: TrainingSummary) -> String {
        switch summary.stopReason {
        case .completed: return "completed"
        case .earlyStopping:
            return "early stopping" + (summary.restoredEpoch.map { ", weights of epoch \($0) restored" } ?? "")
        case .schedule: return "the learning rate reached its floor"
        case .callback: return "stopped"
        case .noImprovement: return "the training loss stopped improving"
        }
    }
}

/// A problem with a path the command will write to (its folder must exist), or nil.
func outputPathProblem(_ path: String, flag: String) -> String? {
    let url = fileURL(path)
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
        return "\(flag) \(path) is a folder; give a file name."
    }
    let folder = url.deletingLastPathComponent().path
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
        return "\(flag) \(path): the folder \(folder) does not exist."
    }
    return nil
}
