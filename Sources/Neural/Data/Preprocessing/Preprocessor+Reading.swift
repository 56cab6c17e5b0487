import Foundation

extension Preprocessor {
    /// Which columns of a file to read, and as what, for this preprocessor.
    public struct ReadingPlan: Sendable, Equatable {
        /// The input columns, then the target column when the file has it.
        public let columns: [String]
        /// Columns read as categories (categorical inputs; a text classification target).
        public let categorical: Set<String>
        /// Columns that must be numeric (numeric inputs; a regression target; a target whose
        /// classes are all numbers).
        public let numeric: Set<String>
        /// Whether the file has the target column (it may be absent when predicting).
        public let hasTarget: Bool
    }

    /// The plan for a file whose header is `header`. Throws `DataError.missingColumn` (listing
    /// the header) when an input column is absent.
    public func readingPlan(header: [String]) throws -> ReadingPlan {
        let available = Set(header)
        for column in inputColumns where !available.contains(column.name) {
            throw DataError.missingColumn(name: column.name, role: "feature", available: header)
        }
        var columns = inputColumnNames
        var categorical = Set(categoricalColumnNames)
        var numeric = Set(inputColumns.filter { $0.kind == .numeric }.map(\.name))
        let hasTarget = available.contains(targetColumn)
        if hasTarget {
            columns.append(targetColumn)
            // Numeric class names ("1", "2", "10") were formatted from numbers: read the target
            // as numbers again so that "1.0" still means class "1".
            if let labelEncoder, !labelEncoder.classes.allSatisfy({ ValueParsing.decimalValue($0) != nil }) {
                categorical.insert(targetColumn)
            } else {
                numeric.insert(targetColumn)
            }
        }
        return ReadingPlan(columns: columns, categorical: categorical, numeric: numeric, hasTarget: hasTarget)
    }

    /// Reads the file at `url` with the types this preprocessor expects (see `readingPlan`).
    public func readTable(contentsOf url: URL, options: CSVOptions = CSVOptions()) throws -> DataTable {
        try readTable(from: CSVReader(contentsOf: url, options: options))
    }

    /// Reads CSV text with the types this preprocessor expects; `name` stands for the file.
    public func readTable(csvText: String, name: String = "<text>", options: CSVOptions = CSVOptions()) throws -> DataTable {
        try readTable(from: CSVReader(text: csvText, name: name, options: options))
    }

    private func readTable(from reader: CSVReader) throws -> DataTable {
        let plan = try readingPlan(header: reader.header)
        return try DataTable(reader: reader, columns: plan.columns, categorical: plan.categorical, numeric: plan.numeric)
    }

    /// Streams the file at `url` in blocks of at most `rowsPerBlock` rows, each typed as this
    /// preprocessor expects, so that predicting on a file of any length needs memory for one
    /// block only. `body` gets each block in file order.
    public func forEachBlock(ofFile url: URL, options: CSVOptions = CSVOptions(), rowsPerBlock: Int = 65_536,
                             _ body: (DataTable) throws -> Void) throws {
        let reader = try CSVReader(contentsOf: url, options: options)
        let plan = try readingPlan(header: reader.header)
        while true {
            let block = try DataTable(reader: reader, columns: plan.columns, categorical: plan.categorical,
                                      numeric: plan.numeric, maxRows: rowsPerBlock)
            if block.rowCount == 0 { return }
            try body(block)
        }
    }
}
