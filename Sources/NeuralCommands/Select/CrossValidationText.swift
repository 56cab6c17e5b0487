import Foundation
import Neural

/// The per-fold table and the JSON of `neural cross-validate` (and of a trial in `neural tune`).
enum CrossValidationText {
    /// The metrics shown for a task, by their `neural evaluate --json` keys.
    static func metrics(for task: LearningTask) -> [SelectionMetric] {
        task == .classification ? [.accuracy, .precision, .recall, .f1, .logLoss] : [.mse, .rmse, .mae, .r2]
    }

    /// Columns padded to their widest cell; the first column left-aligned, the rest right-aligned.
    static func columns(_ rows: [[String]], indent: String = "  ") -> [String] {
        guard let width = rows.map(\.count).max() else { return [] }
        let widths = (0..<width).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            indent + row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ").trimmingCharacters(in: .init(charactersIn: " "))
        }
    }

    /// The fold table with the mean ± standard deviation under it.
    static func lines(for folds: [FoldReport], task: LearningTask) -> [String] {
        let metrics = metrics(for: task)
        let repeated = Set(folds.map(\.repeatIndex)).count > 1
        var rows = [(repeated ? ["repeat"] : []) + ["fold", "train", "val", "scored", "epochs"] + metrics.map(\.rawValue)]
        for fold in folds {
            rows.append((repeated ? [String(fold.repeatIndex + 1)] : []) + [
                String(fold.foldIndex + 1), String(fold.trainingRows), String(fold.validationRows), String(fold.scoredRows),
                String(fold.epochs),
            ] + metrics.map { EvaluationText.number($0.value(in: fold.evaluation)) })
        }
        let blank = [String](repeating: "", count: repeated ? 5 : 4)
        rows.append(["mean"] + blank + metrics.map { EvaluationText.number(folds.summary(of: $0).mean) })
        rows.append(["± sd"] + blank + metrics.map { EvaluationText.number(folds.summary(of: $0).standardDeviation) })
        return columns(rows)
    }

    /// What `--json` prints: each fold (1-based numbers) with its metrics under the keys
    /// `neural evaluate --json` uses, and the mean and standard deviation of each metric.
    struct Report: Encodable {
        struct Fold: Encodable {
            var `repeat`: Int
            var fold: Int
            var trainingRows: Int
            var validationRows: Int
            var scoredRows: Int
            var epochs: Int
            var metrics: ModelEvaluation
            enum CodingKeys: String, CodingKey {
                case `repeat`, fold, epochs, metrics
                case trainingRows = "training_rows", validationRows = "validation_rows", scoredRows = "scored_rows"
            }
        }
        var task: LearningTask
        var folds: [Fold]
        var mean: [String: Double]
        var std: [String: Double]

        init(folds reports: [FoldReport], task: LearningTask) {
            self.task = task
            folds = reports.map {
                Fold(repeat: $0.repeatIndex + 1, fold: $0.foldIndex + 1, trainingRows: $0.trainingRows,
                     validationRows: $0.validationRows, scoredRows: $0.scoredRows, epochs: $0.epochs, metrics: $0.evaluation)
            }
            var mean = [String: Double](), std = [String: Double]()
            for metric in CrossValidationText.metrics(for: task) {
                let summary = reports.summary(of: metric)
                mean[metric.rawValue] = summary.mean
                std[metric.rawValue] = summary.standardDeviation
            }
            self.mean = mean
            self.std = std
        }
    }
}
