/// A parsed JSON value. Numbers keep their text (a range of the parsed bytes) so that each is
/// converted once, by the rule of the tensor it belongs to: `strtof` for a `Float` (the same
/// correctly rounded conversion the CSV reader uses), exact integer parsing for an integer.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    /// Members in document order (a repeated key is refused by the parser).
    case object([(key: String, value: JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// The member `key` of an object (`nil` for a missing key or a value that is not an object).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// What the value is, for error messages: "a string", "an array", …
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// A JSON number as written: its text and what the grammar says about it.
public struct JSONNumber: Sendable, Equatable {
    /// The number's characters (`-12.5e3`), at most `JSONParser.maxNumberLength` bytes.
    public let text: String
    /// No fraction and no exponent: an integer literal.
    public let isInteger: Bool

    /// A number with the text `text` (as the parser reads it).
    public init(text: String, isInteger: Bool) {
        self.text = text
        self.isInteger = isInteger
    }

    /// The correctly rounded `Float` (C `strtof`); ±infinity when it overflows.
    public var floatValue: Float {
        text.withCString { strtof($0, nil) }
    }

    /// The correctly rounded `Double` (C `strtod`).
    public var doubleValue: Double {
        text.withCString { strtod($0, nil) }
    }

    /// The exact value of an integer literal within `Int64`, else `nil`.
    public var int64Value: Int64? {
        isInteger ? Int64(text) : nil
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
