/// One data row of a CSV file: its fields as text and the line it starts on.
public struct CSVRow: Sendable, Equatable {
    /// The fields, unquoted (`""` inside quotes becomes `"`), in header order.
    public var fields: [String]
    /// The 1-based physical line on which the row starts.
    public var line: Int

    public init(fields: [String], line: Int) {
        self.fields = fields
        self.line = line
    }

    /// Field `index` (0-based).
    public subscript(index: Int) -> String { fields[index] }
}
