import Foundation

/// A typed table read from a CSV file: one `DataColumn` per selected column and the physical
/// line of every row (so later errors — a missing value, an unseen category — can name it).
///
/// Typing rules (see `ValueParsing` for the exact grammar):
/// - a column is numeric when every present value is a number, categorical when none is or
///   when it is named in `categorical`;
/// - a column with both numbers and other text is an error (`DataError.mixedColumn`) naming the
///   first value of the rarer kind — almost always a typo;
/// - `inf`/`-inf`, or a number that overflows `Float`, in a numeric column is an error;
/// - missing values (empty, `NA`, `NaN`, any case) are kept as NaN / code -1; what to do with
///   them is decided later by a `MissingValuePolicy`.
public struct DataTable: Sendable, Equatable {
    /// The file as the user named it, for messages.
    public let file: String
    /// The selected columns, in selection order (header order when no selection was given).
    public let columns: [DataColumn]
    /// `lines[i]` is the 1-based physical line on which row `i` starts.
    public let lines: [Int]
    /// The position of each column name in `columns` (the first, should a name repeat), so that
    /// finding a column is O(1) and a table of d columns is used in O(d), not O(d²).
    private let positions: [String: Int]

    public init(file: String, columns: [DataColumn], lines: [Int]) {
        var positions = [String: Int](minimumCapacity: columns.count)
        for (position, column) in columns.enumerated() {
            precondition(column.count == lines.count,
                         "Column \(column.name) has \(column.count) rows, the table has \(lines.count)")
            if positions[column.name] == nil { positions[column.name] = position }
        }
        self.file = file
        self.columns = columns
        self.lines = lines
        self.positions = positions
    }

    public static func == (lhs: DataTable, rhs: DataTable) -> Bool {
        lhs.file == rhs.file && lhs.columns == rhs.columns && lhs.lines == rhs.lines
    }

    /// The number of rows.
    public var rowCount: Int { lines.count }

    /// The column names, in order.
    public var columnNames: [String] { columns.map(\.name) }

    /// The column called `name`; throws `DataError.missingColumn` listing the available ones.
    /// `role` says what the column was wanted for ("target", "feature", …) in the message.
    public func column(named name: String, role: String = "column") throws -> DataColumn {
        guard let position = positions[name] else {
            throw DataError.missingColumn(name: name, role: role, available: columnNames)
        }
        return columns[position]
    }

    /// Whether the table has a column called `name` (O(1)).
    public func hasColumn(named name: String) -> Bool { positions[name] != nil }

    /// The location of row `row` (0-based) in column `name`.
    public func location(row: Int, column name: String? = nil) -> SourceLocation {
        SourceLocation(file: file, line: lines[row], column: nil, columnName: name)
    }

    /// The rows `indices`, in that order.
    public func selecting(rows indices: [Int]) -> DataTable {
        DataTable(file: file, columns: columns.map { $0.selecting(rows: indices) },
                  lines: indices.map { lines[$0] })
    }
}

extension DataTable {
    /// Reads and types the CSV file at `url`, streaming it (memory grows with the typed
    /// values, 4–8 bytes per selected cell, not with the text).
    /// - Parameters:
    ///   - url: the CSV file.
    ///   - options: delimiter, quoting, header and missing-value markers.
    ///   - columns: the columns to keep, in this order; `nil` keeps all of them. Unselected
    ///     columns are not typed, so a bad value there is not an error.
    ///   - categorical: columns to read as categories even if their values look numeric.
    ///   - numeric: columns that must be numeric: a text value there is `DataError.notNumeric`
    ///     at once, naming its line and column (used when the expected types are known, as
    ///     when predicting with a fitted `Preprocessor`).
    public init(contentsOf url: URL, options: CSVOptions = CSVOptions(),
                columns: [String]? = nil, categorical: Set<String> = [], numeric: Set<String> = []) throws {
        let reader = try CSVReader(contentsOf: url, options: options)
        try self.init(reader: reader, columns: columns, categorical: categorical, numeric: numeric)
    }

    /// Reads and types CSV text; `name` stands for the file in messages.
    public init(csvText: String, name: String = "<text>", options: CSVOptions = CSVOptions(),
                columns: [String]? = nil, categorical: Set<String> = [], numeric: Set<String> = []) throws {
        let reader = try CSVReader(text: csvText, name: name, options: options)
        try self.init(reader: reader, columns: columns, categorical: categorical, numeric: numeric)
    }

