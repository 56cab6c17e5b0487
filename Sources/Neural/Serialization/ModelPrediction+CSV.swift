import Foundation

/// Predictions as CSV text, as `neural predict` prints them and `neural serve` answers a CSV
/// request: a header `prediction` (then `p_<class>` per class with probabilities), one line per
/// row with the label (class name, or the value in shortest round-trip form) and the
/// probabilities in shortest round-trip form, fields quoted by RFC 4180 when needed.
extension ModelPrediction {
    /// The header line (with its line feed).
    public static func csvHeader(classNames: [String], probabilities: Bool, delimiter: String = ",") -> String {
        var header = ["prediction"]
        if probabilities { header += classNames.map { "p_" + $0 } }
        return header.map { CSVField.quoted($0, delimiter: delimiter) }.joined(separator: delimiter) + "\n"
    }

    /// One line per row (each with its line feed), probabilities only when asked and present.
    public func csvLines(probabilities: Bool, delimiter: String = ",") -> String {
        var text = ""
        for row in 0..<count {
            text += CSVField.quoted(labels[row], delimiter: delimiter)
            if probabilities, let matrix = self.probabilities {
                for column in 0..<matrix.columns { text += delimiter + "\(matrix[row, column])" }
            }
            text += "\n"
        }
        return text
    }
}

extension ModelPrediction {
    /// The predictions of rows `range` (for handing each request of a batch its own rows).
    public func rows(_ range: Range<Int>) -> ModelPrediction {
        var slice = ModelPrediction(labels: Array(labels[range]), classIndices: [], probabilities: nil, values: [])
        if !classIndices.isEmpty { slice.classIndices = Array(classIndices[range]) }
        if !values.isEmpty { slice.values = Array(values[range]) }
        if let matrix = probabilities {
            let width = matrix.columns
            slice.probabilities = Matrix(rows: range.count, columns: width,
                                         storage: Array(matrix.storage[(range.lowerBound * width)..<(range.upperBound * width)]))
        }
        return slice
    }
}

/// CSV output quoting (RFC 4180).
public enum CSVField {
    /// `text` as a field: quoted, with quotes doubled, when it contains the delimiter, a quote,
    /// a line break, or leading/trailing spaces; as is otherwise.
    public static func quoted(_ text: String, delimiter: String) -> String {
        let needsQuotes = text.contains(delimiter) || text.contains("\"") || text.contains("\n") || text.contains("\r")
            || text.first == " " || text.last == " "
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
