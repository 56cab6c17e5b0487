import Neural

/// A tensor's JSON `data`, flat (`[1, 2, 3, 4]` for shape `[2, 2]`) or nested as the shape
/// (`[[1, 2], [3, 4]]`), converted to `TensorValues`. `null` is a missing value. Numbers of any
/// numeric datatype become `Float` by `strtof` on their text (as the CSV reader converts), after
/// checking that an integer datatype has an integer in its range; `BOOL` takes `true`/`false`;
/// `BYTES` takes strings.
enum JSONTensorReader {
    static func values(_ data: JSONValue, datatype: TensorDatatype, layout: ElementLayout) throws(InferenceError) -> TensorValues {
        var reader = Reader(datatype: datatype, layout: layout)
        reader.numbers.reserveCapacity(datatype.isNumeric ? layout.count : 0)
        reader.texts.reserveCapacity(datatype.isNumeric ? 0 : layout.count)
        if case .array(let elements) = data, layout.shape.count != 1, elements.count == layout.count,
           !elements.contains(where: { if case .array = $0 { return true } else { return false } }) {
            for element in elements { try reader.append(element) }
        } else if layout.shape.isEmpty, !Self.isArray(data) {
            try reader.append(data)
        } else {
            try reader.visit(data, depth: 0)
        }
        return datatype.isNumeric ? .numbers(reader.numbers) : .texts(reader.texts)
    }

    private static func isArray(_ value: JSONValue) -> Bool {
        if case .array = value { return true }
        return false
    }

    private struct Reader {
        let datatype: TensorDatatype
        let layout: ElementLayout
        var numbers: [Float] = []
        var texts: [String?] = []
        var index = 0

        private var label: String { "The input \"\(layout.name)\"" }

        mutating func visit(_ value: JSONValue, depth: Int) throws(InferenceError) {
            guard depth < layout.shape.count else {
                try append(value)
                return
            }
            guard case .array(let elements) = value, elements.count == layout.shape[depth] else {
                let found: String
                if case .array(let elements) = value { found = "\(elements.count) elements" } else { found = value.kindDescription }
                throw .badRequest("\(label) has shape \(layout.shape), but its data has \(found) where dimension \(depth) needs \(layout.shape[depth]) (send \(layout.count) values flat, or nested as the shape).")
            }
            for element in elements { try visit(element, depth: depth + 1) }
        }

        mutating func append(_ value: JSONValue) throws(InferenceError) {
            guard index < layout.count else {
                throw .badRequest("\(label) has shape \(layout.shape) (\(layout.count) values), but its data has more.")
            }
            defer { index += 1 }
            if datatype == .bytes {
                switch value {
                case .string(let text): texts.append(text)
                case .null: texts.append(nil)
                default:
                    throw .badRequest("\(label), \(layout.place(of: index)): datatype BYTES takes strings, found \(value.kindDescription).")
                }
                return
            }
            switch value {
            case .null:
                numbers.append(.nan)
            case .bool(let flag) where datatype == .bool:
                numbers.append(flag ? 1 : 0)
            case .number(let number) where datatype != .bool:
                if let range = datatype.integerRange {
                    guard let integer = number.int64Value, range.contains(integer) else {
                        throw .badRequest("\(label), \(layout.place(of: index)): \(number.text) is not a \(datatype.rawValue) value (an integer from \(range.lowerBound) to \(range.upperBound)).")
                    }
                }
                let float = number.floatValue
                guard float.isFinite else {
                    throw .badRequest("\(label), \(layout.place(of: index)): \(number.text) is outside the range of a 32-bit float.")
                }
                numbers.append(float)
            default:
                let expected = datatype == .bool ? "true or false" : "a number"
                throw .badRequest("\(label), \(layout.place(of: index)): datatype \(datatype.rawValue) takes \(expected), found \(value.kindDescription).")
            }
        }
    }
}
