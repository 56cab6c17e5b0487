import Foundation

/// One process's share of a CSV file's records: its byte range (after the header), and the
/// 1-based physical line its first byte is on, so that its rows name their lines in the whole
/// file (`CSVReader(contentsOf:shard:options:)` reads it).
public struct CSVShard: Sendable, Equatable {
    /// The bytes of the file this share reads (empty when it holds no record).
    public let bytes: Range<Int>
    /// The physical line of `bytes.lowerBound` (CR, LF and CRLF each end a line, as the reader counts).
    public let firstLine: Int

    public init(bytes: Range<Int>, firstLine: Int) {
        precondition(bytes.lowerBound >= 0 && firstLine >= 1, "CSVShard(bytes: \(bytes), firstLine: \(firstLine))")
        self.bytes = bytes
        self.firstLine = firstLine
    }
}

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
    /// `starts[k]` for k in 1..<parts, found so far (in order), with the line each is on.
    private var starts: [Int] = []
    private var startLines: [Int] = []
    /// Physical line breaks before `position` (inside quotes too, as the parser counts them).
    private var lineBreaks = 0
    private var headerEndLine = 1

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

    /// Every part's share of the CSV file at `path`, read once from its start in pieces of 1 MiB.
    /// Throws `DataError.unreadableFile` when the file cannot be read or changes size meanwhile.
    static func shards(ofFileAt path: String, delimiter: UInt8, parts: Int) throws -> [CSVShard] {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = (attributes[.size] as? NSNumber)?.intValue else {
            throw DataError.unreadableFile(file: path, reason: "its size cannot be read")
        }
        var source = try CSVByteSource.open(path: path)
        defer { source.close() }
        var scanner = CSVShardBoundaries(delimiter: delimiter, parts: parts, size: size)
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        var scanned = 0
        while scanned < size, let base = chunk.baseAddress {
            let count = try source.read(into: base, count: min(chunk.count, size - scanned), file: path)
            if count == 0 { break }
            scanner.scan(UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: count))
            scanned += count
        }
        guard scanned == size else {
            throw DataError.unreadableFile(file: path, reason: "it changed size while it was read (\(scanned) of \(size) bytes)")
        }
        return scanner.finishShards()
    }

    /// Feeds the next bytes of the file (chunks may end anywhere).
    mutating func scan(_ chunk: UnsafeBufferPointer<UInt8>) {
        for byte in chunk {
            if afterLineBreak && !(previousWasCarriageReturn && byte == Self.lineFeed) {
                recordStart(at: position)
            }
            afterLineBreak = false
            let isLineBreak = byte == Self.lineFeed || byte == Self.carriageReturn
            if byte == Self.carriageReturn || (byte == Self.lineFeed && !previousWasCarriageReturn) { lineBreaks += 1 }
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
        if headerEnd == nil {
            headerEnd = offset
            headerEndLine = lineBreaks + 1
        }
        while starts.count < parts - 1 && offset >= target(starts.count + 1) {
            starts.append(offset)
            startLines.append(lineBreaks + 1)
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

    /// `finish()` with the line each part begins on.
    mutating func finishShards() -> [CSVShard] {
        let ranges = finish()
        let first = headerEnd ?? size
        return ranges.enumerated().map { part, range in
            let line: Int
            if part == 0 || range.lowerBound == first {
                line = headerEnd == nil ? lineBreaks + 1 : headerEndLine
            } else if part - 1 < startLines.count {
                line = startLines[part - 1]
            } else {
                line = lineBreaks + 1
            }
            return CSVShard(bytes: range, firstLine: line)
        }
    }
}
