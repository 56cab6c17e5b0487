import Testing
@testable import Neural

/// The one JSON reader, of safetensors headers and of `neural serve`'s request bodies.
@Suite struct JSONParserTests {
    private func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    @Test func parsesEveryKindOfValue() throws {
        let value = try parse(#" {"a": [1, -2.5e3, true, false, null], "b": "x\"\u00e9\ud83d\ude00\n", "c": {}} "#)
        guard case .array(let items)? = value["a"] else { Issue.record("no array"); return }
        #expect(items.count == 5)
        #expect(items[0] == .number(JSONNumber(text: "1", isInteger: true)))
        #expect(items[1] == .number(JSONNumber(text: "-2.5e3", isInteger: false)))
        #expect(items[2] == .bool(true) && items[4] == .null)
        #expect(value["b"] == .string("x\"é😀\n"))
        #expect(value["c"] == .object([]))
    }

    /// Numbers convert as the CSV reader converts: `strtof` on the text, correctly rounded
    /// (0.1 is 0x3DCCCCCD, the nearest float; 16777217 rounds to even, 16777216).
    @Test func numbersRoundAsTheCSVReaderRounds() throws {
        guard case .array(let items) = try parse("[0.1, 16777217, 1e39, 9007199254740993]") else { return }
        let numbers = items.compactMap { if case .number(let n) = $0 { n } else { nil } }
        #expect(numbers[0].floatValue.bitPattern == 0x3DCC_CCCD)
        #expect(numbers[1].floatValue == 16_777_216)
        #expect(numbers[2].floatValue.isInfinite)
        #expect(numbers[3].int64Value == 9_007_199_254_740_993)
    }

    @Test(arguments: [
        ("", "unexpected end"), ("{", "expected a quoted key"), ("[1,]", "unexpected character"),
        ("[1 2]", "expected ',' or ']'"), ("{\"a\":1,\"a\":2}", "appears twice"), ("01", "unexpected data after"),
        ("\"\\x\"", "invalid escape"), ("\"\\ud800\"", "high surrogate"), ("\"\\udc00\"", "lone low surrogate"),
        ("\"a\u{01}\"", "control character"), ("tru", "unexpected end"), ("1.", "digit after the decimal point"),
        ("-", "expected a digit"), ("1e", "digit in an exponent"), ("\"abc", "never closed"), ("[] x", "after the JSON value"),
        (String(repeating: "[", count: 65) + String(repeating: "]", count: 65), "nesting deeper than 64"),
        ("[" + String(repeating: "1", count: 65) + "]", "longer than 64"),
    ])
    func refusesMalformedJSON(text: String, reason: String) {
        #expect {
            _ = try parse(text)
        } throws: { error in
            (error as? JSONParseError)?.reason.contains(reason) == true
        }
    }

    @Test func refusesInvalidUTF8InStrings() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0x5C, 0x6E, 0xFF, 0x22]) }
    }

    @Test func acceptsSixtyFourLevels() throws {
        let text = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        _ = try parse(text)
    }

    /// A safetensors header keeps a repeated key, to name the tensor given twice itself.
    @Test func keepsRepeatedKeysWhenAsked() throws {
        let value = try JSONParser.parse(Array(#"{"w": 1, "w": 2}"#.utf8), keepingDuplicateKeys: true)
        guard case .object(let members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["w", "w"])
    }

    @Test func headerWriterOutputParsesBack() throws {
        let text = "quote \" backslash \\ newline \n control \u{1} tab \t é 😀"
        #expect(try parse(HeaderJSONWriter.quoted(text)) == .string(text))
    }

    @Test(arguments: ["1", "-0", "123456789"])
    func integersAreIntegers(text: String) throws {
        #expect(try parse(text).integerValue == Int(text))
    }

    @Test(arguments: ["1.0", "1e2", "99999999999999999999", "true", "\"1\""])
    func nonIntegersAreNot(text: String) throws {
        #expect(try parse(text).integerValue == nil)
    }
}
