/// A safetensors header that has passed every check: each entry's dtype, shape and offsets are
/// valid, the offsets tile the data buffer exactly, and the metadata is a string map.
/// Nothing of the data buffer has been allocated yet when this exists.
struct SafeTensorsHeader: Equatable {
    struct Entry: Equatable {
        var name: String
        var dtype: SafeTensorsDType
        var shape: [Int]
        var elementCount: Int
        var begin: Int
        var end: Int
    }

    /// Entries sorted by `begin`: the order of the data buffer.
    var entries: [Entry]
    var metadata: [String: String]

    /// Validates the header bytes against a data buffer of `dataSize` bytes.
    ///
    /// Checks, in order: UTF-8; JSON syntax; a top-level object; names unique; `__metadata__` a
    /// string→string object; per tensor: `dtype` a supported string, `shape` non-negative integers
    /// whose product × element size does not overflow, `data_offsets` two integers with
    /// 0 ≤ begin ≤ end ≤ dataSize and end − begin equal to the tensor's byte size; and finally that
    /// the tensors neither overlap nor leave bytes uncovered (the format requires the buffer to be
    /// exactly the concatenation of the tensors, and Python's `safetensors` refuses it otherwise).
    static func parse(_ bytes: [UInt8], dataSize: Int, source: String) throws(ModelFileError) -> SafeTensorsHeader {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw .headerNotUTF8(source: source)
        }
        let json: JSONValue
        do {
            // Repeated names are kept, to be reported below as a tensor (or metadata) named twice.
            json = try JSONParser.parse(bytes, keepingDuplicateKeys: true)
        } catch {
            throw .malformedHeader(source: source, position: error.offset, reason: error.reason)
        }
        guard case let .object(members) = json else {
            throw .headerNotObject(source: source, found: json.headerDescription)
        }

