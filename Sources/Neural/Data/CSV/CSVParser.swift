/// The byte-level CSV state machine. It is fed arbitrary slices of the input (chunk
/// boundaries may fall anywhere, even inside a CRLF or a doubled quote) and assembles one
/// record at a time into `bytes` (all fields concatenated) and `fieldEnds`.
///
/// Line counting: CR, LF and CRLF each end one physical line, inside quoted fields too, so
/// error positions match what an editor shows.
struct CSVParser {
    private enum State {
        /// At the first byte of a field (or before the first field of a record).
        case fieldStart
        /// Inside an unquoted field.
        case unquoted
        /// Inside a quoted field.
        case quoted
        /// Just after a `"` inside a quoted field: either `""` or the closing quote.
        case quoteInQuoted
    }

    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    let delimiter: UInt8
    let maxRecordBytes: Int
    let file: String

    /// The current record's field contents, concatenated.
    private(set) var bytes: [UInt8] = []
    /// `fieldEnds[i]` is the end offset of field `i` in `bytes`; field `i` starts at `fieldEnds[i - 1]` (or 0).
    private(set) var fieldEnds: [Int] = []
    /// The physical line on which the current record starts.
    private(set) var recordLine = 1

    private var state = State.fieldStart
    /// The physical line of the next byte.
    private var line = 1
    private var previousWasCarriageReturn = false
    private var recordStarted = false
    private var quoteLine = 0
    private var quoteColumn = 0

    /// A parser whose first byte is on line `firstLine` (1, or a share's line in the whole file).
    init(delimiter: UInt8, maxRecordBytes: Int, file: String, firstLine: Int = 1) {
        self.line = firstLine
        self.recordLine = firstLine
        self.delimiter = delimiter
        self.maxRecordBytes = maxRecordBytes
        self.file = file
        bytes.reserveCapacity(4096)
        fieldEnds.reserveCapacity(64)
    }

    /// The number of fields in the completed record.
    var fieldCount: Int { fieldEnds.count }

