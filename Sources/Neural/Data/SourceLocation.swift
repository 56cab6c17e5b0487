/// Where a value came from in a delimited text file, for error messages.
///
/// `line` is the 1-based physical line on which the record starts (a quoted field that
/// spans several lines is reported at the record's first line); `column` is the 1-based
/// field index within the record, and `columnName` the header name of that field when known.
public struct SourceLocation: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// The file as the user named it (a path), or a description such as `"<text>"` or `"iris"`.
    public var file: String
    /// 1-based physical line number.
    public var line: Int
    /// 1-based field index, when the error concerns one field.
    public var column: Int?
    /// The header name of `column`, when known.
    public var columnName: String?

    public init(file: String, line: Int, column: Int? = nil, columnName: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
    }

    /// `data.csv, line 7, column 3 ("price")`.
    public var description: String {
        var text = "\(file), line \(line)"
        if let column {
            text += ", column \(column)"
            if let columnName { text += " (\"\(columnName)\")" }
        } else if let columnName {
            text += ", column \"\(columnName)\""
        }
        return text
    }
}
