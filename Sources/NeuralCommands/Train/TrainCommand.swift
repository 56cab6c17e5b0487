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
        predicts in the target's units. \
        --from MODEL fine-tunes a model (from neural train or neural import) with a fresh \
        optimizer: its network, loss, input columns, fill values, scaling, categories and classes \
        are kept (a class or column the model does not know is an error); --hidden, --activation, \
        --output-activation, --loss, --dropout, --task, --features, --categorical and \
        --max-categories, given with it, must agree with the model or are refused; the data, split \
        and optimisation flags apply as usual, and --missing defaults to the model's policy. \
        --resume continues a checkpoint's run with its optimizer state. Exit codes: 0 success, 1 training failed, 2 bad usage or input, 130/143 interrupted by SIGINT/SIGTERM (a checkpoint was saved).
        """
    )

    @Argument(help: "The CSV file to train on (header row first).")
    var data: String

    @OptionGroup(title: "Data") var dataOptions: DataOptions
    @OptionGroup(title: "CSV") var csv: CSVFormatOptions
    @OptionGroup(title: "Network") var network: NetworkOptions
    @OptionGroup(title: "Optimisation") var optimization: OptimizationOptions
    @OptionGroup var seedOption: SeedOption
    @OptionGroup(title: "Output") var output: TrainOutputOptions
    @OptionGroup var jsonOption: JSONOption
    @OptionGroup var quietOption: QuietOption
    @OptionGroup(title: "Several processes") var distribution: DistributedOptions

    var model: String { output.model }
    var plot: String? { output.plot }
    var json: Bool { jsonOption.json }
    var quiet: Bool { quietOption.quiet }

    mutating func validate() throws {
        if let problem = try settings().problem() { throw ValidationError(problem) }
        if let problem = outputPathProblem(model, flag: "--model") { throw ValidationError(problem) }
        if let plot, let problem = outputPathProblem(plot, flag: "--plot") { throw ValidationError(problem) }
        if let problem = checkpointProblem() { throw ValidationError(problem) }
    }

    /// Every path the command reads or writes (the checkpoint is written only with
    /// --checkpoint-every or on a signal, but either may happen, so it counts).
    var pathUses: [PathUse] {
        var uses = [PathUse(role: "the data file", path: data, isWritten: false)]
        if let resume = output.resume { uses.append(PathUse(role: "--resume", path: resume, isWritten: false)) }
        if let from = output.from { uses.append(PathUse(role: "--from", path: from, isWritten: false)) }
        uses.append(PathUse(role: "--model", path: model, isWritten: true))
        if let plot { uses.append(PathUse(role: "--plot", path: plot, isWritten: true)) }
        uses.append(PathUse(role: "--checkpoint", path: checkpointPath, isWritten: true))
        return uses
    }

    /// The settings the flags describe, one option group at a time.
    func settings() throws -> TrainSettings {
        var settings = try TrainSettings(data: dataOptions, network: network, optimization: optimization, seed: seedOption)
        settings.from = output.from
        return settings
    }

    func run() throws {
        // --model may be --from: the model is read whole first and replaced by an atomic rename.
        try PathClash.check(pathUses, allowed: [("--checkpoint", "--resume"), ("--model", "--from")])
        try WritableProbe.check(pathUses.filter(\.isWritten))
        let communicator = distribution.communicator()
        var settings = try settings()
        let options = try csv.csvOptions()
        if let resume = output.resume { try requireModelFile(resume, role: "checkpoint") }
        if distribution.shard {
            if output.from != nil {
                throw CommandError.badInput("--shard cannot be combined with --from: a fine-tuned model's preprocessing is read from its file, not fitted across the processes; drop --shard (every rank then reads all the rows).")
            }
            try DistributedOptions.checkShardable(data)
        }
        let start = try output.from.map(FineTuning.load)
        if let start, let from = output.from {
            if let problem = try FineTuning.contradiction(of: start, from: from, target: dataOptions.target,
                                                         data: dataOptions, network: network) {
                throw CommandError.badInput(problem)
            }
            if dataOptions.missing == nil { settings.missingValues = start.preprocessor.missingValues }
        }
        let input = try InputFile(data, role: "data file")
        let url = input.url
        try input.naming {
            try DistributedAgreement.check(communicator, settings: TrainingCheckpointing.settingsText(settings), data: url)
            try speakingForAll(communicator) {
                try train(settings: settings, url: url, options: options, communicator: communicator, start: start)
            }
        }
    }

    /// Trains, then (on rank 0 of a distributed run) saves and reports.
    private func train(settings: TrainSettings, url: URL, options: CSVOptions, communicator: any Communicator,
                       start: TrainedModel?) throws {
        let console = Console.current
        let checkpoints = checkpointing()
        checkpoints.writes = communicator.rank == 0
        checkpoints.launcher = communicator.isDistributed ? "mpirun -np \(communicator.size) " : ""
        let run = try reportingTrainingFailure {
            try reportingInputErrors {
                let shard = distribution.shard ? communicator : nil
                let table = try start.map { try $0.readTable(contentsOf: url, options: options) }
                    ?? Self.readTrainingTable(url, options: options, settings: settings, shardAmong: shard)
                return try TrainingRun(table: table, settings: settings, quiet: quiet, checkpointing: checkpoints,
                                       communicator: communicator, start: start, sharded: distribution.shard,
                                       singleThreadWhenTiny: true)
            }
        }
        guard communicator.rank == 0 else { return }
        let modelURL = fileURL(model)
        try reportingInputErrors { try run.model.save(to: modelURL) }
        if let plot = plot {
            try reportingInputErrors { try Self.writePlot(run, to: fileURL(plot), title: "\(fileURL(data).lastPathComponent): loss per epoch") }
        }
        if json {
            var report = TrainingJSON(history: run.history, metrics: run.model.metrics)
            let summary = run.model.summary
            report.rows = .init(training: summary.trainingSamples, validation: summary.validationSamples,
                                test: summary.testSamples)
            report.metricsOn = run.evaluatedOn
            report.missing = .init(policy: run.missingValues.rawValue, filled: run.filled, droppedRows: run.droppedRows)
            report.epochs = summary.epochs
            report.stopReason = summary.stopReason.rawValue
            console.print(try EvaluationText.json(report))
        } else {
            for line in Self.summary(of: run, data: data, modelPath: model, plotPath: plot, from: output.from) {
                console.print(line)
            }
        }
    }

    /// Reads the columns the settings use, checking the named columns against the header first;
    /// with `shardAmong`, only this process's share of the rows (`--shard`).
    static func readTrainingTable(_ url: URL, options: CSVOptions, settings: TrainSettings,
                                  shardAmong communicator: (any Communicator)? = nil) throws -> DataTable {
        let header = try CSVReader(contentsOf: url, options: options).header
        let available = Set(header)
        guard available.contains(settings.target) else {
            throw DataError.missingColumn(name: settings.target, role: "target", available: header)
        }
        for name in (settings.features ?? []) + settings.categorical where !available.contains(name) {
            throw DataError.missingColumn(name: name, role: "feature", available: header)
        }
        let columns = settings.features.map { $0 + [settings.target] }
        let categorical = Set(settings.categorical).intersection(columns ?? header)
        if let communicator {
            return try DataTable(shardOf: url, options: options, columns: columns, categorical: categorical,
                                 communicator: communicator)
        }
        return try DataTable(contentsOf: url, options: options, columns: columns, categorical: categorical)
    }

    /// Writes the loss curves (and a classifier's confusion matrix) as SVG, atomically.
    static func writePlot(_ run: TrainingRun, to url: URL, title: String) throws {
        var plot = TrainingReportPlot(trainingLoss: run.history.loss, validationLoss: run.history.validationLoss)
        plot.title = title
        plot.keptEpoch = run.history.restoredEpoch
        if case .classification(let report) = run.model.metrics, report.classes.count <= EvaluationText.confusionDisplayLimit {
            plot.confusionMatrix = report.confusionMatrix.map { $0.map { Int($0) } }
            plot.classNames = report.classes
            plot.matrixTitle = "Confusion matrix (\(run.evaluatedOn) rows)"
        }
        try AtomicFile.write(plot.render(), to: url)
    }

    /// The summary printed after training.
    static func summary(of run: TrainingRun, data: String, modelPath: String?, plotPath: String?,
                        from: String? = nil) -> [String] {
        let model = run.model
        let summary = model.summary
        let taskText = model.task == .classification
            ? "classifier of \"\(model.targetColumn)\" (\(model.classNames.count) classes)"
            : "regressor of \"\(model.targetColumn)\""
        let architecture = ([model.preprocessor.featureCount] + model.network.layers.compactMap { $0.dense?.outputSize })
            .map(String.init).joined(separator: " → ")
        var rows: [(String, String)] = [("data", data)]
        if let from { rows.append(("from", "\(from) (fine-tuned with a fresh optimizer)")) }
        rows += [
            ("network", "\(architecture) (\(model.network.parameterCount) parameters)"),
            ("epochs", "\(summary.epochs) (\(stopText(summary)))"),
            ("rows", "\(summary.trainingSamples) training, \(summary.validationSamples) validation, \(summary.testSamples) test"
                + (run.droppedRows > 0 ? ", \(run.droppedRows) dropped for missing values" : "")),
        ]
        if !run.filled.isEmpty {
            let numbers = run.missingValues == .mean ? "the training mean"
                : run.missingValues == .mostFrequent ? "the most frequent training value" : "the training median"
            rows.append(("missing", "--missing \(run.missingValues.rawValue): numbers filled with \(numbers), text with the most frequent category"))
            rows.append(("filled", run.filled.map { "\($0.column) \($0.count)× \($0.value)" }.joined(separator: ", ")))
        }
        let scaled = model.targetScaling != nil ? " (on the standardised target)" : ""
        if let loss = summary.finalLoss { rows.append(("final loss", EvaluationText.number(loss) + scaled)) }
        if let loss = summary.finalValidationLoss { rows.append(("final val loss", EvaluationText.number(loss) + scaled)) }
        if let hash = run.weightsHash {
            rows.append(("processes", "\(run.ranks), weights identical on every rank (FNV-1a \(String(hash, radix: 16)))"))
        }
        if let modelPath { rows.append(("model", modelPath)) }
        if let plotPath { rows.append(("plot", plotPath)) }
        var lines = [from == nil ? "Trained a \(taskText)." : "Fine-tuned a \(taskText)."]
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
        case .noImprovement:
            return "converged at epoch \(summary.epochs): the training loss improved by less than --tol for --n-iter-no-change epochs"
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
