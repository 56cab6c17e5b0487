import Foundation
import Testing
@testable import Neural

@Suite struct PreprocessorReadingTests {
    static let training = """
    size,city,grade
    50,paris,1
    80,lyon,2
    65,paris,10
    120,nice,2
    """

    static func fitted() throws -> Preprocessor {
        try Preprocessor.fit(try DataTable(csvText: training, name: "train.csv"), target: "grade", task: .classification)
    }

    @Test func planReadsInputsAsFittedAndTheTargetWhenPresent() throws {
        let preprocessor = try Self.fitted()
        let plan = try preprocessor.readingPlan(header: ["grade", "city", "size", "extra"])
        #expect(plan.columns == ["size", "city", "grade"])
        #expect(plan.categorical == ["city"])
        // The classes 1, 2, 10 are numbers, so the target is read as numbers.
        #expect(plan.numeric == ["size", "grade"])
        #expect(plan.hasTarget)
        let withoutTarget = try preprocessor.readingPlan(header: ["city", "size"])
        #expect(withoutTarget.columns == ["size", "city"])
        #expect(!withoutTarget.hasTarget)
        #expect(dataError { _ = try preprocessor.readingPlan(header: ["city"]) }
                == .missingColumn(name: "size", role: "feature", available: ["city"]))
    }

    @Test func numericClassNamesMatchWhateverTheirSpelling() throws {
        let preprocessor = try Self.fitted()
        // "2.0" and "1e1" are the numbers 2 and 10, i.e. classes "2" and "10".
        let table = try preprocessor.readTable(csvText: "size,city,grade\n70,lyon,2.0\n90,nice,1e1\n", name: "eval.csv")
        #expect(try preprocessor.targets(of: table) == .classes([1, 2], classCount: 3))
    }

    @Test func textInANumericInputNamesLineAndColumn() throws {
        let preprocessor = try Self.fitted()
        let error = dataError { _ = try preprocessor.readTable(csvText: "city,size\nlyon,70\nnice,big\n", name: "p.csv") }
        #expect(error == .notNumeric(SourceLocation(file: "p.csv", line: 3, column: 2, columnName: "size"), value: "big"))
    }

    @Test func declaredNumericRejectsInfinityAtOnce() {
        let error = dataError { _ = try DataTable(csvText: "a\n1\n-inf\n", name: "t.csv", numeric: ["a"]) }
        #expect(error == .nonFiniteValue(SourceLocation(file: "t.csv", line: 3, column: 1, columnName: "a"), value: "-inf"))
    }

    @Test func blocksCoverTheFileInOrder() throws {
        let preprocessor = try Self.fitted()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("neural-blocks-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        var text = "city,size\n"
        for index in 0..<10 { text += "\(["paris", "lyon", "nice"][index % 3]),\(index)\n" }
        try Data(text.utf8).write(to: url)
        var blockSizes = [Int]()
        var firstLines = [Int]()
        var sizes = [Float]()
        try preprocessor.forEachBlock(ofFile: url, options: CSVOptions(chunkSize: 8), rowsPerBlock: 4) { block in
            blockSizes.append(block.rowCount)
            firstLines.append(block.lines[0])
            sizes += try block.column(named: "size").values
            _ = try preprocessor.features(of: block)
        }
        #expect(blockSizes == [4, 4, 2])
        #expect(firstLines == [2, 6, 10])
        #expect(sizes == (0..<10).map { Float($0) })
    }
}

@Suite struct CSVRobustnessTests {
    /// Random short inputs over the bytes that matter to the parser: whatever the chunk size,
    /// the reader gives the same rows or the same error, and never crashes.
    @Test func randomInputsParseTheSameInAnyChunkSize() {
        let alphabet: [UInt8] = Array("a,\"\r\n;1 ".utf8) + [0xEF, 0xBB, 0xBF, 0xFF]
        var generator = SeededGenerator(seed: 2024)
        for _ in 0..<300 {
            let length = generator.nextIndex(below: 40)
            let bytes = (0..<length).map { _ in alphabet[generator.nextIndex(below: alphabet.count)] }
            let whole = Self.outcome(bytes, chunkSize: 1 << 16)
            for chunkSize in [1, 2, 5] {
                #expect(Self.outcome(bytes, chunkSize: chunkSize) == whole, "input \(bytes), chunk \(chunkSize)")
            }
        }
    }

    private static func outcome(_ bytes: [UInt8], chunkSize: Int) -> String {
        do {
            let reader = try CSVReader(bytes: bytes, name: "r", options: CSVOptions(chunkSize: chunkSize, maxRecordBytes: 30))
            var rows = [CSVRow]()
            try reader.forEachRow { rows.append($0) }
            return "\(reader.header) \(rows)"
        } catch {
            return "\(error)"
        }
    }
}
