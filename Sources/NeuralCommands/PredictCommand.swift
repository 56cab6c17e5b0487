import ArgumentParser
import Foundation
import Neural

/// `neural predict MODEL DATA.csv`: one prediction per row, as CSV.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict every row of a CSV file with a trained model.",
        discussion: """
        Writes CSV with one row per input row, in order: the column prediction (the class name \
        or the value), then with --probabilities one column p_<class> per class. The target \
        column may be absent. The file is read in blocks, so its size is not limited by memory.
        """
    )

    @Argument(help: "The model file written by neural train.")
    var model: String

    @Argument(help: "A CSV file with the model's input columns.")
    var data: String

    @Option(help: "Write the predictions to this file (atomically) instead of standard output.")
    var output: String?

    @Flag(help: "Add one probability column per class (classifiers only).")
    var probabilities = false

    @Option(help: "Missing inputs (default: the policy the model was trained with, a model trained with drop fills by median): median, mean or most-frequent fill them with the model's training values; error stops at the first. Every row gets a prediction, so drop is not accepted.")
    var missing: MissingValuePolicy?

    @OptionGroup var csv: CSVFormatOptions

    /// Rows read, predicted and written at a time (memory is bounded by one block).
    @Option(help: .hidden)
    var rowsPerBlock: Int = 8192

    func validate() throws {
        if missing == .drop {
            throw ValidationError("--missing drop cannot be used by predict, which writes one prediction per input row; fill the missing values with --missing median, mean or most-frequent, or stop at them with --missing error.")
        }
        if rowsPerBlock < 1 { throw ValidationError("--rows-per-block must be at least 1, got \(rowsPerBlock).") }
        if let output {
            if let problem = outputPathProblem(output, flag: "--output") { throw ValidationError(problem) }
        }
    }

    func run() throws {
        if let output {
            try PathClash.check([PathUse(role: "the model file", path: model, isWritten: false),
                                 PathUse(role: "the data file", path: data, isWritten: false),
                                 PathUse(role: "--output", path: output, isWritten: true)])
        }
        let console = Console.current
        let options = try csv.csvOptions()
        try requireModelFile(model, role: "model file")
        let input = try InputFile(data, role: "data file")
        let separator = String(UnicodeScalar(options.delimiter))
        try input.naming { try reportingInputErrors {
            let trained = try TrainedModel.load(from: fileURL(model))
            if probabilities && trained.task != .classification {
                throw CommandError.badInput("--probabilities needs a classifier; \(model) is a regressor.")
            }
            let headerLine = ModelPrediction.csvHeader(classNames: trained.classNames, probabilities: probabilities,
                                                       delimiter: separator)
            let emit: (ModelPrediction, (String) throws -> Void) throws -> Void = { prediction, write in
                try write(prediction.csvLines(probabilities: probabilities, delimiter: separator))
            }
            if let output {
                try AtomicFile.write(to: fileURL(output)) { writer in
                    try writer.write(headerLine)
                    try trained.forEachPrediction(ofFile: input.url, options: options, rowsPerBlock: rowsPerBlock,
                                                  missingValues: missing) { prediction in
                        try emit(prediction) { try writer.write($0) }
                    }
                }
            } else {
                // Every block is predicted into a temporary file first, so that an error on any
                // row (a missing or unseen value, an overflow) prints nothing but the error.
                let spool = try PredictionSpool()
                defer { spool.remove() }
                try spool.write(headerLine)
                try trained.forEachPrediction(ofFile: input.url, options: options, rowsPerBlock: rowsPerBlock,
                                              missingValues: missing) { prediction in
                    try emit(prediction) { try spool.write($0) }
                }
                try spool.copy { console.write($0) }
            }
        } }
    }
}
