/// Builds JSON text into bytes: the response bodies. Floats are written in Swift's shortest
/// round-trip form (`0.1`, `1e-05`), which is valid JSON for every finite value.
struct JSONWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0..<0x20:
                raw("\\u00")
                bytes.append(Self.hex[Int(byte >> 4)])
                bytes.append(Self.hex[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hex = Array("0123456789abcdef".utf8)

    mutating func number(_ value: Float) {
        precondition(value.isFinite, "JSON has no non-finite numbers; \(value) must be refused before encoding")
        raw(value.description)
    }

    mutating func number(_ value: Int) {
        raw(String(value))
    }

    /// `"key":` (after a comma unless `first`).
    mutating func key(_ name: StaticString, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        raw("\":")
    }

    mutating func shape(_ dims: [Int]) {
        bytes.append(UInt8(ascii: "["))
        for (index, dim) in dims.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            number(dim)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func stringArray(_ values: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            string(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// `{"error": message}`, the protocol's error body.
    static func error(_ message: String) -> [UInt8] {
        var writer = JSONWriter()
        writer.raw("{")
        writer.key("error", first: true)
        writer.string(message)
        writer.raw("}")
        return writer.bytes
    }
}