        var entries: [Entry] = []
        var metadata: [String: String]?
        var names = Set<String>()
        for member in members {
            guard names.insert(member.key).inserted else {
                if member.key == "__metadata__" {
                    throw .invalidMetadata(source: source, reason: "__metadata__ appears twice")
                }
                throw .duplicateTensor(source: source, name: member.key)
            }
            if member.key == "__metadata__" {
                metadata = try parseMetadata(member.value, source: source)
            } else {
                entries.append(try parseEntry(named: member.key, member.value, dataSize: dataSize, source: source))
            }
        }
        entries.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        try checkTiling(entries, dataSize: dataSize, source: source)
        return SafeTensorsHeader(entries: entries, metadata: metadata ?? [:])
    }

    private static func parseMetadata(_ value: JSONValue, source: String) throws(ModelFileError) -> [String: String] {
        guard case let .object(members) = value else {
            throw .invalidMetadata(source: source, reason: "expected an object of strings, found \(value.headerDescription)")
        }
        var metadata: [String: String] = [:]
        for member in members {
            guard case let .string(text) = member.value else {
                throw .invalidMetadata(source: source,
                                       reason: "the value of \(member.key) must be a string, found \(member.value.headerDescription)")
            }
            guard metadata.updateValue(text, forKey: member.key) == nil else {
                throw .invalidMetadata(source: source, reason: "key \(member.key) appears twice")
            }
        }
        return metadata
    }

    private static func parseEntry(named name: String, _ value: JSONValue, dataSize: Int,
                                   source: String) throws(ModelFileError) -> Entry {
        guard case let .object(fields) = value else {
            throw .invalidTensorEntry(source: source, tensor: name,
                                      reason: "expected an object with dtype, shape and data_offsets, found \(value.headerDescription)")
        }
        func field(_ key: String) throws(ModelFileError) -> JSONValue {
            guard let member = fields.first(where: { $0.key == key }) else {
                throw .invalidTensorEntry(source: source, tensor: name, reason: "the entry has no \(key)")
            }
            return member.value
        }

        guard case let .string(dtypeName) = try field("dtype") else {
            throw .invalidTensorEntry(source: source, tensor: name,
                                      reason: "dtype must be a string, found \(try field("dtype").headerDescription)")
        }
        guard let dtype = SafeTensorsDType(rawValue: dtypeName) else {
            throw .unsupportedDType(source: source, tensor: name, dtype: dtypeName)
        }

        guard case let .array(dimensions) = try field("shape") else {
            throw .invalidTensorEntry(source: source, tensor: name,
                                      reason: "shape must be an array of integers, found \(try field("shape").headerDescription)")
        }
        let shapeText = "[" + dimensions.map { $0.sourceText }.joined(separator: ", ") + "]"
        var shape: [Int] = []
        var elementCount = 1
        for dimension in dimensions {
            guard let size = dimension.integerValue else {
                throw .invalidShape(source: source, tensor: name, shape: shapeText,
                                    reason: "\(dimension.headerDescription) is not an integer that fits in 64 bits")
            }
            guard size >= 0 else {
                throw .invalidShape(source: source, tensor: name, shape: shapeText, reason: "dimension \(size) is negative")
            }
            // Overflow is checked so a hostile shape cannot wrap around to a small byte count.
            let (product, overflow) = elementCount.multipliedReportingOverflow(by: size)
            guard !overflow else {
                throw .invalidShape(source: source, tensor: name, shape: shapeText, reason: "the element count overflows")
            }
            shape.append(size)
            elementCount = product
        }
        let (byteCount, byteOverflow) = elementCount.multipliedReportingOverflow(by: dtype.byteCount)
        guard !byteOverflow else {
            throw .invalidShape(source: source, tensor: name, shape: shapeText, reason: "the byte count overflows")
        }

        guard case let .array(offsets) = try field("data_offsets"), offsets.count == 2,
              let begin = offsets[0].integerValue, let end = offsets[1].integerValue else {
            throw .invalidTensorEntry(source: source, tensor: name,
                                      reason: "data_offsets must be an array of two integers, found \(try field("data_offsets").sourceText)")
        }
        guard begin >= 0, begin <= end, end <= dataSize else {
            throw .offsetsOutOfRange(source: source, tensor: name, begin: begin, end: end, bufferSize: dataSize)
        }
        guard end - begin == byteCount else {
            throw .sizeMismatch(source: source, tensor: name, shape: shape, dtype: dtypeName,
                                expectedBytes: byteCount, begin: begin, end: end)
        }
        return Entry(name: name, dtype: dtype, shape: shape, elementCount: elementCount, begin: begin, end: end)
    }

    /// With entries sorted by offset, each must start where the previous one ended.
    private static func checkTiling(_ entries: [Entry], dataSize: Int, source: String) throws(ModelFileError) {
        var cursor = 0
        var previous: Entry?
        for entry in entries {
            if entry.begin < cursor, let previous {
                throw .overlappingTensors(source: source, first: previous.name, firstRange: [previous.begin, previous.end],
                                          second: entry.name, secondRange: [entry.begin, entry.end])
            }
            if entry.begin > cursor {
                throw .uncoveredData(source: source, begin: cursor, end: entry.begin, bufferSize: dataSize)
            }
            cursor = entry.end
            previous = entry
        }
        if cursor < dataSize {
            throw .uncoveredData(source: source, begin: cursor, end: dataSize, bufferSize: dataSize)
        }
    }
}

extension JSONValue {
    /// The value as an `Int` when it is a JSON integer literal that fits, otherwise nil.
    var integerValue: Int? {
        guard case let .number(number) = self else { return nil }
        return number.int64Value.flatMap { Int(exactly: $0) }
    }

    /// The value's kind and, for a scalar, the value, for a header's error messages
    /// ("the string "…"", "the number 1", "an array", …).
    var headerDescription: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string(let text): return "the string \"\(text.prefix(40))\""
        case .number(let number): return "the number \(number.text.prefix(40))"
        case .bool(let value): return "\(value)"
        case .null: return "null"
        }
    }

    /// Compact JSON-like text of the value for error messages (long values cut).
    var sourceText: String {
        switch self {
        case .number(let number): return String(number.text.prefix(40))
        case .string(let text): return "\"\(text.prefix(40))\""
        case .bool(let value): return "\(value)"
        case .null: return "null"
        case .array(let elements): return "[" + elements.prefix(8).map(\.sourceText).joined(separator: ", ") + (elements.count > 8 ? ", …]" : "]")
        case .object: return "{…}"
        }
    }
}
