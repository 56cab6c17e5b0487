import Foundation

/// Number and table formatting shared by the `explain` topics.
enum ExplainFormat {
    /// A number for people: integers without a decimal point, others with up to `digits`
    /// significant digits (trailing zeros dropped), very large or small ones in e-notation.
    static func number(_ value: Double, digits: Int = 6) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "∞" : "−∞" }
        if value == 0 { return "0" }
        if value == value.rounded(), abs(value) < 1e9 { return String(Int64(value)) }
        return String(format: "%.\(digits)g", value)
    }

    /// `number` of a list, comma-separated in parentheses: `(1, 2.5, 3)`.
    static func list(_ values: [Double], digits: Int = 6) -> String {
        "(" + values.map { number($0, digits: digits) }.joined(separator: ", ") + ")"
    }

    /// A number in parentheses when negative, for use inside a sum: `2 + (−0.5)`.
    static func term(_ value: Double, digits: Int = 6) -> String {
        value < 0 ? "(" + number(value, digits: digits) + ")" : number(value, digits: digits)
    }

    /// A heading underlined with `─`.
    static func heading(_ text: String) -> String {
        text + "\n" + String(repeating: "─", count: text.count)
    }
}

/// A plain-text table: columns of numbers right-aligned, other columns left-aligned, a rule
/// under the header.
struct TextTable {
    var headers: [String]
    var rows: [[String]] = []
    var indent = "  "

    init(_ headers: [String]) { self.headers = headers }

    mutating func add(_ cells: [String]) { rows.append(cells) }

    func render() -> String {
        let columnCount = headers.count
        var widths = headers.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() where column < columnCount {
                widths[column] = max(widths[column], cell.count)
            }
        }
        // A column is numeric when every cell is a number (or empty).
        let numeric = (0..<columnCount).map { column in
            rows.allSatisfy { row in
                column >= row.count || row[column].isEmpty || Double(row[column].replacingOccurrences(of: "∞", with: "inf")) != nil
            }
        }
        func line(_ cells: [String]) -> String {
            let padded = (0..<columnCount).map { column -> String in
                let cell = column < cells.count ? cells[column] : ""
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return numeric[column] ? padding + cell : cell + padding
            }
            var text = indent + padded.joined(separator: "   ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        let rule = indent + widths.map { String(repeating: "─", count: $0) }.joined(separator: "   ")
        return ([line(headers), rule] + rows.map(line)).joined(separator: "\n")
    }
}
