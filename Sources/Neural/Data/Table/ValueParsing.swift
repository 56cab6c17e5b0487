#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How one field's text is read when typing columns.
///
/// - Surrounding spaces and tabs are trimmed first (`" 3.5 "` is 3.5; `" red"` is `red`).
/// - Missing: the empty string, `NA` and `NaN`, case-insensitively (`na`, `nan`, `NAN`).
/// - Numbers: plain decimal notation, `[+-]digits[.digits][(e|E)[+-]digits]`, where either the
///   integer or the fraction digits may be absent but not both (`1e-3`, `-2`, `.5`, `5.`).
///   Hexadecimal, thousands separators and decimal commas are not numbers.
/// - Non-finite: `inf`, `infinity` (any case, signed) and finite-looking numbers that overflow
///   `Float` (`1e39`) are reported as errors in a numeric column.
/// - Everything else is text (a category).
enum ParsedValue: Equatable {
    case missing
    case number(Float)
    case nonFinite
    case text
}

enum ValueParsing {
    @inline(__always)
    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// `bytes` without leading and trailing spaces and tabs.
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        while start < end && isBlank(bytes[start]) { start += 1 }
        while end > start && isBlank(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// Classifies trimmed bytes.
    static func parse(_ raw: UnsafeBufferPointer<UInt8>) -> ParsedValue {
        let bytes = trimmed(raw)
        if bytes.isEmpty || isMissingMarker(bytes) { return .missing }
        if isDecimalNumber(bytes) {
            let value = parseFloat(bytes)
            return value.isFinite ? .number(value) : .nonFinite
        }
        if isInfinityWord(bytes) { return .nonFinite }
        return .text
    }

    /// Classifies text (for rows given as strings, as at prediction time).
    static func parse(_ text: String) -> ParsedValue {
        var copy = text
        return copy.withUTF8 { parse($0) }
    }

    /// The value of `text` when it is a plain decimal number by the grammar above (no
    /// trimming, no hexadecimal, no `inf`/`nan`), else `nil`.
    static func decimalValue(_ text: String) -> Double? {
        var copy = text
        let isDecimal = copy.withUTF8 { isDecimalNumber($0) }
        return isDecimal ? Double(text) : nil
    }

    /// Trimmed text of `text`.
    static func trimmed(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { String(decoding: trimmed($0), as: UTF8.self) }
    }

    /// The correctly rounded `Float` of a well-formed decimal (C `strtof` on a NUL-terminated
    /// stack copy; no `String` is built). Overflow gives ±infinity.
    static func parseFloat(_ bytes: UnsafeBufferPointer<UInt8>) -> Float {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer in
            for index in 0..<bytes.count { buffer[index] = CChar(bitPattern: bytes[index]) }
            buffer[bytes.count] = 0
            guard let start = buffer.baseAddress else { return .nan }
            return strtof(start, nil)
        }
    }

    @inline(__always)
    private static func lower(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
    }

    private static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        let expected = word.utf8Start
        for index in 0..<bytes.count where lower(bytes[index]) != expected[index] { return false }
        return true
    }

    static func isMissingMarker(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        equalsIgnoringCase(bytes, "na") || equalsIgnoringCase(bytes, "nan")
    }

    private static func isInfinityWord(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var body = bytes
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            body = UnsafeBufferPointer(rebasing: bytes[1...])
        }
        return equalsIgnoringCase(body, "inf") || equalsIgnoringCase(body, "infinity")
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`
    static func isDecimalNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        var index = 0
        if index < count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
        var mantissaDigits = 0
        while index < count && isDigit(bytes[index]) { index += 1; mantissaDigits += 1 }
        if index < count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < count && isDigit(bytes[index]) { index += 1; mantissaDigits += 1 }
        }
        guard mantissaDigits > 0 else { return false }
        if index < count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
            var exponentDigits = 0
            while index < count && isDigit(bytes[index]) { index += 1; exponentDigits += 1 }
            guard exponentDigits > 0 else { return false }
        }
        return index == count
    }
}
