/// One-hot encoding of categorical columns: a value of column `c` becomes a block of
/// `categories[c].count` outputs with a 1 at the category's position and 0 elsewhere.
///
/// Categories are learned from the training data and kept in `CategoryOrder` (sorted,
/// numeric-aware), as scikit-learn's `OneHotEncoder(categories="auto")` does, so the output
/// layout does not depend on row order. A category not seen when fitting is an error
/// (`DataError.unseenCategory`) or an all-zero block, by `unseenCategories`.
public struct OneHotEncoder: Sendable, Codable, Equatable {
    /// The encoded columns' names.
    public let columnNames: [String]
    /// The categories of each column, in output order.
    public let categories: [[String]]
    /// What to do with a value not in `categories`.
    public let unseenCategories: UnseenCategoryPolicy

    /// Position of each category within its column's block; rebuilt after decoding.
    private let positions: [[String: Int]]

    private enum CodingKeys: String, CodingKey { case columnNames, categories, unseenCategories }

    /// An encoder with the given categories per column.
    /// - Precondition: one category list per name, each without duplicates.
    public init(columnNames: [String], categories: [[String]], unseenCategories: UnseenCategoryPolicy = .error) {
        precondition(columnNames.count == categories.count,
                     "OneHotEncoder has \(columnNames.count) column names but \(categories.count) category lists")
        self.columnNames = columnNames
        self.categories = categories
        self.unseenCategories = unseenCategories
        self.positions = categories.map { names in
            Dictionary(names.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
        }
        for (name, list) in zip(columnNames, categories) {
            precondition(Set(list).count == list.count, "Categories of column \(name) contain duplicates: \(list)")
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let names = try container.decode([String].self, forKey: .columnNames)
        let categories = try container.decode([[String]].self, forKey: .categories)
        let policy = try container.decode(UnseenCategoryPolicy.self, forKey: .unseenCategories)
        guard names.count == categories.count, categories.allSatisfy({ Set($0).count == $0.count }) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath,
                debugDescription: "one-hot encoder needs one duplicate-free category list per column"))
        }
        self.init(columnNames: names, categories: categories, unseenCategories: policy)
    }

    /// Learns the categories of each column from its present values (`nil` = missing).
    public static func fit(columnNames: [String], values: [[String?]],
                           unseenCategories: UnseenCategoryPolicy = .error) -> OneHotEncoder {
        OneHotEncoder(columnNames: columnNames,
                      categories: values.map { CategoryOrder.sorted($0.compactMap { $0 }) },
                      unseenCategories: unseenCategories)
    }

    /// The total number of outputs, `Σ categories[c].count`.
    public var outputCount: Int { categories.reduce(0) { $0 + $1.count } }

    /// Output names, `column=category`, in output order.
    public var featureNames: [String] {
        zip(columnNames, categories).flatMap { name, list in list.map { "\(name)=\($0)" } }
    }

    /// The position of `value` within column `column`'s block, or `nil` for an unseen value
    /// under `.allZeros`. Throws `DataError.unseenCategory` under `.error`.
    public func position(of value: String, column: Int, location: SourceLocation? = nil) throws -> Int? {
        if let position = positions[column][value] { return position }
        switch unseenCategories {
        case .allZeros:
            return nil
        case .error:
            throw DataError.unseenCategory(value: value, column: columnNames[column], location: location)
        }
    }

    /// One-hot rows for `values` of a single column: `[values.count, categories[column].count]`.
    public func transform(_ values: [String], column: Int) throws -> Matrix {
        let width = categories[column].count
        var result = Matrix(rows: values.count, columns: width)
        for (row, value) in values.enumerated() {
            if let position = try position(of: value, column: column) { result[row, position] = 1 }
        }
        return result
    }

    /// One-hot rows for class indices: `[indices.count, classCount]` with a 1 at
    /// `(i, indices[i])` — the lecture's "4 classes as one-hot rows".
    /// - Precondition: every index is in `0..<classCount`.
    public static func oneHot(_ indices: [Int32], classCount: Int) -> Matrix {
        var result = Matrix(rows: indices.count, columns: classCount)
        for (row, index) in indices.enumerated() {
            precondition(index >= 0 && Int(index) < classCount, "Class index \(index) out of range 0..<\(classCount)")
            result[row, Int(index)] = 1
        }
        return result
    }
}
