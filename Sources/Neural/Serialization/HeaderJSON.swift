/// A JSON value as read from a safetensors header, keeping what the reader must check:
/// object keys in file order (so duplicates are seen), and numbers as their source text (so an
/// integer can be told from `3.0`, `true` or a value that overflows `Int`).
///
/// Foundation's `JSONSerialization` merges duplicate keys and blurs integers, booleans and
/// floats into `NSNumber`; a model file is untrusted input, so the header gets this strict parser.
indirect enum HeaderJSON: Equatable, Sendable {
    case object([HeaderJSONMember])
    case array([HeaderJSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    /// The value as an `Int` when it is a JSON integer literal that fits, otherwise nil.
    var integerValue: Int? {
        guard case let .number(text) = self,
              !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) else { return nil }
        return Int(text)
    }

    /// A short description of the value's kind for error messages ("a string", "an array", …).
    var kindDescription: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string(let text): return "the string \"\(text.prefix(40))\""
        case .number(let text): return "the number \(text.prefix(40))"
        case .bool(let value): return "\(value)"
        case .null: return "null"
        }
    }
}

/// One `"key": value` pair of a JSON object.
struct HeaderJSONMember: Equatable, Sendable {
    var key: String
    var value: HeaderJSON
}

/// Why a header is not valid JSON, and at which byte.
struct HeaderJSONSyntaxError: Error, Equatable {
    var position: Int
    var reason: String
}

/// A strict RFC 8259 parser over UTF-8 bytes with a nesting limit, so hostile input can neither
/// overflow the stack nor make the parser guess.
struct HeaderJSONParser {
    /// Deeper nesting than any safetensors header needs; bounds recursion on hostile input.
    static let maximumDepth = 64

    private let bytes: [UInt8]
    private var position = 0

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses exactly one JSON value, allowing surrounding whitespace (the format pads with spaces).
    static func parse(_ bytes: [UInt8]) throws(HeaderJSONSyntaxError) -> HeaderJSON {
        var parser = HeaderJSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.position != bytes.count {
            throw parser.failure("unexpected text after the end of the JSON value")
        }
        return value
    }

    private func failure(_ reason: String) -> HeaderJSONSyntaxError {
        HeaderJSONSyntaxError(position: position, reason: reason)
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
            position += 1
        }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(HeaderJSONSyntaxError) {
        guard current == byte else {
            throw failure(current == nil ? "the header ends where \(what) was expected" : "expected \(what)")
        }
        position += 1
    }

    private mutating func parseValue(depth: Int) throws(HeaderJSONSyntaxError) -> HeaderJSON {
        guard depth <= Self.maximumDepth else {
            throw failure("nested more than \(Self.maximumDepth) levels deep")
        }
        guard let byte = current else { throw failure("the header ends where a value was expected") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw failure("unexpected character '\(Self.printable(byte))'")
        }
    }

    private mutating func parseLiteral(_ literal: String) throws(HeaderJSONSyntaxError) {
        for expected in literal.utf8 {
            guard current == expected else { throw failure("invalid literal, expected \(literal)") }
            position += 1
        }
    }

    private mutating func parseObject(depth: Int) throws(HeaderJSONSyntaxError) -> HeaderJSON {
        position += 1  // "{"
        var members: [HeaderJSONMember] = []
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw failure("expected a string key") }
            let key = try parseString()
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "':' after a key")
            skipWhitespace()
            let value = try parseValue(depth: depth + 1)
            members.append(HeaderJSONMember(key: key, value: value))
            skipWhitespace()
            if current == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "}"), "',' or '}' in an object")
            return .object(members)
        }
    }

    private mutating func parseArray(depth: Int) throws(HeaderJSONSyntaxError) -> HeaderJSON {
        position += 1  // "["
        var elements: [HeaderJSON] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            if current == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "]"), "',' or ']' in an array")
            return .array(elements)
        }
    }

    private mutating func parseNumber() throws(HeaderJSONSyntaxError) -> String {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        guard let first = current, Self.isDigit(first) else { throw failure("expected a digit") }
        position += 1
        if first != UInt8(ascii: "0") {
            while let byte = current, Self.isDigit(byte) { position += 1 }
        }
        if current == UInt8(ascii: ".") {
            position += 1
            guard let byte = current, Self.isDigit(byte) else { throw failure("expected a digit after '.'") }
            while let byte = current, Self.isDigit(byte) { position += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard let byte = current, Self.isDigit(byte) else { throw failure("expected a digit in the exponent") }
            while let byte = current, Self.isDigit(byte) { position += 1 }
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func parseString() throws(HeaderJSONSyntaxError) -> String {
        position += 1  // opening quote
        var utf8: [UInt8] = []
        while true {
            guard let byte = current else { throw failure("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                // The whole header was checked to be valid UTF-8, and escapes append valid UTF-8.
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                position += 1
                try parseEscape(into: &utf8)
            case 0..<0x20:
                throw failure("control character 0x\(String(byte, radix: 16)) inside a string")
            default:
                utf8.append(byte)
                position += 1
            }
        }
    }

    private mutating func parseEscape(into utf8: inout [UInt8]) throws(HeaderJSONSyntaxError) {
        guard let byte = current else { throw failure("unterminated escape") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""): utf8.append(0x22)
        case UInt8(ascii: "\\"): utf8.append(0x5C)
        case UInt8(ascii: "/"): utf8.append(0x2F)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var scalarValue = try parseHexQuad()
            if (0xD800..<0xDC00).contains(scalarValue) {
                // A high surrogate must be followed by an escaped low surrogate (UTF-16 pair).
                guard current == UInt8(ascii: "\\") else { throw failure("unpaired UTF-16 surrogate") }
                position += 1
                guard current == UInt8(ascii: "u") else { throw failure("unpaired UTF-16 surrogate") }
                position += 1
                let low = try parseHexQuad()
                guard (0xDC00..<0xE000).contains(low) else { throw failure("unpaired UTF-16 surrogate") }
                scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(scalarValue) else { throw failure("unpaired UTF-16 surrogate") }
            utf8.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            throw failure("invalid escape '\\\(Self.printable(byte))'")
        }
    }

    private mutating func parseHexQuad() throws(HeaderJSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current else { throw failure("unterminated \\u escape") }
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("invalid hexadecimal digit in a \\u escape")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func printable(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "0x" + String(byte, radix: 16)
    }
}

/// Writes JSON text for the header: strings escaped per RFC 8259, integers in decimal.
enum HeaderJSONWriter {
    /// `text` as a JSON string literal, quotes included.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
