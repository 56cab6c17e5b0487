import Foundation
import Testing
@testable import Neural

/// Reads all rows of `text` with the given options.
private func readAll(_ text: String, options: CSVOptions = CSVOptions()) throws -> (header: [String], rows: [CSVRow]) {
    let reader = try CSVReader(text: text, name: "t.csv", options: options)
    var rows = [CSVRow]()
    try reader.forEachRow { rows.append($0) }
    return (reader.header, rows)
}

/// The `DataError` thrown by `body`, or `nil`.
func dataError(_ body: () throws -> Void) -> DataError? {
    do {
        try body()
        return nil
    } catch let error as DataError {
        return error
    } catch {
        return nil
    }
}

@Suite struct CSVReaderTests {
    @Test func plainRowsWithLineNumbers() throws {
        let (header, rows) = try readAll("a,b\n1,2\n3,4\n")
        #expect(header == ["a", "b"])
        #expect(rows == [CSVRow(fields: ["1", "2"], line: 2), CSVRow(fields: ["3", "4"], line: 3)])
    }

    @Test func quotedFieldsWithDelimitersQuotesAndNewlines() throws {
        let text = "name,note\n\"Smith, J\",\"said \"\"hi\"\"\"\n\"multi\nline\",x\nlast,\"\"\n"
        let (_, rows) = try readAll(text)
        #expect(rows.map(\.fields) == [["Smith, J", "said \"hi\""], ["multi\nline", "x"], ["last", ""]])
        // The multi-line record starts on line 3; the next record starts on line 5.
        #expect(rows.map(\.line) == [2, 3, 5])
    }

    @Test func crlfLineEndsAndNoFinalNewline() throws {
        let (header, rows) = try readAll("a,b\r\n1,2\r\n3,4")
        #expect(header == ["a", "b"])
        #expect(rows == [CSVRow(fields: ["1", "2"], line: 2), CSVRow(fields: ["3", "4"], line: 3)])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let (header, _) = try readAll("\u{FEFF}a,b\n1,2\n")
        #expect(header == ["a", "b"])
    }

    @Test func emptyLinesAreSkippedAndCounted() throws {
        let (_, rows) = try readAll("\na,b\n\n1,2\r\n\r\n\n3,4\n\n")
        #expect(rows == [CSVRow(fields: ["1", "2"], line: 4), CSVRow(fields: ["3", "4"], line: 7)])
    }

    @Test func customDelimiter() throws {
        let (header, rows) = try readAll("a;b\n1,5;\"x;y\"\n", options: CSVOptions(delimiter: ";"))
        #expect(header == ["a", "b"])
        #expect(rows.map(\.fields) == [["1,5", "x;y"]])
        let (_, tabRows) = try readAll("a\tb\n1\t2\n", options: CSVOptions(delimiter: "\t"))
        #expect(tabRows.map(\.fields) == [["1", "2"]])
    }

    @Test func emptyFieldsAndTrailingDelimiter() throws {
        let (_, rows) = try readAll("a,b,c\n,,\n1,,\n")
        #expect(rows.map(\.fields) == [["", "", ""], ["1", "", ""]])
    }

    @Test func emptyHeaderNameGetsAColumnName() throws {
        let (header, _) = try readAll(",x\n0,1\n")
        #expect(header == ["column_1", "x"])
    }

    @Test func headerNamesAreTrimmed() throws {
        let (header, _) = try readAll("a, price ,\"b c\"\n1,2,3\n")
        #expect(header == ["a", "price", "b c"])
        // A quote that does not open the field is an ordinary character (RFC 4180 has no
        // spaces before quotes), so the name keeps its quotes.
        let (spaced, _) = try readAll("a, \"b\"\n1,2\n")
        #expect(spaced == ["a", "\"b\""])
        #expect(dataError { _ = try readAll("a, a\n1,2\n") } == .duplicateColumnName(file: "t.csv", name: "a", first: 1, second: 2))
    }

    // MARK: Malformed input, each with its exact position

    @Test func raggedRowNamesLineAndCounts() {
        let error = dataError { _ = try readAll("a,b,c,d\n1,2,3,4\n\n1,2,3,4,5\n") }
        #expect(error == .raggedRow(SourceLocation(file: "t.csv", line: 4), fieldCount: 5, headerCount: 4))
        #expect(error?.description == "t.csv, line 4 has 5 fields, the header has 4.")
    }

    @Test func unterminatedQuoteNamesWhereItOpened() {
        let error = dataError { _ = try readAll("a,b\n1,2\n3,\"open\n4,5\n") }
        #expect(error == .unterminatedQuote(SourceLocation(file: "t.csv", line: 3, column: 2)))
    }

    @Test func characterAfterClosingQuote() {
        let error = dataError { _ = try readAll("a,b\n\"x\"y,2\n") }
        #expect(error == .unexpectedCharacterAfterQuote(SourceLocation(file: "t.csv", line: 2, column: 1), character: "\"y\""))
    }

