import Testing
@testable import Neural

private func table(_ text: String, columns: [String]? = nil, categorical: Set<String> = []) throws -> DataTable {
    try DataTable(csvText: text, name: "t.csv", columns: columns, categorical: categorical)
}

@Suite struct DataTableTests {
    @Test func typesNumericAndCategoricalColumns() throws {
        let data = try table("x,color,y\n1e-3, red ,-2\n 3.5 ,blue,+4\n.5,red,5.\n")
        #expect(data.columnNames == ["x", "color", "y"])
        #expect(data.columns.map(\.kind) == [.numeric, .categorical, .numeric])
        // "1e-3" → 0.001 and " 3.5 " → 3.5 (trimmed); ".5" and "5." are decimal numbers.
        #expect(data.columns[0].values == [0.001, 3.5, 0.5])
        #expect(data.columns[2].values == [-2, 4, 5])
        // Categories in first-seen order, values trimmed.
        #expect(data.columns[1].categories == ["red", "blue"])
        #expect(data.columns[1].codes == [0, 1, 0])
        #expect(data.lines == [2, 3, 4])
    }

    @Test func declaredCategoricalReadsNumbersAsText() throws {
        let data = try table("zip,y\n10115,1\n80331,2\n10115,3\n", categorical: ["zip"])
        #expect(data.columns[0].kind == .categorical)
        #expect(data.columns[0].categories == ["10115", "80331"])
    }

    @Test func columnSelectionKeepsOrderAndSkipsOthers() throws {
        // Column "bad" mixes numbers and text but is not selected, so it is not typed.
        let data = try table("a,bad,b\n1,x,2\n3,4,5\n", columns: ["b", "a"])
        #expect(data.columnNames == ["b", "a"])
        #expect(data.columns[0].values == [2, 5])
    }

    @Test func unknownSelectedColumnListsTheHeader() {
        let error = dataError { _ = try table("a,b\n1,2\n", columns: ["price"]) }
        #expect(error == .missingColumn(name: "price", role: "column", available: ["a", "b"]))
        #expect(error?.description == "No column named \"price\" for the column; the columns are: \"a\", \"b\".")
    }

    @Test func mixedColumnNamesTheTypo() {
        // Mostly numbers: the text value on line 4 (column 2, "price") is the offending one.
        let error = dataError { _ = try table("id,price\n1,10\n2,12.5\n3,1O\n4,11\n") }
        #expect(error == .mixedColumn(SourceLocation(file: "t.csv", line: 4, column: 2, columnName: "price"),
                                      value: "1O", expected: "numbers", example: "10", exampleLine: 2))
        // Mostly text: the number on line 3 is the offending one.
        let textError = dataError { _ = try table("c\nred\n7\nblue\ngreen\n") }
        #expect(textError == .mixedColumn(SourceLocation(file: "t.csv", line: 3, column: 1, columnName: "c"),
                                          value: "7", expected: "text", example: "red", exampleLine: 2))
    }

    @Test(arguments: ["inf", "-inf", "Infinity", "+INF", "1e39"])
    func nonFiniteValueInNumericColumn(value: String) {
        let error = dataError { _ = try table("a,b\n1,2\n3,\(value)\n") }
        #expect(error == .nonFiniteValue(SourceLocation(file: "t.csv", line: 3, column: 2, columnName: "b"), value: value))
    }

    @Test func infinityWordInATextColumnIsACategory() throws {
        let data = try table("grade\nA\nInf\nB\n")
        #expect(data.columns[0].categories == ["A", "Inf", "B"])
    }

    @Test(arguments: ["", "NA", "na", "NaN", "nan", "NAN", "  "])
    func missingMarkers(marker: String) throws {
        let data = try table("a,c\n1,x\n\(marker),\(marker)\n")
        #expect(data.columns[0].isMissing(1))
        #expect(data.columns[1].isMissing(1))
        #expect(data.columns[0].values[0] == 1)
    }

    @Test func allMissingColumnIsNumeric() throws {
        let data = try table("a,b\n,1\nNA,2\n")
        #expect(data.columns[0].kind == .numeric)
        #expect(data.columns[0].values.allSatisfy { $0.isNaN })
    }

    @Test func missingValueLocationsAndDropping() throws {
        let data = try table("a,b\n1,2\n,3\n4,NA\n5,6\n")
        #expect(try data.firstMissingValue(in: ["b", "a"]) == SourceLocation(file: "t.csv", line: 3, columnName: "a"))
        #expect(try data.firstMissingValue(in: ["b"]) == SourceLocation(file: "t.csv", line: 4, columnName: "b"))
        #expect(try data.rowsWithoutMissingValues(in: ["a", "b"]) == [0, 3])
    }

    @Test func numbersFormatAsClassNames() {
        #expect(DataColumn.format(3) == "3")
        #expect(DataColumn.format(-2) == "-2")
        #expect(DataColumn.format(2.5) == "2.5")
    }

    @Test(arguments: [("12", true), ("-1.5e+3", true), (".5", true), ("5.", true), ("+.5E-2", true),
                      (".", false), ("e5", false), ("1e", false), ("0x10", false), ("1,5", false),
                      ("1.2.3", false), ("--1", false), ("", false)])
    func decimalGrammar(text: String, isNumber: Bool) {
        var copy = text
        let result = copy.withUTF8 { ValueParsing.isDecimalNumber($0) }
        #expect(result == isNumber)
    }
}
