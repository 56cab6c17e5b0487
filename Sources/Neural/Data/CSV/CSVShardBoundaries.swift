/// Where each of `parts` processes' share of a CSV file's records begins and ends, by bytes.
///
/// Part r holds the records that start at or after the first record start at or after byte
/// r·size/parts, up to the first record start at or after byte (r+1)·size/parts; the header
/// belongs to no part (every part reads it). A record start is the byte after a line break
/// outside quotes (after the LF of a CRLF). Because a quoted field may contain line breaks,
/// whether a line break ends a record depends on every quote before it, so the file is
/// scanned once from its start, for quote state only, as `CSVParser` would read it (a `"`
/// opens a quoted field only at a field's first byte).
struct CSVShardBoundaries {
    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    let delimiter: UInt8
    let parts: Int
    let size: Int

    private var state = State.fieldStart
    private var position = 0
    /// The byte before `position` ended a line outside quotes.
    private var afterLineBreak = false
    private var previousWasCarriageReturn = false
    /// Whether a byte other than a line break (or the byte-order mark) has been seen: the header's.
    private var sawHeaderByte = false
    private var headerEnd: Int?
    /// How many bytes of the byte-order mark the file starts with.
    private var markLength = 0
    /// `starts[k]` for k in 1..<parts, found so far (in order).
    private var starts: [Int] = []

    /// A scanner for a file of `size` bytes split into `parts` parts.
    /// - Precondition: `parts` > 0, `size` >= 0.
    init(delimiter: UInt8, parts: Int, size: Int) {
        precondition(parts > 0 && size >= 0, "CSV shards need parts > 0 and size >= 0, got \(parts) and \(size)")
        self.delimiter = delimiter
        self.parts = parts
        self.size = size
    }

    /// The byte range of every part, `parts` ranges that cover the records after the header.
    static func ranges(of bytes: [UInt8], delimiter: UInt8, parts: Int) -> [Range<Int>] {
        var scanner = CSVShardBoundaries(delimiter: delimiter, parts: parts, size: bytes.count)
        bytes.withUnsafeBufferPointer { scanner.scan($0) }
        return scanner.finish()
    }

    /// Feeds the next bytes of the file (chunks may end anywhere).
    mutating func scan(_ chunk: UnsafeBufferPointer<UInt8>) {
        for byte in chunk {
            if afterLineBreak && !(previousWasCarriageReturn && byte == Self.lineFeed) {
                recordStart(at: position)
            }
            afterLineBreak = false
            let isLineBreak = byte == Self.lineFeed || byte == Self.carriageReturn
            // The byte-order mark at the start is not part of the header (the reader skips it).
            let inMark = position < 3 && position == markLength && byte == Self.byteOrderMark[position]
            if inMark { markLength += 1 } else if !isLineBreak { sawHeaderByte = true }
            switch state {
            case .fieldStart, .unquoted:
                if byte == Self.quote && state == .fieldStart {
                    state = .quoted
                } else if byte == delimiter {
                    state = .fieldStart
                } else if isLineBreak {
                    state = .fieldStart
                    afterLineBreak = true
                } else {
                    state = .unquoted
                }
            case .quoted:
                if byte == Self.quote { state = .quoteInQuoted }
            case .quoteInQuoted:
                if byte == Self.quote {
                    state = .quoted
                } else if isLineBreak {
                    state = .fieldStart
                    afterLineBreak = true
                } else {
                    // The delimiter, or a byte the parser will refuse with its line and column.
                    state = .fieldStart
                }
            }
            previousWasCarriageReturn = byte == Self.carriageReturn
            position += 1
        }
    }

    private mutating func recordStart(at offset: Int) {
        guard sawHeaderByte else { return }
        if headerEnd == nil { headerEnd = offset }
        while starts.count < parts - 1 && offset >= target(starts.count + 1) {
            starts.append(offset)
        }
    }

    /// r·size/parts without overflow for any file size.
    private func target(_ part: Int) -> Int {
        Int((Double(part) * Double(size) / Double(parts)).rounded(.down))
    }

    /// The parts' byte ranges, once every byte has been scanned.
    /// - Precondition: exactly `size` bytes were scanned.
    mutating func finish() -> [Range<Int>] {
        precondition(position == size, "CSV shards scanned \(position) bytes of a \(size)-byte file")
        let first = headerEnd ?? size
        let bounds = [first] + (1..<parts).map { k in max(first, k - 1 < starts.count ? starts[k - 1] : size) } + [size]
        return (0..<parts).map { bounds[$0]..<bounds[$0 + 1] }
    }
}
