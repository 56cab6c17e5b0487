/// One typed column of a `DataTable`.
///
/// A numeric column stores `values` (`Float`, NaN where the value is missing; NaN cannot come
/// from the file because `NaN` is read as missing and infinities are rejected). A categorical
/// column stores `codes` into `categories` (first-seen order in the file; `-1` where missing).
/// The other array is empty.
public struct DataColumn: Sendable, Equatable {
    /// How a column's values are read.
    public enum Kind: String, Sendable, Codable, Equatable {
        /// Every present value is a number.
        case numeric
        /// Values are category names (text).
        case categorical
    }

    /// The header name.
    public let name: String
    /// Numeric or categorical.
    public let kind: Kind
    /// Numeric values, NaN where missing; empty for a categorical column.
    public let values: [Float]
    /// Category codes into `categories`, -1 where missing; empty for a numeric column.
    public let codes: [Int32]
    /// Distinct category names in first-seen order; empty for a numeric column.
    public let categories: [String]

    public init(name: String, values: [Float]) {
        self.name = name
        self.kind = .numeric
        self.values = values
        self.codes = []
        self.categories = []
    }

    public init(name: String, codes: [Int32], categories: [String]) {
        precondition(codes.allSatisfy { $0 >= -1 && Int($0) < categories.count },
                     "Category codes of column \(name) must lie in -1..<\(categories.count)")
        self.name = name
        self.kind = .categorical
        self.values = []
        self.codes = codes
        self.categories = categories
    }

    /// The number of rows.
    public var count: Int { kind == .numeric ? values.count : codes.count }

    /// Whether row `row` has no value.
    public func isMissing(_ row: Int) -> Bool {
        kind == .numeric ? values[row].isNaN : codes[row] < 0
    }

    /// Row `row` as text: the category name, or the number formatted without a trailing
    /// `.0` (`3.0` → `"3"`, `2.5` → `"2.5"`); `nil` when missing.
    public func text(at row: Int) -> String? {
        switch kind {
        case .categorical:
            let code = codes[row]
            return code < 0 ? nil : categories[Int(code)]
        case .numeric:
            let value = values[row]
            return value.isNaN ? nil : Self.format(value)
        }
    }

    /// Numbers as class names: integers without a decimal point, others in shortest form.
    static func format(_ value: Float) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// The rows `indices`, in that order.
    public func selecting(rows indices: [Int]) -> DataColumn {
        switch kind {
        case .numeric: return DataColumn(name: name, values: indices.map { values[$0] })
        case .categorical: return DataColumn(name: name, codes: indices.map { codes[$0] }, categories: categories)
        }
    }
}
