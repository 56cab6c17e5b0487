import Foundation
import Neural

/// The text and JSON forms of a search's outcome.
enum TuneReport {
    static func meanText(_ record: TrialRecord, metric: SelectionMetric) -> String {
        if record.failure != nil { return "failed" }
        let summary = record.folds.summary(of: metric)
        return EvaluationText.number(summary.mean) + (record.folds.count > 1 ? " ± " + EvaluationText.number(summary.standardDeviation) : "")
    }

    /// One line per finished trial while the search runs.
    static func progressLine(_ record: TrialRecord, metric: SelectionMetric, planned: Int) -> String {
        let epochs = record.epochs.map { ", \($0) epochs" } ?? ""
        let failure = record.failure.map { " (\($0))" } ?? ""
        return "trial \(record.trial + 1)/\(planned)  \(metric.rawValue) \(meanText(record, metric: metric))  \(record.configuration)\(epochs)  \(String(format: "%.1f", record.seconds)) s\(failure)"
    }

    /// The trials ranked (halving: deeper iterations first, as only they compete for best),
    /// best first; NaN scores last.
    static func ranked(_ result: SearchResult, metric: SelectionMetric) -> [TrialRecord] {
        result.trials.sorted { lhs, rhs in
            if lhs.iteration != rhs.iteration { return lhs.iteration > rhs.iteration }
            let left = lhs.score(metric), right = rhs.score(metric)
            if left.isNaN != right.isNaN { return !left.isNaN }
            if left != right && !left.isNaN { return metric.greaterIsBetter ? left > right : left < right }
            return lhs.trial < rhs.trial
        }
    }

    static func leaderboard(_ result: SearchResult, metric: SelectionMetric, top: Int) -> [String] {
        let names = result.trials.first?.configuration.names ?? []
        let halving = result.schedule != nil
        var rows = [["rank", "trial"] + (halving ? ["step"] : []) + [metric.rawValue, "epochs", "seconds"] + names]
        for (rank, record) in ranked(result, metric: metric).prefix(top).enumerated() {
            rows.append([String(rank + 1), String(record.trial + 1)] + (halving ? [String(record.iteration + 1)] : [])
                        + [meanText(record, metric: metric), String(record.epochsRun), String(format: "%.1f", record.seconds)]
                        + record.configuration.values)
        }
        return CrossValidationText.columns(rows)
    }

    /// What `neural tune --json` prints.
    struct JSON: Encodable {
        struct Trial: Encodable {
            var trial: Int
            var candidate: Int
            var iteration: Int
            var epochs: Int?
            var configuration: [String: String]
            var mean: Double
            var std: Double
            var seconds: Double
            var failure: String?
        }
        var metric: String
        var complete: Bool
        var best: Trial?
        var command: String
        var model: String?
        var trials: [Trial]

        init(result: SearchResult, metric: SelectionMetric, command: [String], model: String?) {
            func trial(_ record: TrialRecord) -> Trial {
                let summary = record.failure == nil ? record.folds.summary(of: metric) : (mean: Double.nan, standardDeviation: Double.nan)
                return Trial(trial: record.trial + 1, candidate: record.candidate + 1, iteration: record.iteration + 1,
                             epochs: record.epochs,
                             configuration: Dictionary(uniqueKeysWithValues: zip(record.configuration.names, record.configuration.values)),
                             mean: summary.mean, std: summary.standardDeviation, seconds: record.seconds, failure: record.failure)
            }
            self.metric = metric.rawValue
            complete = result.complete
            best = result.best.map(trial)
            self.command = CommandArguments.shellLine(command)
            self.model = model
            trials = result.trials.map(trial)
        }
    }
}