    @Test func emptyFile() {
        #expect(dataError { _ = try readAll("") } == .emptyFile(file: "t.csv"))
        #expect(dataError { _ = try readAll("\n\r\n\n") } == .emptyFile(file: "t.csv"))
        #expect(dataError { _ = try readAll("\u{FEFF}") } == .emptyFile(file: "t.csv"))
    }

    @Test func headerOnly() {
        #expect(dataError { _ = try readAll("a,b\n") } == .noDataRows(file: "t.csv"))
        #expect(dataError { _ = try readAll("a,b\n\n\n") } == .noDataRows(file: "t.csv"))
    }

    @Test func duplicateColumnNames() {
        let error = dataError { _ = try readAll("a,b,a\n1,2,3\n") }
        #expect(error == .duplicateColumnName(file: "t.csv", name: "a", first: 1, second: 3))
    }

    @Test func invalidUTF8NamesTheField() {
        let bytes = Array("a,b\n1,".utf8) + [0xFF, 0xFE] + Array("\n".utf8)
        let error = dataError {
            let reader = try CSVReader(bytes: bytes, name: "t.csv")
            _ = try reader.next()
        }
        #expect(error == .invalidUTF8(SourceLocation(file: "t.csv", line: 2, column: 2, columnName: "b")))
    }

    @Test func recordLongerThanTheLimitIsAnError() {
        let long = String(repeating: "x", count: 100)
        let options = CSVOptions(chunkSize: 16, maxRecordBytes: 64)
        let error = dataError { _ = try readAll("a,b\n1,2\n3,\(long)\n", options: options) }
        #expect(error == .recordTooLong(SourceLocation(file: "t.csv", line: 3), limit: 64))
        // An unclosed quote runs on to the limit rather than to the end of memory.
        let unclosed = "a\n\"" + String(repeating: "y\n", count: 50)
        #expect(dataError { _ = try readAll(unclosed, options: options) } == .recordTooLong(SourceLocation(file: "t.csv", line: 2), limit: 64))
    }

    @Test func lineOfDelimitersCountsTowardTheLimit() {
        // 100 empty fields hold no bytes but would still need 100 field offsets.
        let commas = String(repeating: ",", count: 99)
        let options = CSVOptions(maxRecordBytes: 64)
        #expect(dataError { _ = try readAll("a\n1\n\(commas)\n", options: options) }
                == .recordTooLong(SourceLocation(file: "t.csv", line: 3), limit: 64))
    }

    // MARK: Chunk boundaries

    /// Every chunk size from 1 byte up puts a boundary inside each quote, doubled quote, CRLF
    /// and the byte-order mark at some point; the result must not depend on it.
    @Test(arguments: [1, 2, 3, 4, 5, 7, 11, 64])
    func resultDoesNotDependOnChunkSize(chunkSize: Int) throws {
        let text = "\u{FEFF}id,text\r\n1,\"a,\"\"b\"\"\r\nc\"\r\n\r\n2,plain\r\n3,\"\"\r\n"
        let (header, rows) = try readAll(text, options: CSVOptions(chunkSize: chunkSize))
        #expect(header == ["id", "text"])
        #expect(rows == [CSVRow(fields: ["1", "a,\"b\"\r\nc"], line: 2),
                         CSVRow(fields: ["2", "plain"], line: 5),
                         CSVRow(fields: ["3", ""], line: 6)])
    }

    @Test(arguments: [1, 3, 1 << 20])
    func unterminatedQuotePositionDoesNotDependOnChunkSize(chunkSize: Int) {
        let error = dataError { _ = try readAll("a,b\r\n1,2\r\n3,\"x\r\ny", options: CSVOptions(chunkSize: chunkSize)) }
        #expect(error == .unterminatedQuote(SourceLocation(file: "t.csv", line: 3, column: 2)))
    }

    // MARK: Files

    @Test func readsAFileInSmallChunks() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("neural-csv-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        var text = "x,y\n"
        for index in 0..<500 { text += "\(index),\"v\(index)\"\n" }
        try Data(text.utf8).write(to: url)
        let reader = try CSVReader(contentsOf: url, options: CSVOptions(chunkSize: 37))
        var count = 0
        while let row = try reader.next() {
            #expect(row.fields == ["\(count)", "v\(count)"])
            #expect(row.line == count + 2)
            count += 1
        }
        #expect(count == 500)
        #expect(reader.file == url.path)
    }

    @Test func missingFileIsAnError() {
        let error = dataError { _ = try CSVReader(contentsOf: URL(fileURLWithPath: "/nonexistent/neural/x.csv")) }
        guard case let .unreadableFile(file, _) = error else {
            Issue.record("expected unreadableFile, got \(String(describing: error))")
            return
        }
        #expect(file == "/nonexistent/neural/x.csv")
    }
}