    /// Reads and types the remaining rows of `reader`, or at most `maxRows` of them (the reader
    /// then stays positioned after them, so a file can be processed in blocks of bounded
    /// memory; a block after the last row has no rows).
    public init(reader: CSVReader, columns: [String]? = nil, categorical: Set<String> = [],
                numeric: Set<String> = [], maxRows: Int? = nil) throws {
        precondition(maxRows.map { $0 > 0 } ?? true, "maxRows must be positive, got \(maxRows ?? 0)")
        precondition(categorical.isDisjoint(with: numeric),
                     "Columns cannot be both categorical and numeric: \(categorical.intersection(numeric).sorted())")
        let header = reader.header
        let selected = columns ?? header
        // Header names are unique (`CSVReader` checks): one dictionary makes every look-up O(1).
        var headerIndex = [String: Int](minimumCapacity: header.count)
        for (index, name) in header.enumerated() where headerIndex[name] == nil { headerIndex[name] = index }
        var builders = [ColumnBuilder]()
        builders.reserveCapacity(selected.count)
        for name in selected {
            guard let index = headerIndex[name] else {
                throw DataError.missingColumn(name: name, role: "column", available: header)
            }
            let declared: DataColumn.Kind? = categorical.contains(name) ? .categorical : numeric.contains(name) ? .numeric : nil
            builders.append(ColumnBuilder(name: name, headerIndex: index, declaredKind: declared))
        }
        for name in categorical.sorted() where headerIndex[name] == nil {
            throw DataError.missingColumn(name: name, role: "categorical column", available: header)
        }
        var lines = [Int]()
        // Every 4096 rows, the table's size (8 bytes of line number, at most 8 of value and code
        // per column) is compared with half the memory there was when reading began; a file too
        // large, or one that keeps growing, stops with an error instead of exhausting memory.
        let budget = MemoryBudget.availableBytes() / 2
        let bytesPerRow = 8 + 8 * builders.count
        while lines.count < maxRows ?? Int.max, try reader.advance() {
            if lines.count % 4096 == 0, lines.count > 0 {
                let bytes = MemoryBudget.product(lines.count, bytesPerRow) ?? Int.max
                if UInt64(bytes) > budget {
                    throw DataError.tableTooLarge(file: reader.file, rows: lines.count, bytes: bytes, available: budget * 2)
                }
            }
            lines.append(reader.currentLine)
            try reader.withCurrentRecord { record in
                for position in builders.indices {
                    let index = builders[position].headerIndex
                    try builders[position].add(record.field(index)) { reader.location(column: index) }
                }
            }
        }
        let typed = try builders.map { try $0.finish(file: reader.file) }
        self.init(file: reader.file, columns: typed, lines: lines)
    }
}

/// Accumulates one column while the file streams by, and decides its kind at the end.
struct ColumnBuilder {
    let name: String
    let headerIndex: Int
    let declaredKind: DataColumn.Kind?
    private var isCategorical: Bool { declaredKind == .categorical }

    private var values: [Float] = []
    /// Allocated when the first text value appears (then back-filled with -1).
    private var codes: [Int32] = []
    private var hasText = false
    private var categoryCodes: [String: Int32] = [:]
    private var categories: [String] = []
    private var numberCount = 0
    private var textCount = 0
    private var firstNumber: (location: SourceLocation, text: String)?
    private var firstText: (location: SourceLocation, text: String)?
    private var firstNonFinite: (location: SourceLocation, text: String)?

    init(name: String, headerIndex: Int, declaredKind: DataColumn.Kind?) {
        self.name = name
        self.headerIndex = headerIndex
        self.declaredKind = declaredKind
    }

    private mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, location: () -> SourceLocation) throws -> Int32 {
        guard let text = CSVRecordView.text(bytes) else {
            throw DataError.invalidUTF8(location())
        }
        if let code = categoryCodes[text] { return code }
        let code = Int32(categories.count)
        categoryCodes[text] = code
        categories.append(text)
        return code
    }

    /// Appends the code of the current row, whose value has already been appended to `values`.
    private mutating func appendCode(_ code: Int32) {
        if !hasText {
            hasText = true
            codes.reserveCapacity(values.capacity)
            codes.append(contentsOf: repeatElement(-1, count: values.count - 1))
        }
        codes.append(code)
    }

    mutating func add(_ raw: UnsafeBufferPointer<UInt8>, location: () -> SourceLocation) throws {
        let bytes = ValueParsing.trimmed(raw)
        if isCategorical {
            if bytes.isEmpty || ValueParsing.isMissingMarker(bytes) {
                values.append(.nan)
                if hasText { codes.append(-1) }
            } else {
                values.append(.nan)
                appendCode(try intern(bytes, location: location))
            }
            return
        }
        switch ValueParsing.parse(bytes) {
        case .missing:
            values.append(.nan)
            if hasText { codes.append(-1) }
        case let .number(value):
            values.append(value)
            if hasText { codes.append(-1) }
            numberCount += 1
            if firstNumber == nil { firstNumber = (location(), String(decoding: bytes, as: UTF8.self)) }
        case .nonFinite where declaredKind == .numeric:
            throw DataError.nonFiniteValue(location(), value: String(decoding: bytes, as: UTF8.self))
        case .text where declaredKind == .numeric:
            throw DataError.notNumeric(location(), value: CSVRecordView.text(bytes) ?? String(decoding: bytes, as: UTF8.self))
        case .nonFinite:
            // Kept as text so that a text column with a category such as "Inf" still works;
            // it is an error only if the column turns out numeric.
            values.append(.nan)
            appendCode(try intern(bytes, location: location))
            if firstNonFinite == nil { firstNonFinite = (location(), String(decoding: bytes, as: UTF8.self)) }
        case .text:
            values.append(.nan)
            appendCode(try intern(bytes, location: location))
            textCount += 1
            if firstText == nil { firstText = (location(), String(decoding: bytes, as: UTF8.self)) }
        }
    }

    func finish(file: String) throws -> DataColumn {
        if isCategorical || (numberCount == 0 && textCount > 0) {
            let allCodes = hasText ? codes : [Int32](repeating: -1, count: values.count)
            return DataColumn(name: name, codes: allCodes, categories: categories)
        }
        if textCount > 0, let firstNumber, let firstText {
            // The rarer kind is the likely typo; on a tie, text in a numeric column.
            if numberCount < textCount {
                throw DataError.mixedColumn(firstNumber.location, value: firstNumber.text, expected: "text",
                                            example: firstText.text, exampleLine: firstText.location.line)
            }
            throw DataError.mixedColumn(firstText.location, value: firstText.text, expected: "numbers",
                                        example: firstNumber.text, exampleLine: firstNumber.location.line)
        }
        if let firstNonFinite {
            throw DataError.nonFiniteValue(firstNonFinite.location, value: firstNonFinite.text)
        }
        return DataColumn(name: name, values: values)
    }
}
