import ArgumentParser
import Foundation
import Neural

/// `neural evaluate MODEL DATA.csv`: the model's metrics on a labelled CSV file.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure a trained model on a CSV file that has the target column.",
        discussion: """
        Classification: accuracy, macro precision, recall and F1, log-loss and the confusion \
        matrix (printed for up to 30 classes). Regression: MSE, RMSE, MAE and R². With --json, \
        one JSON object with exactly the keys accuracy, precision, recall, f1, log_loss, \
        confusion_matrix, classes, samples (or mse, rmse, mae, r2, samples); above 1000 classes \
        confusion_matrix is null and confusion_entries lists the non-zero cells as \
        [actual, predicted, count].
        """
    )

    @Argument(help: "The model file written by neural train.")
    var model: String

    @Argument(help: "A CSV file with the model's input columns and its target column.")
    var data: String

    @Option(help: "Missing values (default: the policy the model was trained with): median, mean or most-frequent fill inputs with the model's training values (rows with a missing target are left out); drop leaves out rows with any missing value; error stops at the first.")
    var missing: MissingValuePolicy?

    @OptionGroup var csv: CSVFormatOptions
    @OptionGroup var jsonOption: JSONOption

    func run() throws {
        let console = Console.current
        let options = try csv.csvOptions()
        try requireModelFile(model, role: "model file")
        let input = try InputFile(data, role: "data file")
        let (trained, evaluation, dropped) = try input.naming { try reportingInputErrors {
            let trained = try TrainedModel.load(from: fileURL(model))
            let table = try trained.readTable(contentsOf: input.url, options: options)
            let (evaluation, dropped) = try trained.evaluateCountingDrops(table, missingValues: missing)
            return (trained, evaluation, dropped)
        } }
        if jsonOption.json {
            console.print(try EvaluationText.json(evaluation))
            return
        }
        let kind = trained.task == .classification ? "classifier" : "regressor"
        console.print("Evaluated the \(kind) \(model) of \"\(trained.targetColumn)\" on \(data):")
        if dropped > 0 {
            console.print("(\(dropped) row\(dropped == 1 ? "" : "s") with missing values left out; --missing median fills inputs instead)")
        }
        for line in EvaluationText.lines(for: evaluation) { console.print(line) }
    }
}
