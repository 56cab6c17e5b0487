import Foundation
import Testing
@testable import Neural

/// The fields of every data row of `bytes` (header excluded), as one process reads them.
private func rows(_ bytes: [UInt8], delimiter: Unicode.Scalar = ",") throws -> [[String]] {
    let reader = try CSVReader(bytes: bytes, options: CSVOptions(delimiter: delimiter))
    var rows = [[String]]()
    try reader.forEachRow { rows.append($0.fields) }
    return rows
}

/// The rows of every part, each read as its rank would: the header's bytes, then its range.
private func partRows(_ text: String, parts: Int, delimiter: Unicode.Scalar = ",") throws -> [[[String]]] {
    let bytes = Array(text.utf8)
    let ranges = CSVShardBoundaries.ranges(of: bytes, delimiter: UInt8(delimiter.value), parts: parts)
    #expect(ranges.count == parts)
    #expect(ranges.last?.upperBound == bytes.count)
    for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
    let header = Array(bytes[..<(ranges.first?.lowerBound ?? 0)])
    return try ranges.map { range in
        let slice = bytes[range]
        // A part may hold no record (only line breaks): the reader would refuse it as a
        // header without rows, and its rank holds nothing.
        if slice.allSatisfy({ $0 == 10 || $0 == 13 }) { return [] }
        return try rows(header + slice, delimiter: delimiter)
    }
}

@Suite struct CSVShardBoundariesTests {
    /// Files whose record boundaries are easy to get wrong: quoted line breaks (LF, CRLF, CR),
    /// doubled quotes, a quote inside an unquoted field, empty lines, CRLF endings, a
    /// byte-order mark, no final line break, an empty last field.
    static let files: [String] = [
        "a,b\n1,2\n3,4\n5,6\n7,8\n9,10\n",
        "\u{FEFF}a,b\r\n1,\"x\r\ny\"\r\n2,\"\"\"q\"\"\n\"\r\n\r\n3,z\r\n4,\"\n\n\n\"\r\n5,w",
        "\n\nname,note\nann,\"line one\nline two, with comma\"\nbob,6\"2 tall\ncy,\"a\"\"b\"\n\n\ndi,\ned,\"\r\r\"\n",
        "x;y\n\"1\n2\n3\n4\n5\n6\n7\n8\";a\n9;b\n",
        "a,b,c\r1,2,3\r4,\"5\r6\",7\r8,9,\r",
    ]

    @Test(arguments: 0..<files.count)
    func partsTogetherHoldEveryRecordOnce(file: Int) throws {
        let text = Self.files[file]
        let delimiter: Unicode.Scalar = text.hasPrefix("x;y") ? ";" : ","
        let whole = try rows(Array(text.utf8), delimiter: delimiter)
        for parts in 1...7 {
            let pieces = try partRows(text, parts: parts, delimiter: delimiter)
            #expect(pieces.flatMap { $0 } == whole, "\(parts) parts of file \(file)")
        }
    }

    /// Each boundary is the first record start at or after k·size/parts: with equal records of
    /// 4 bytes after a 4-byte header (`h,i\n`), 40 bytes split in 2 give rows 0–3 | 4–8.
    @Test func boundariesFollowTheByteTargets() throws {
        let text = "h,i\n" + (0..<9).map { "\($0),\($0)\n" }.joined()
        let ranges = CSVShardBoundaries.ranges(of: Array(text.utf8), delimiter: UInt8(ascii: ","), parts: 2)
        // size 40, target 20: record starts are 4, 8, …, 36; the first at or after 20 is 20.
        #expect(ranges == [4..<20, 20..<40])
        let three = CSVShardBoundaries.ranges(of: Array(text.utf8), delimiter: UInt8(ascii: ","), parts: 3)
        // targets 13 and 26: the first record starts at or after them are 16 and 28.
        #expect(three == [4..<16, 16..<28, 28..<40])
    }

    /// A quoted field spanning the byte target keeps its record whole, in the part where the
    /// record starts, even though the target falls after a line break inside the quotes.
    @Test func aQuotedLineBreakIsNotABoundary() throws {
        let text = "a,b\n1,\"" + String(repeating: "x\n", count: 20) + "\"\n2,y\n"
        let pieces = try partRows(text, parts: 2)
        #expect(pieces[0] == [["1", String(repeating: "x\n", count: 20)]])
        #expect(pieces[1] == [["2", "y"]])
    }

    /// More parts than records: the later parts are empty, none is lost or repeated.
    @Test func morePartsThanRecords() throws {
        let pieces = try partRows("a\n1\n2\n", parts: 5)
        #expect(pieces.flatMap { $0 } == [["1"], ["2"]])
        #expect(pieces.filter { !$0.isEmpty }.count == 2)
    }

    /// Read from the file as ranks do (the header from the start, then the part's byte range,
    /// `CSVReader(contentsOf:shard:)`), the parts hold every row once, each with the line one
    /// process gives it, quoted line breaks and empty lines included.
    @Test(arguments: 0..<files.count)
    func shardsReadFromTheFileKeepEveryRowsLine(file: Int) throws {
        let text = Self.files[file]
        let options = CSVOptions(delimiter: text.hasPrefix("x;y") ? ";" : ",")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("shard-lines-\(file)-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var whole = [CSVRow]()
        try CSVReader(contentsOf: url, options: options).forEachRow { whole.append($0) }
        for parts in 1...6 {
            let shards = try CSVShardBoundaries.shards(ofFileAt: url.path, delimiter: options.delimiter, parts: parts)
            #expect(shards.map(\.bytes) == CSVShardBoundaries.ranges(of: Array(text.utf8), delimiter: options.delimiter, parts: parts))
            var rows = [CSVRow]()
            for shard in shards {
                try CSVReader(contentsOf: url, shard: shard, options: options).forEachRow { rows.append($0) }
            }
            #expect(rows == whole, "\(parts) parts of file \(file)")
        }
    }
}