    /// The byte range of field `index` in `bytes`.
    @inline(__always)
    func fieldRange(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : fieldEnds[index - 1])..<fieldEnds[index]
    }

    /// Calls `body` with a view of the completed record.
    // `mutating` so that calling it on the reader's stored parser does not copy the parser.
    mutating func withRecord<R>(_ body: (CSVRecordView) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { bytes in
            try fieldEnds.withUnsafeBufferPointer { ends in
                try body(CSVRecordView(bytes: bytes, fieldEnds: ends))
            }
        }
    }

    /// Clears the completed record so the next one can be assembled (keeps capacity).
    mutating func startRecord() {
        bytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        recordStarted = false
        state = .fieldStart
    }

    @inline(__always)
    private mutating func markStarted() {
        if !recordStarted {
            recordStarted = true
            recordLine = line
        }
    }

    @inline(__always)
    private mutating func countLineBreak(_ byte: UInt8) {
        if byte == Self.carriageReturn {
            line += 1
            previousWasCarriageReturn = true
        } else {
            // The LF of a CRLF was counted at its CR.
            if !previousWasCarriageReturn { line += 1 }
            previousWasCarriageReturn = false
        }
    }

    /// Ends the current field. Each field counts as at least one byte toward the record
    /// limit, so a line of a billion delimiters cannot grow `fieldEnds` without bound either.
    @inline(__always)
    private mutating func endField() throws {
        if bytes.count + fieldEnds.count >= maxRecordBytes {
            throw DataError.recordTooLong(SourceLocation(file: file, line: recordLine), limit: maxRecordBytes)
        }
        fieldEnds.append(bytes.count)
    }

    private mutating func append(_ run: UnsafeBufferPointer<UInt8>) throws {
        guard run.count > 0 else { return }
        if bytes.count + run.count > maxRecordBytes {
            throw DataError.recordTooLong(SourceLocation(file: file, line: recordLine), limit: maxRecordBytes)
        }
        bytes.append(contentsOf: run)
    }

    private mutating func append(byte: UInt8) throws {
        if bytes.count + 1 > maxRecordBytes {
            throw DataError.recordTooLong(SourceLocation(file: file, line: recordLine), limit: maxRecordBytes)
        }
        bytes.append(byte)
    }

    /// Consumes bytes of `input` from `position` until a record is complete (returns `true`,
    /// with `position` just after its terminator) or the input is used up (returns `false`).
    mutating func consume(_ input: UnsafeBufferPointer<UInt8>, position: inout Int) throws -> Bool {
        let end = input.count
        var index = position
        defer { position = index }
        while index < end {
            switch state {
            case .fieldStart:
                let byte = input[index]
                if byte == Self.quote {
                    markStarted()
                    previousWasCarriageReturn = false
                    quoteLine = line
                    quoteColumn = fieldEnds.count + 1
                    state = .quoted
                    index += 1
                } else if byte == Self.lineFeed || byte == Self.carriageReturn {
                    index += 1
                    countLineBreak(byte)
                    if recordStarted {
                        // A delimiter just before the line break: the last field is empty.
                        try endField()
                        return true
                    }
                    // An empty line, or the LF of a CRLF: nothing to emit.
                } else {
                    state = .unquoted
                }
            case .unquoted:
                // Scan a run of ordinary bytes and append it in one go.
                let runStart = index
                while index < end {
                    let byte = input[index]
                    if byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn { break }
                    index += 1
                }
                if index > runStart {
                    markStarted()
                    previousWasCarriageReturn = false
                    try append(UnsafeBufferPointer(rebasing: input[runStart..<index]))
                }
                guard index < end else { return false }
                let byte = input[index]
                index += 1
                if byte == delimiter {
                    markStarted()
                    previousWasCarriageReturn = false
                    try endField()
                    state = .fieldStart
                } else {
                    countLineBreak(byte)
                    try endField()
                    state = .fieldStart
                    return true
                }
            case .quoted:
                let runStart = index
                while index < end {
                    let byte = input[index]
                    if byte == Self.quote || byte == Self.lineFeed || byte == Self.carriageReturn { break }
                    index += 1
                }
                if index > runStart {
                    previousWasCarriageReturn = false
                    try append(UnsafeBufferPointer(rebasing: input[runStart..<index]))
                }
                guard index < end else { return false }
                let byte = input[index]
                index += 1
                if byte == Self.quote {
                    previousWasCarriageReturn = false
                    state = .quoteInQuoted
                } else {
                    // A line break inside quotes is part of the field.
                    countLineBreak(byte)
                    try append(byte: byte)
                }
            case .quoteInQuoted:
                let byte = input[index]
                index += 1
                if byte == Self.quote {
                    previousWasCarriageReturn = false
                    try append(byte: Self.quote)
                    state = .quoted
                } else if byte == delimiter {
                    previousWasCarriageReturn = false
                    try endField()
                    state = .fieldStart
                } else if byte == Self.lineFeed || byte == Self.carriageReturn {
                    countLineBreak(byte)
                    try endField()
                    state = .fieldStart
                    return true
                } else {
                    let location = SourceLocation(file: file, line: line, column: fieldEnds.count + 1)
                    throw DataError.unexpectedCharacterAfterQuote(location, character: Self.describe(byte))
                }
            }
        }
        return false
    }

    /// Called at the end of the input: completes a last record that has no line break.
    /// Returns whether a record was completed.
    mutating func finish() throws -> Bool {
        switch state {
        case .quoted:
            throw DataError.unterminatedQuote(SourceLocation(file: file, line: quoteLine, column: quoteColumn))
        case .quoteInQuoted, .unquoted:
            try endField()
            state = .fieldStart
            return true
        case .fieldStart:
            guard recordStarted else { return false }
            try endField()
            return true
        }
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F { return "\"\(Character(Unicode.Scalar(byte)))\"" }
        return "the byte 0x" + String(byte, radix: 16, uppercase: true)
    }
}
