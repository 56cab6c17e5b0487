import Foundation

/// Streams the rows of a CSV file (see `CSVOptions` for the dialect).
///
/// The file is read `options.chunkSize` bytes at a time and parsed byte by byte into one
/// record buffer, so memory stays bounded by the chunk size plus the longest record
/// (itself bounded by `options.maxRecordBytes`), however large the file. The header is read
/// and checked when the reader is created.
///
/// ```swift
/// let reader = try CSVReader(contentsOf: url)
/// while let row = try reader.next() { print(row.line, row.fields) }
/// ```
///
/// Errors are `DataError`s naming the file, the 1-based line and the 1-based column:
/// an empty file, a header without data rows, duplicate header names, a row whose field count
/// differs from the header's, an unterminated quote (where it opened), a stray character after
/// a closing quote, invalid UTF-8, and a record longer than the limit.
public final class CSVReader {
    /// The file's name as given by the user, used in error messages.
    public let file: String
    /// The header names, in order, trimmed of surrounding spaces and tabs (as values are when
    /// typed: `a, price` names the columns `a` and `price`). An empty name becomes `column_N`
    /// (N the 1-based column), as a leading index column written by pandas has no name.
    public private(set) var header: [String]
    /// The options the reader was created with.
    public let options: CSVOptions

    private var source: CSVByteSource
    // Accessed once per record on the hot path; never re-entered, so the dynamic
    // exclusivity check of a class property is skipped.
    @exclusivity(unchecked) private var parser: CSVParser
    private let chunk: UnsafeMutableRawBufferPointer
    private var chunkCount = 0
    private var chunkPosition = 0
    private var atEnd = false
    private var peekedRecord = false

    /// A reader over the file at `url`. Throws if the file cannot be opened, is empty, has
    /// duplicate header names, or has a header and no data rows.
    public convenience init(contentsOf url: URL, options: CSVOptions = CSVOptions()) throws {
        let path = url.path
        try self.init(source: CSVByteSource.open(path: path), file: path, options: options)
    }

    /// A reader over text in memory; `name` stands for the file in error messages.
    public convenience init(text: String, name: String = "<text>", options: CSVOptions = CSVOptions()) throws {
        try self.init(bytes: Array(text.utf8), name: name, options: options)
    }

    /// A reader over bytes in memory; `name` stands for the file in error messages.
    public convenience init(bytes: [UInt8], name: String = "<bytes>", options: CSVOptions = CSVOptions()) throws {
        try self.init(source: .memory(bytes: bytes, offset: 0), file: name, options: options)
    }

    /// A reader over one process's share of the file at `url` (see `CSVShardBoundaries`): the
    /// header from the file's start, then the records of `shard.bytes` only, each numbered by
    /// its line in the whole file. A share may hold no record (then `next()` is `nil` at once).
    public convenience init(contentsOf url: URL, shard: CSVShard, options: CSVOptions = CSVOptions()) throws {
        let path = url.path
        let header = try CSVReader(contentsOf: url, options: options).header
        try self.init(source: CSVByteSource.open(path: path, range: shard.bytes), file: path, options: options,
                      header: header, firstLine: shard.firstLine)
    }

