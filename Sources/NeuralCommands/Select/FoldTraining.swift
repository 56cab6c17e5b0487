import Foundation
import Neural

/// Cross-validates a `neural train` recipe: every fold is trained exactly as `neural train` would
/// train on the fold's rows (`TrainingRun`), with the preprocessing fitted on them alone.
enum FoldTraining {
    /// The validation the command-line flags describe: `scheme` over the table, with the
    /// settings' columns and missing-value policy; the validation set of each fold is
    /// `validationSplit` of its training rows, or (hold-out) the scored rows themselves, as
    /// `neural train` validates on its held-out rows.
    static func crossValidation(settings: TrainSettings, scheme: ValidationScheme) -> CrossValidation {
        var preparation = settings.preparationOptions
        preparation.testFraction = 0
        var validation = CrossValidation(scheme: scheme, preparation: preparation)
        if case .holdOut = scheme { validation.scoredRowsAreValidation = true }
        return validation
    }

    /// Trains and scores every fold; `progress` hears "fold i of n" before each. Throws like
    /// `TrainingRun` (a `TrainingError` when a fold's training fails).
    static func run(_ validation: CrossValidation, table: DataTable, settings: TrainSettings, quiet: Bool,
                    progress: (Int, Int) -> Void = { _, _ in }) throws -> [FoldReport] {
        let total = validation.scheme.splitCount
        var index = 0
        return try validation.run(on: table) { fold in
            index += 1
            progress(index, total)
            let label = quiet ? "" : "fold \(index)/\(total) "
            let run = try TrainingRun(
                data: TrainingData(preprocessor: fold.preprocessor, train: fold.train, validation: fold.validation,
                                   test: nil, droppedRowCount: 0),
                settings: settings, quiet: quiet, label: label)
            return (run.model, run.history.loss.count)
        }
    }
}
