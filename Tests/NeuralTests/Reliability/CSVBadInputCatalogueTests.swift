import Foundation
import Testing
@testable import Neural

/// The CSV rows of docs/ERRORS.md: each bad file and the exact message a user sees.
@Suite struct CSVBadInputCatalogueTests {
    static func table(_ text: String, options: CSVOptions = CSVOptions()) throws -> DataTable {
        try DataTable(csvText: text, name: "data.csv", options: options)
    }

    static func prepare(_ text: String, _ options: PreparationOptions) throws {
        _ = try PreparedData(table: table(text), options: options)
    }

    static let cases: [BadInputCase] = [
        BadInputCase(name: "empty file", attempt: { _ = try table("") },
                     message: "data.csv is empty; expected a header row followed by data rows."),
        BadInputCase(name: "only empty lines", attempt: { _ = try table("\n\r\n\n") },
                     message: "data.csv is empty; expected a header row followed by data rows."),
        BadInputCase(name: "header only", attempt: { _ = try table("a,b,y\n") },
                     message: "data.csv has a header row but no data rows."),
        BadInputCase(name: "row with too few fields", attempt: { _ = try table("a,b,y\n1,2,0\n3,4\n") },
                     message: "data.csv, line 3 has 2 fields, the header has 3."),
        BadInputCase(name: "row with too many fields", attempt: { _ = try table("a,b,y\n1,2,0\n3,4,5,6\n") },
                     message: "data.csv, line 3 has 4 fields, the header has 3."),
        BadInputCase(name: "text in a numeric column (training)", attempt: { _ = try table("a,b,y\n1,2,0\n2,x,1\n3,4,0\n") },
                     message: "data.csv, line 3, column 2 (\"b\"): found \"x\" but the column holds numbers (for example \"2\" on line 2); fix the value, or declare the column categorical."),
        BadInputCase(name: "text in a numeric column (prediction)",
                     attempt: {
                         let preprocessor = try Preprocessor.fit(table("a,y\n1,0\n2,1\n3,0\n"), target: "y")
                         _ = try preprocessor.readTable(csvText: "a\n1\nx\n", name: "new.csv")
                     },
                     message: "new.csv, line 3, column 1 (\"a\"): expected a number, found \"x\"."),
        BadInputCase(name: "NaN (a missing value) under the error policy",
                     attempt: { try prepare("a,y\n1,0\nNaN,1\n3,0\n4,1\n", PreparationOptions(target: "y", missingValues: .error)) },
                     message: "data.csv, line 3, column \"a\": the value is missing; --missing median (or mean, most-frequent) fills missing values."),
        BadInputCase(name: "inf", attempt: { _ = try table("a,y\n1,0\ninf,1\n") },
                     message: "data.csv, line 3, column 1 (\"a\"): \"inf\" is not a finite number; infinite values cannot be used."),
        BadInputCase(name: "-inf", attempt: { _ = try table("a,y\n1,0\n-inf,1\n") },
                     message: "data.csv, line 3, column 1 (\"a\"): \"-inf\" is not a finite number; infinite values cannot be used."),
        BadInputCase(name: "number beyond Float's range", attempt: { _ = try table("a,y\n1,0\n1e39,1\n") },
                     message: "data.csv, line 3, column 1 (\"a\"): \"1e39\" is not a finite number; infinite values cannot be used."),
        BadInputCase(name: "unterminated quote", attempt: { _ = try table("a,b,y\n1,\"open,0\n2,3,1\n") },
                     message: "data.csv, line 2, column 2: the quoted field opened here is never closed; expected a closing \"."),
        BadInputCase(name: "text after a closing quote", attempt: { _ = try table("a,b,y\n\"1\"x,2,0\n") },
                     message: "data.csv, line 2, column 1: expected a delimiter or the end of the line after the closing quote, found \"x\"."),
        BadInputCase(name: "line longer than the record limit",
                     attempt: { _ = try table("a,b\n1,2\n3," + String(repeating: "9", count: 100) + "\n", options: CSVOptions(maxRecordBytes: 64)) },
                     message: "data.csv: the record starting at line 3 is longer than 64 bytes (an unclosed quote makes a record run on; otherwise raise the limit: --max-record-bytes on the command line, CSVOptions.maxRecordBytes in code)."),
        BadInputCase(name: "invalid UTF-8",
                     attempt: { _ = try DataTable(reader: CSVReader(bytes: Array("a,y\n".utf8) + [0xC3, 0x28] + Array(",0\n".utf8), name: "data.csv")) },
                     message: "data.csv, line 2, column 1 (\"a\"): the field is not valid UTF-8 text."),
        BadInputCase(name: "UTF-16 file",
                     attempt: { _ = try DataTable(reader: CSVReader(bytes: [0xFF, 0xFE] + Array("a,y\n1,0\n".utf8).flatMap { [$0, 0] }, name: "data.csv")) },
                     message: "data.csv, line 1, column 1: the field is not valid UTF-8 text."),
        BadInputCase(name: "target column that does not exist",
                     attempt: { try prepare("a,b,y\n1,2,0\n3,4,1\n", PreparationOptions(target: "price")) },
                     message: "No column named \"price\" for the target; the columns are: \"a\", \"b\", \"y\"."),
        BadInputCase(name: "target with one class",
                     attempt: { try prepare("a,y\n1,yes\n2,yes\n3,yes\n", PreparationOptions(target: "y")) },
                     message: "The target \"y\" has a single class, \"yes\"; classification needs at least two."),
        BadInputCase(name: "class too rare for a stratified split",
                     attempt: { try prepare("a,y\n1,a\n2,a\n3,b\n4,a\n", PreparationOptions(target: "y", validationFraction: 0.25)) },
                     message: "Class \"b\" has 1 row; a stratified split into these parts needs at least 2 rows of every class."),
        BadInputCase(name: "class in validation but not in training (unstratified split)",
                     attempt: {
                         // The first seed whose plain split holds out the only "c" row (line 6).
                         let text = "x,y\n1,a\n2,a\n3,b\n4,b\n5,c\n6,a\n7,b\n8,a\n"
                         for seed in UInt64(0)..<50 {
                             var generator = SeededGenerator(seed: seed)
                             let split = try DataSplit.random(rowCount: 8, validationFraction: 0.25, generator: &generator)
                             guard split.validation.contains(4) else { continue }
                             try prepare(text, PreparationOptions(target: "y", validationFraction: 0.25, stratify: false, seed: seed))
                         }
                     },
                     message: "data.csv, line 6, column \"y\": class \"c\" of target \"y\" was not seen in the training data."),
        BadInputCase(name: "duplicate column names", attempt: { _ = try table("a,b,a\n1,2,3\n") },
                     message: "data.csv: the header names column 1 and column 3 both \"a\"; column names must be unique."),
        BadInputCase(name: "duplicate column names after trimming", attempt: { _ = try table("a, a\n1,2\n") },
                     message: "data.csv: the header names column 1 and column 2 both \"a\"; column names must be unique."),
        BadInputCase(name: "empty header name taken by a named column", attempt: { _ = try table("column_2,,x\n1,2,3\n") },
                     message: "data.csv: column 2 has no name in the header, and the name an unnamed column gets, \"column_2\", is already column 1's; give column 2 a name in the header (or rename column 1)."),
        BadInputCase(name: "named column taking an empty header name's", attempt: { _ = try table(",column_1\n1,2\n") },
                     message: "data.csv: column 1 has no name in the header, and the name an unnamed column gets, \"column_1\", is already column 2's; give column 1 a name in the header (or rename column 2)."),
        BadInputCase(name: "missing file",
                     attempt: { _ = try DataTable(contentsOf: URL(fileURLWithPath: "/nonexistent-folder/data.csv")) },
                     message: "Cannot read /nonexistent-folder/data.csv: No such file or directory."),
    ]

