/// A borrowed view of the record the parser has just completed: valid only inside
/// `CSVReader.withCurrentRecord`.
struct CSVRecordView {
    let bytes: UnsafeBufferPointer<UInt8>
    let fieldEnds: UnsafeBufferPointer<Int>

    var fieldCount: Int { fieldEnds.count }

    /// The bytes of field `index` (0-based), unquoted.
    @inline(__always)
    func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let start = index == 0 ? 0 : fieldEnds[index - 1]
        return UnsafeBufferPointer(rebasing: bytes[start..<fieldEnds[index]])
    }

    /// `bytes` as a `String`, or `nil` when they are not valid UTF-8. ASCII, the common case,
    /// skips the general validator.
    static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var isASCII = true
        for byte in bytes where byte >= 0x80 {
            isASCII = false
            break
        }
        if isASCII { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }
}
