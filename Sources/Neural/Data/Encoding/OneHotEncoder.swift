/// One-hot encoding of categorical columns: a value of column `c` becomes a block of
/// `width(ofColumn: c)` outputs with a 1 at the category's position and 0 elsewhere.
///
/// Categories are learned from the training data and kept in `CategoryOrder` (sorted,
/// numeric-aware), as scikit-learn's `OneHotEncoder(categories="auto")` does, so the output
/// layout does not depend on row order. A category not seen when fitting is an error
/// (`DataError.unseenCategory`) or an all-zero block, by `unseenCategories`.
///
/// With a cap of `maxCategories` outputs per column (scikit-learn's `max_categories`), the
/// `maxCategories − 1` most frequent categories keep their own output and the others are pooled
/// into `infrequentCategories`, which share one last output of the block, named
/// `column=(infrequent)` (scikit-learn's `infrequent_sklearn`). The pooled values are stored, so
/// a rare value seen in training maps to that output when predicting, while a value never seen
/// still follows `unseenCategories`.
public struct OneHotEncoder: Sendable, Codable, Equatable {
    /// The encoded columns' names.
    public let columnNames: [String]
    /// The categories of each column that have their own output, in output order.
    public let categories: [[String]]
    /// The categories of each column pooled into its last output (empty when none are).
    public let infrequentCategories: [[String]]
    /// What to do with a value not in `categories` or `infrequentCategories`.
    public let unseenCategories: UnseenCategoryPolicy

    /// The name of the pooled output of a column, after `column=`.
    public static let infrequentName = "(infrequent)"

    /// Position of each category within its column's block; rebuilt after decoding.
    private let positions: [[String: Int]]

    private enum CodingKeys: String, CodingKey { case columnNames, categories, infrequentCategories, unseenCategories }