    @Test(arguments: cases)
    func userSeesTheCataloguedMessage(_ row: BadInputCase) {
        #expect(row.thrownMessage() == row.message)
    }

    /// A byte-order mark is not an error: it is skipped, so the first column keeps its name.
    @Test func byteOrderMarkIsSkippedNotAnError() throws {
        let table = try Self.table("\u{FEFF}a,y\r\n1,0\r\n2,1\r\n")
        #expect(table.columnNames == ["a", "y"])
        #expect(try table.column(named: "a").values == [1, 2])
    }

    /// The default record limit refuses a 100 MB line (the catalogue's "line of 100 MB") instead
    /// of buffering it.
    @Test func defaultRecordLimitIsBelowAHundredMegabytes() {
        #expect(CSVOptions.defaultMaxRecordBytes < 100_000_000)
    }

    /// The same refusal on the streaming path, from a file on disk read in chunks much smaller
    /// than the line, with a small configured limit so the test stays fast: the error names the
    /// line and the limit, and reading stops there (the reader never holds more than
    /// limit + one chunk).
    @Test func lineOverTheLimitInAFileIsACleanError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("neural-reliability-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("long.csv")
        let limit = 256 << 10
        var bytes = Array("a,b\n1,2\n3,4\n5,".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "7"), count: 4 * limit)
        bytes += Array("\n6,7\n".utf8)
        try Data(bytes).write(to: url)
        let options = CSVOptions(chunkSize: 4096, maxRecordBytes: limit)
        #expect(dataError { _ = try DataTable(contentsOf: url, options: options) }
                == .recordTooLong(SourceLocation(file: url.path, line: 4), limit: limit))
    }

    /// With a stratified split (the default for classification) every class keeps at least one
    /// training row, so no class can appear in validation or test only; a class too rare for
    /// that is refused up front (`tooFewClassMembers`, catalogued above). Checked over many seeds.
    @Test(arguments: [0.1, 0.25, 0.5])
    func stratifiedSplitsNeverLeaveAClassOutOfTraining(validationFraction: Double) throws {
        let text = "x,y\n" + (0..<12).map { "\($0),\(["a", "a", "a", "a", "a", "a", "b", "b", "b", "c", "c", "c"][$0])" }.joined(separator: "\n") + "\n"
        let table = try Self.table(text)
        for seed in UInt64(0)..<40 {
            let data = try PreparedData(table: table, options: PreparationOptions(
                target: "y", validationFraction: validationFraction, testFraction: 0.1, seed: seed))
            let trainingClasses = Set(data.split.train.compactMap { table.columns[1].text(at: $0) })
            #expect(trainingClasses == ["a", "b", "c"], "seed \(seed)")
        }
    }
}