    /// A reader over records that follow a header read elsewhere, starting on line `firstLine`.
    private init(source: CSVByteSource, file: String, options: CSVOptions, header: [String], firstLine: Int) throws {
        self.file = file
        self.options = options
        self.source = source
        self.parser = CSVParser(delimiter: options.delimiter, maxRecordBytes: options.maxRecordBytes, file: file,
                                firstLine: firstLine)
        self.chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: max(options.chunkSize, 3), alignment: 16)
        self.header = header
        do {
            if try readRecord() {
                try checkFieldCount()
                peekedRecord = true
            }
        } catch {
            self.source.close()
            throw error
        }
    }

    private init(source: CSVByteSource, file: String, options: CSVOptions) throws {
        self.file = file
        self.options = options
        self.source = source
        self.parser = CSVParser(delimiter: options.delimiter, maxRecordBytes: options.maxRecordBytes, file: file)
        // Room for a 3-byte byte-order mark even when the chunk size is tiny (tests use 1).
        self.chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: max(options.chunkSize, 3), alignment: 16)
        self.header = []
        do {
            try skipByteOrderMark()
            guard try readRecord() else { throw DataError.emptyFile(file: file) }
            var unnamed = Set<Int>()
            let names = try (0..<parser.fieldCount).map { column in
                let text = ValueParsing.trimmed(try fieldText(column))
                if text.isEmpty { unnamed.insert(column) }
                return text.isEmpty ? "column_\(column + 1)" : text
            }
            var seen = [String: Int]()
            for (index, name) in names.enumerated() {
                if let first = seen[name] {
                    // Only one of two equal names can be a generated one (column_N is unique to N).
                    if let empty = [first, index].first(where: unnamed.contains) {
                        throw DataError.unnamedColumnNameTaken(file: file, column: empty + 1, name: name,
                                                               namedColumn: (empty == first ? index : first) + 1)
                    }
                    throw DataError.duplicateColumnName(file: file, name: name, first: first + 1, second: index + 1)
                }
                seen[name] = index
            }
            self.header = names
            // Fail early on a header-only file, and keep the first data record for `next()`.
            guard try readRecord() else { throw DataError.noDataRows(file: file) }
            try checkFieldCount()
            peekedRecord = true
        } catch {
            self.source.close()
            throw error
        }
    }

    deinit {
        source.close()
        chunk.deallocate()
    }

    /// The next row, or `nil` at the end of the file.
    public func next() throws -> CSVRow? {
        guard try advance() else { return nil }
        let fields = try (0..<parser.fieldCount).map { try fieldText($0) }
        return CSVRow(fields: fields, line: parser.recordLine)
    }

    /// Calls `body` with every remaining row, in order.
    public func forEachRow(_ body: (CSVRow) throws -> Void) throws {
        while let row = try next() { try body(row) }
    }

    // MARK: Byte-level access for the table loader (no String per numeric field)

    /// Moves to the next data record; `false` at the end. Checks the field count.
    func advance() throws -> Bool {
        if peekedRecord {
            peekedRecord = false
            return true
        }
        guard try readRecord() else { return false }
        try checkFieldCount()
        return true
    }

    /// The line on which the current record starts.
    var currentLine: Int { parser.recordLine }

    /// Calls `body` with a view of the current record's fields (one access to the parser's
    /// buffers per record, not per field: this is the table loader's hot path).
    func withCurrentRecord<R>(_ body: (CSVRecordView) throws -> R) rethrows -> R {
        try parser.withRecord(body)
    }

    /// Field `column` of the current record as validated UTF-8 text.
    func fieldText(_ column: Int) throws -> String {
        try withCurrentRecord { record in
            guard let text = CSVRecordView.text(record.field(column)) else {
                throw DataError.invalidUTF8(location(column: column))
            }
            return text
        }
    }

    /// The location of field `column` of the current record.
    func location(column: Int) -> SourceLocation {
        SourceLocation(file: file, line: parser.recordLine, column: column + 1,
                       columnName: column < header.count ? header[column] : nil)
    }

    // MARK: Reading

    private func checkFieldCount() throws {
        if parser.fieldCount != header.count {
            throw DataError.raggedRow(SourceLocation(file: file, line: parser.recordLine),
                                      fieldCount: parser.fieldCount, headerCount: header.count)
        }
    }

    private func refill() throws {
        guard let base = chunk.baseAddress else { return }
        chunkCount = try source.read(into: base, count: options.chunkSize, file: file)
        chunkPosition = 0
        if chunkCount == 0 { atEnd = true }
    }

    /// Skips a UTF-8 byte-order mark (EF BB BF) at the very start, reading as many chunks as
    /// needed to see three bytes.
    private func skipByteOrderMark() throws {
        guard let base = chunk.baseAddress else { return }
        var count = 0
        while count < 3 {
            let got = try source.read(into: base + count, count: max(options.chunkSize - count, 1), file: file)
            if got == 0 { break }
            count += got
        }
        chunkCount = count
        chunkPosition = 0
        atEnd = count == 0
        if count >= 3, chunk[0] == 0xEF, chunk[1] == 0xBB, chunk[2] == 0xBF { chunkPosition = 3 }
    }

    /// Assembles the next record into the parser; `false` at the end of the input.
    private func readRecord() throws -> Bool {
        parser.startRecord()
        while true {
            if chunkPosition >= chunkCount {
                if atEnd { return try parser.finish() }
                try refill()
                if atEnd { return try parser.finish() }
            }
            let view = UnsafeBufferPointer(start: chunk.baseAddress?.assumingMemoryBound(to: UInt8.self), count: chunkCount)
            if try parser.consume(view, position: &chunkPosition) { return true }
        }
    }
}
