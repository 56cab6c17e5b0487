import Foundation
import Neural

/// Plain-text and JSON forms of evaluations and training runs, for standard output.
enum EvaluationText {
    /// A number with 4 significant digits (integers in full), "n/a" when not finite.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        if value == value.rounded() && abs(value) < 1e9 { return String(Int(value)) }
        return String(format: "%.4g", value)
    }

    /// Lines of `name  value` pairs with the names padded to one width.
    static func table(_ rows: [(String, String)], indent: String = "  ") -> [String] {
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { indent + $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
    }

    /// The metrics of an evaluation, one per line, followed for a classifier by its confusion matrix.
    static func lines(for evaluation: ModelEvaluation) -> [String] {
        switch evaluation {
        case .classification(let report):
            var lines = table([
                ("accuracy", number(report.accuracy)),
                ("precision", number(report.precision) + "  (macro)"),
                ("recall", number(report.recall) + "  (macro)"),
                ("f1", number(report.f1) + "  (macro)"),
                ("log-loss", report.logLoss.map(number) ?? "n/a"),
                ("samples", String(report.samples)),
            ])
            lines.append("")
            if report.classes.count <= confusionDisplayLimit, report.confusion != nil {
                lines.append("Confusion matrix (rows: actual class, columns: predicted class)")
                lines += confusionMatrix(report.confusionMatrix, classes: report.classes)
            } else if report.confusion != nil {
                lines.append("Confusion matrix not shown for \(report.classes.count) classes (more than \(confusionDisplayLimit)); --json prints it.")
            }
            return lines
        case .regression(let report):
            return table([
                ("mse", number(report.mse)),
                ("rmse", number(report.rmse)),
                ("mae", number(report.mae)),
                ("r2", number(report.r2)),
                ("samples", String(report.samples)),
            ])
        }
    }

    /// The most classes whose confusion matrix is printed as text or drawn in a plot (a wider
    /// table does not fit a terminal; the matrix is then in `--json`).
    static let confusionDisplayLimit = 30

    /// The confusion matrix as an aligned table with the class names on both axes.
    static func confusionMatrix(_ matrix: [[Double]], classes: [String]) -> [String] {
        let cells = matrix.map { $0.map(number) }
        let labelWidth = max(classes.map(\.count).max() ?? 0, 6)
        let columnWidths = classes.indices.map { column in
            max(classes[column].count, cells.map { $0[column].count }.max() ?? 1)
        }
        func pad(_ text: String, _ width: Int, left: Bool) -> String {
            let padding = String(repeating: " ", count: max(0, width - text.count))
            return left ? text + padding : padding + text
        }
        var lines = ["  " + pad("", labelWidth, left: true) + "  "
                     + classes.indices.map { pad(classes[$0], columnWidths[$0], left: false) }.joined(separator: "  ")]
        for (row, name) in classes.enumerated() {
            lines.append("  " + pad(name, labelWidth, left: true) + "  "
                         + cells[row].indices.map { pad(cells[row][$0], columnWidths[$0], left: false) }.joined(separator: "  "))
        }
        return lines
    }

    /// JSON text of `value` (sorted keys; NaN and infinities as strings).
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// What `neural train --json` prints: the per-epoch history and the final metrics.
struct TrainingJSON: Encodable {
    struct HistoryJSON: Encodable {
        var loss: [Double]
        var valLoss: [Double]
        var learningRate: [Double]
        enum CodingKeys: String, CodingKey {
            case loss
            case valLoss = "val_loss"
            case learningRate = "learning_rate"
        }
    }
    struct RowsJSON: Encodable {
        var training: Int
        var validation: Int
        var test: Int
    }
    struct MissingJSON: Encodable {
        var policy: String
        var filled: [PreparedData.FilledColumn]
        var droppedRows: Int
        enum CodingKeys: String, CodingKey {
            case policy, filled
            case droppedRows = "dropped_rows"
        }
    }
    var history: HistoryJSON
    var metrics: ModelEvaluation?
    /// Rows in each set after dropping rows with missing values.
    var rows: RowsJSON?
    /// Which rows `metrics` were measured on: "test", "validation" or "training".
    var metricsOn: String?
    var missing: MissingJSON?
    /// Epochs run and why training stopped (`completed`, `noImprovement` when converged, …).
    var epochs: Int?
    var stopReason: String?

    enum CodingKeys: String, CodingKey {
        case history, metrics, rows, missing, epochs
        case metricsOn = "metrics_on"
        case stopReason = "stop_reason"
    }

    init(history: History, metrics: ModelEvaluation?) {
        // The schedule works in Float: print each rate as the Float it was (0.001, not
        // 0.0010000000474974513, its exact widening to Double).
        let rates = history.learningRate.map { Double(Float($0).description) ?? $0 }
        self.history = HistoryJSON(loss: history.loss, valLoss: history.validationLoss, learningRate: rates)
        self.metrics = metrics
    }
}
