import Foundation
import Neural

extension TuneCommand {
    /// Prints the leaderboard and the best command, refits and saves the model, draws the plot.
    func finish(_ result: SearchResult, searcher: HyperparameterSearch, table: DataTable, base: TrainSettings,
                metric: SelectionMetric, task: LearningTask, console: Console) throws {
        guard let best = result.best, !best.score(metric).isNaN else {
            let reason = result.trials.first { $0.failure != nil }?.failure.map { " The first failure: \($0)" } ?? ""
            throw CommandError(.trainingFailed, result.trials.isEmpty
                               ? "The time budget ran out before any trial finished; no model or plot was written."
                               : "Every trial failed, so there is no best setting; no model or plot was written.\(reason)")
        }
        let bestSettings = try refitSettings(best, base: base)
        let command = ["neural", "train", data] + bestSettings.trainArguments + (noRefit ? [] : ["--model", modelPath])
        var savedModel: String?
        if !noRefit {
            let run = try reportingTrainingFailure {
                try reportingInputErrors { try TrainingRun(table: table, settings: bestSettings, quiet: quietOption.quiet || jsonOption.json, label: "refit ") }
            }
            try reportingInputErrors { try run.model.save(to: fileURL(modelPath)) }
            savedModel = modelPath
        }
        if let plot {
            let drawing = TunePlot(space: searcher.space, trials: result.trials, best: best, metric: metric,
                                   title: "\(fileURL(data).lastPathComponent): \(metric.rawValue) per trial")
            try reportingInputErrors { try AtomicFile.write(Data(drawing.render().utf8), to: fileURL(plot)) }
        }
        if jsonOption.json {
            console.print(try EvaluationText.json(TuneReport.JSON(result: result, metric: metric, command: command, model: savedModel)))
            return
        }
        console.print("")
        if !result.complete { console.print("The time budget ran out: \(result.trials.count) trials finished; the best of them:") }
        console.print("Best trials by \(metric.rawValue) (\(metric.greaterIsBetter ? "higher" : "lower") is better):")
        for line in TuneReport.leaderboard(result, metric: metric, top: top) { console.print(line) }
        console.print("")
        console.print("Best: trial \(best.trial + 1), \(metric.rawValue) \(TuneReport.meanText(best, metric: metric)) with \(best.configuration).")
        console.print("Train it with:")
        console.print("  " + CommandArguments.shellLine(command))
        if let savedModel { console.print("Refitted on all rows and saved to \(savedModel).") }
        if let plot { console.print("Plot: \(plot)") }
    }

    /// The best trial's settings for the final model: its configuration (and, for halving, its
    /// epochs), trained on every row unless early stopping needs the validation rows.
    func refitSettings(_ best: TrialRecord, base: TrainSettings) throws -> TrainSettings {
        var settings = try base.applying(best.configuration, spaceText: space)
        if let epochs = best.epochs { settings.epochs = epochs }
        if !settings.earlyStopping { settings.validationSplit = 0 }
        return settings
    }
}
