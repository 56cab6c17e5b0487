import ArgumentParser
import Foundation
import Neural

/// `neural demo`: trains on the data sets shipped in the package, so a first command works
/// without a file of one's own.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Train on the built-in iris (classification) and diabetes (regression) data sets.",
        discussion: """
        Holds out 20% of each data set for testing and 10% for validation, trains a network \
        with one hidden layer of 100 units (early stopping on the validation loss), prints the test \
        metrics and writes a model and an SVG report per data set into --output-dir. \
        --export-data DIR writes iris.csv and diabetes.csv instead, to try neural train on.
        """
    )

    @Option(help: "Epochs per data set.")
    var epochs: Int = 200

    @Option(help: "Folder for the models and plots (created if needed; default: neural-demo in the temporary folder).")
    var outputDir: String?

    @Option(help: "Write the built-in data sets as CSV files into this folder and stop.")
    var exportData: String?

    @OptionGroup var seedOption: SeedOption
    @OptionGroup var quietOption: QuietOption

    func validate() throws {
        if epochs < 1 { throw ValidationError("--epochs must be at least 1, got \(epochs).") }
    }

    /// The files the command writes: the two data sets as CSV with --export-data, else a model
    /// and a plot per data set in --output-dir (or the temporary folder's neural-demo).
    var writtenPaths: [PathUse] {
        if let exportData {
            return BuiltinDataset.allCases.map {
                PathUse(role: "--export-data \($0.rawValue).csv", path: fileURL(exportData).appendingPathComponent("\($0.rawValue).csv").path, isWritten: true)
            }
        }
        let folder = outputDir.map(fileURL) ?? Self.defaultFolder
        let role = outputDir == nil ? "the demo folder" : "--output-dir"
        return BuiltinDataset.allCases.flatMap { dataset in ["safetensors", "svg"].map {
            PathUse(role: "\(role) \(dataset.rawValue).\($0)", path: folder.appendingPathComponent("\(dataset.rawValue).\($0)").path, isWritten: true)
        } }
    }

    static var defaultFolder: URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("neural-demo", isDirectory: true)
    }

    func run() throws {
        // The files written into one folder must be distinct files (a hard or symbolic link
        // between two of them would let one write replace the other).
        let outputs = writtenPaths
        try PathClash.check(outputs)
        let console = Console.current
        let folder = exportData.map(fileURL) ?? outputDir.map(fileURL) ?? Self.defaultFolder
        try reportingInputErrors {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        // The folder takes new files: found before any training, as train finds it.
        try WritableProbe.check(outputs)
        if exportData != nil {
            try reportingInputErrors {
                for dataset in BuiltinDataset.allCases {
                    let url = folder.appendingPathComponent("\(dataset.rawValue).csv")
                    try AtomicFile.write(dataset.csvText, to: url)
                    console.print("Wrote \(url.path) (\(dataset.rowCount) rows, target \"\(dataset.target)\", \(dataset.task.rawValue))")
                }
            }
            return
        }
        for (index, dataset) in BuiltinDataset.allCases.enumerated() {
            if index > 0 { console.print("") }
            try demo(dataset, folder: folder)
        }
        console.print("")
        console.print("Try it on your own data: neural train data.csv --target COLUMN --plot report.svg")
        console.print("(neural demo --export-data DIR writes these data sets as CSV files.)")
    }

    private func demo(_ dataset: BuiltinDataset, folder: URL) throws {
        let console = Console.current
        var settings = TrainSettings(target: dataset.target)
        // The command line's defaults (one hidden layer of 100 ReLU units, Adam at 1e-3, batches
        // of 32), with early stopping on the validation loss, which keeps the best weights.
        settings.epochs = epochs
        settings.earlyStopping = true
        settings.testSplit = 0.2
        settings.validationSplit = 0.1
        settings.seed = seedOption.seed
        let description = dataset == .iris
            ? "Fisher's iris: 150 flowers, 4 measurements, 3 species (classification)"
            : "Efron et al.'s diabetes: 442 patients, 10 measurements, disease progression after a year (regression)"
        console.print("== \(description)")
        let run = try reportingTrainingFailure {
            try reportingInputErrors {
                try TrainingRun(table: dataset.table(), settings: settings, quiet: quietOption.quiet, label: dataset.rawValue)
            }
        }
        let modelURL = folder.appendingPathComponent("\(dataset.rawValue).safetensors")
        let plotURL = folder.appendingPathComponent("\(dataset.rawValue).svg")
        try reportingInputErrors {
            try run.model.save(to: modelURL)
            try TrainCommand.writePlot(run, to: plotURL, title: "\(dataset.rawValue): loss per epoch")
        }
        for line in TrainCommand.summary(of: run, data: "built-in \(dataset.rawValue)",
                                         modelPath: modelURL.path, plotPath: plotURL.path) {
            console.print(line)
        }
    }
}
