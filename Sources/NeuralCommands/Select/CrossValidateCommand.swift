import ArgumentParser
import Foundation
import Neural

/// `neural cross-validate DATA.csv --target COLUMN --folds K`: k-fold cross-validation of the
/// model `neural train` would train with the same flags.
struct CrossValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cross-validate",
        abstract: "Estimate how well a network trained with these flags generalises, by k-fold cross-validation.",
        discussion: """
        The rows are shuffled (--shuffle-seed) and dealt into --folds folds, stratified by class for \
        classification; each fold is scored by a network trained on the other folds exactly as \
        neural train trains (every train flag means the same here), with the standardisation, \
        one-hot categories and imputed means fitted on those training rows only. --validation-split \
        holds out that fraction of each fold's training rows for the validation loss and early \
        stopping. --repeats R repeats the whole k-fold with R different shuffles. Prints each \
        fold's metrics and their mean ± sample standard deviation; --json prints them under the \
        keys neural evaluate uses. No model is written. Exit codes: 0 success, 1 training failed, \
        2 bad usage or input.
        """
    )

    @Argument(help: "The CSV file to cross-validate on (header row first).")
    var data: String

    @Option(help: "Number of folds (at least 2).")
    var folds: Int = 5

    @Option(help: "Repeat the k-fold this many times with different shuffles.")
    var repeats: Int = 1

    @Option(help: "Seed of the fold shuffle (default: --seed).")
    var shuffleSeed: UInt64?

    @OptionGroup(title: "Data") var dataOptions: DataOptions
    @OptionGroup(title: "CSV") var csv: CSVFormatOptions
    @OptionGroup(title: "Network") var network: NetworkOptions
    @OptionGroup(title: "Optimisation") var optimization: OptimizationOptions
    @OptionGroup var seedOption: SeedOption
    @OptionGroup var jsonOption: JSONOption
    @OptionGroup var quietOption: QuietOption

    mutating func validate() throws {
        if let problem = try settings().problem() { throw ValidationError(problem) }
        if let problem = scheme.problem { throw ValidationError(Self.naming(problem)) }
        if dataOptions.testSplit > 0 {
            throw ValidationError("--test-split does not apply to cross-validation: every fold's held-out rows are its test rows.")
        }
    }

    /// A scheme's problem with its numbers named by their flags.
    static func naming(_ problem: String) -> String {
        problem.replacingOccurrences(of: "The number of folds", with: "--folds")
            .replacingOccurrences(of: "the number of repeats", with: "--repeats")
            .replacingOccurrences(of: "The number of repeats", with: "--repeats")
    }

    func settings() throws -> TrainSettings {
        try TrainSettings(data: dataOptions, network: network, optimization: optimization, seed: seedOption)
    }

    var scheme: ValidationScheme {
        .kFold(folds: folds, repeats: repeats, shuffleSeed: shuffleSeed ?? seedOption.seed)
    }

    func run() throws {
        let console = Console.current
        let settings = try settings()
        let options = try csv.csvOptions()
        let input = try InputFile(data, role: "data file")
        let url = input.url
        let validation = FoldTraining.crossValidation(settings: settings, scheme: scheme)
        let (reports, task) = try reportingTrainingFailure {
            try reportingInputErrors {
                let table = try TrainCommand.readTrainingTable(url, options: options, settings: settings)
                let task = try validation.task(of: table)
                if let mismatch = settings.taskMismatch(task) { throw CommandError.badInput(mismatch) }
                return (try FoldTraining.run(validation, table: table, settings: settings, quiet: quietOption.quiet || jsonOption.json), task)
            }
        }
        if jsonOption.json {
            console.print(try EvaluationText.json(CrossValidationText.Report(folds: reports, task: task)))
            return
        }
        let kind = task == .classification ? "classifier" : "regressor"
        let rows = reports.filter { $0.repeatIndex == 0 }.map(\.scoredRows).reduce(0, +)
        console.print("Cross-validated a \(kind) of \"\(settings.target)\" on \(data): \(folds) folds"
                      + (repeats > 1 ? " × \(repeats) repeats" : "") + ", \(rows) rows"
                      + (task == .classification ? ", stratified." : "."))
        for line in CrossValidationText.lines(for: reports, task: task) { console.print(line) }
    }
}
