extension DataTable {
    /// The location of the first missing value among `rows` (all rows when `nil`) in the
    /// columns `names`, scanning rows in order and, within a row, columns in the given order.
    public func firstMissingValue(in names: [String], rows: [Int]? = nil) throws -> SourceLocation? {
        let selected = try names.map { try column(named: $0) }
        for row in rows ?? Array(0..<rowCount) {
            for column in selected where column.isMissing(row) {
                return SourceLocation(file: file, line: lines[row], columnName: column.name)
            }
        }
        return nil
    }

    /// The rows (ascending) with no missing value in any of the columns `names`.
    public func rowsWithoutMissingValues(in names: [String]) throws -> [Int] {
        let selected = try names.map { try column(named: $0) }
        return (0..<rowCount).filter { row in !selected.contains { $0.isMissing(row) } }
    }
}