    /// An encoder with the given categories per column, and the pooled ones (none by default).
    /// - Precondition: one category list per name, each without duplicates, disjoint from the
    ///   column's pooled list.
    public init(columnNames: [String], categories: [[String]], infrequentCategories: [[String]]? = nil,
                unseenCategories: UnseenCategoryPolicy = .error) {
        let infrequent = infrequentCategories ?? categories.map { _ in [] }
        precondition(columnNames.count == categories.count && infrequent.count == categories.count,
                     "OneHotEncoder has \(columnNames.count) column names but \(categories.count) category lists and \(infrequent.count) pooled lists")
        self.columnNames = columnNames
        self.categories = categories
        self.infrequentCategories = infrequent
        self.unseenCategories = unseenCategories
        self.positions = zip(categories, infrequent).map { names, pooled in
            var positions = [String: Int](minimumCapacity: names.count + pooled.count)
            for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
            for name in pooled where positions[name] == nil { positions[name] = names.count }
            return positions
        }
        for (index, name) in columnNames.enumerated() {
            precondition(positions[index].count == categories[index].count + infrequent[index].count,
                         "Categories of column \(name) contain duplicates")
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let names = try container.decode([String].self, forKey: .columnNames)
        let categories = try container.decode([[String]].self, forKey: .categories)
        let infrequent = try container.decodeIfPresent([[String]].self, forKey: .infrequentCategories)
            ?? categories.map { _ in [] }
        let policy = try container.decode(UnseenCategoryPolicy.self, forKey: .unseenCategories)
        guard names.count == categories.count, infrequent.count == categories.count,
              zip(categories, infrequent).allSatisfy({ Set($0 + $1).count == $0.count + $1.count }) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath,
                debugDescription: "one-hot encoder needs one duplicate-free category list (and pooled list) per column"))
        }
        self.init(columnNames: names, categories: categories, infrequentCategories: infrequent, unseenCategories: policy)
    }

    /// Writes `infrequentCategories` only when a column has pooled categories, so an encoder
    /// without a cap reads as it did before caps existed.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(columnNames, forKey: .columnNames)
        try container.encode(categories, forKey: .categories)
        if infrequentCategories.contains(where: { !$0.isEmpty }) {
            try container.encode(infrequentCategories, forKey: .infrequentCategories)
        }
        try container.encode(unseenCategories, forKey: .unseenCategories)
    }

    /// The outputs of column `column`: its categories, plus one when some are pooled.
    public func width(ofColumn column: Int) -> Int {
        categories[column].count + (infrequentCategories[column].isEmpty ? 0 : 1)
    }

    /// Splits one column's categories, given with their training counts, into those that keep
    /// an output and those pooled, for a cap of `maxCategories` outputs (scikit-learn's rule):
    /// when there are at least `maxCategories` categories, the `maxCategories − 1` most
    /// frequent keep theirs; among equal counts the one later in `CategoryOrder` is kept (numpy's
    /// stable `argsort` of the counts in category order marks the earlier ones infrequent first).
    /// A cap of 1 pools everything. Both lists come back in category order.
    /// - Precondition: `maxCategories ≥ 1`.
    public static func split(_ counts: [(name: String, count: Int)], maxCategories: Int?) -> (kept: [String], pooled: [String]) {
        let ordered = CategoryOrder.sorted(counts.map(\.name))
        guard let maxCategories else { return (ordered, []) }
        precondition(maxCategories >= 1, "maxCategories must be at least 1, got \(maxCategories)")
        // scikit-learn counts the pooled output among the features: it pools as soon as the
        // categories are at least `maxCategories` (k categories, cap k: k − 1 kept, 1 pooled).
        guard maxCategories <= ordered.count else { return (ordered, []) }
        var countOf = [String: Int](minimumCapacity: counts.count)
        for entry in counts { countOf[entry.name, default: 0] += entry.count }
        // Stable ascending sort by count of the positions in category order; the first
        // `ordered.count − (maxCategories − 1)` are infrequent.
        let ascending = ordered.indices.sorted { lhs, rhs in
            let left = countOf[ordered[lhs]] ?? 0, right = countOf[ordered[rhs]] ?? 0
            return left != right ? left < right : lhs < rhs
        }
        var pooled = [Bool](repeating: false, count: ordered.count)
        for position in ascending.prefix(ordered.count - (maxCategories - 1)) { pooled[position] = true }
        return (ordered.indices.filter { !pooled[$0] }.map { ordered[$0] },
                ordered.indices.filter { pooled[$0] }.map { ordered[$0] })
    }

    /// Learns the categories of each column from its present values (`nil` = missing).
    /// With `maxCategories`, each column keeps at most that many outputs (see `split`).
    public static func fit(columnNames: [String], values: [[String?]], maxCategories: Int? = nil,
                           unseenCategories: UnseenCategoryPolicy = .error) -> OneHotEncoder {
        let splits = values.map { column -> (kept: [String], pooled: [String]) in
            var counts = [String: Int]()
            for value in column { if let value { counts[value, default: 0] += 1 } }
            return split(counts.map { (name: $0.key, count: $0.value) }, maxCategories: maxCategories)
        }
        return OneHotEncoder(columnNames: columnNames, categories: splits.map(\.kept),
                             infrequentCategories: splits.map(\.pooled), unseenCategories: unseenCategories)
    }

    /// The total number of outputs, `Σ width(ofColumn: c)`.
    public var outputCount: Int { columnNames.indices.reduce(0) { $0 + width(ofColumn: $1) } }

    /// Output names of column `column`: `column=category`, then `column=(infrequent)` when some
    /// categories are pooled.
    public func featureNames(ofColumn column: Int) -> [String] {
        let name = columnNames[column]
        var names = categories[column].map { "\(name)=\($0)" }
        if !infrequentCategories[column].isEmpty { names.append("\(name)=\(Self.infrequentName)") }
        return names
    }

    /// Output names, in output order.
    public var featureNames: [String] { columnNames.indices.flatMap { featureNames(ofColumn: $0) } }

    /// The position of `value` within column `column`'s block (the last one for a pooled or,
    /// in a column with pooled categories, an unseen value), or `nil` for an unseen value under
    /// `.allZeros`. Throws `DataError.unseenCategory` under `.error`.
    public func position(of value: String, column: Int, location: SourceLocation? = nil) throws -> Int? {
        if let position = positions[column][value] { return position }
        // A column with a pooled output takes unseen values there (scikit-learn's
        // `handle_unknown="infrequent_if_exist"`): they are rarer than any kept category.
        if !infrequentCategories[column].isEmpty { return categories[column].count }
        switch unseenCategories {
        case .allZeros:
            return nil
        case .error:
            throw DataError.unseenCategory(value: value, column: columnNames[column], location: location)
        }
    }

    /// One-hot rows for `values` of a single column: `[values.count, width(ofColumn: column)]`.
    public func transform(_ values: [String], column: Int) throws -> Matrix {
        let width = width(ofColumn: column)
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
