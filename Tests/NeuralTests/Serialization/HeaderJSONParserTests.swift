import Testing
@testable import Neural

@Suite struct HeaderJSONParserTests {
    func parse(_ text: String) throws(HeaderJSONSyntaxError) -> HeaderJSON {
        try HeaderJSONParser.parse(Array(text.utf8))
    }

    @Test func parsesEveryKindOfValue() throws {
        let value = try parse(#" {"a": [1, -2.5e3, true, false, null], "b": {"c": "d"}, "": 0} "#)
        #expect(value == .object([
            HeaderJSONMember(key: "a", value: .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null])),
            HeaderJSONMember(key: "b", value: .object([HeaderJSONMember(key: "c", value: .string("d"))])),
            HeaderJSONMember(key: "", value: .number("0")),
        ]))
    }

    @Test func decodesEscapes() throws {
        // \u00e9 = é; \ud83d\ude00 is the UTF-16 surrogate pair of U+1F600 😀.
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00""#) == .string("a\"b\\c/d\u{8}\u{C}\n\r\té😀"))
    }

    @Test func writerOutputParsesBack() throws {
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

    @Test(arguments: [
        "", "{", "{\"a\"}", "{\"a\":}", "[1,]", "01", "1.", "-", "1e", "\"\\x\"", "\"\\ud800\"", "\"a\u{1}\"",
        "tru", "{'a': 1}", "{\"a\":1,}", "\"unterminated",
    ])
    func rejectsInvalidJSON(text: String) {
        #expect(throws: HeaderJSONSyntaxError.self) { try parse(text) }
    }
}
