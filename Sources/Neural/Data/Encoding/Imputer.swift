/// The fill values of missing features, learned on the training rows (scikit-learn's
/// `SimpleImputer`, one fitted step for every strategy at once, so that a model can be applied
/// under another policy than the one it was trained with).
///
/// For each numeric column: the mean, the median (an even count: the mean of the two middle
/// values, as numpy's `median`) and the most frequent value (ties: the smallest), all of the
/// non-missing training values. For each categorical column: the most frequent category (ties:
/// the smallest in code-point order, as scikit-learn's `min` over Python strings).
///
/// ```swift
/// let imputer = Imputer.fit(numeric: [[1, .nan, 3, 10]], categorical: [["a", nil, "b", "b"]])
/// imputer.numericFill(0, policy: .median)        // 3
/// imputer.categoricalFill(0, policy: .median)    // "b"
/// ```
public struct Imputer: Sendable, Codable, Equatable {
    /// Mean of each numeric column's training values (0 for a column with none).
    public let numericMeans: [Float]
    /// Median of each numeric column's training values; `nil` in model files written before
    /// medians were stored (they can fill by mean or most frequent category only).
    public let numericMedians: [Float]?
    /// Most frequent value of each numeric column (ties: the smallest); `nil` in older files.
    public let numericModes: [Float]?
    /// Most frequent category of each categorical column (ties: the smallest).
    public let categoricalModes: [String]

    /// An imputer with the given fill values.
    /// - Precondition: `numericMedians` and `numericModes`, when given, have one value per mean.
    public init(numericMeans: [Float], numericMedians: [Float]?, numericModes: [Float]?, categoricalModes: [String]) {
        precondition(numericMedians.map { $0.count == numericMeans.count } ?? true
                     && numericModes.map { $0.count == numericMeans.count } ?? true,
                     "Imputer has \(numericMeans.count) means, \(numericMedians?.count ?? -1) medians, \(numericModes?.count ?? -1) modes")
        self.numericMeans = numericMeans
        self.numericMedians = numericMedians
        self.numericModes = numericModes
        self.categoricalModes = categoricalModes
    }

    /// Fits the fill values of numeric columns (NaN is missing) and categorical columns (`nil`
    /// is missing). A column without any value gets 0 or "" (callers refuse to fill such a
    /// column; `emptyNumericColumns` finds them).
    public static func fit(numeric: [[Float]], categorical: [[String?]]) -> Imputer {
        var means = [Float](), medians = [Float](), modes = [Float]()
        for column in numeric {
            let statistics = numericStatistics(column)
            means.append(statistics.mean)
            medians.append(statistics.median)
            modes.append(statistics.mode)
        }
        return Imputer(numericMeans: means, numericMedians: medians, numericModes: modes,
                       categoricalModes: categorical.map { mostFrequent($0.compactMap { $0 }) })
    }

    /// Mean (accumulated in Double), median and most frequent value of the non-NaN `values`.
    static func numericStatistics(_ values: [Float]) -> (mean: Float, median: Float, mode: Float) {
        let present = values.filter { !$0.isNaN }.sorted()
        guard !present.isEmpty else { return (0, 0, 0) }
        let mean = present.reduce(0.0) { $0 + Double($1) } / Double(present.count)
        let middle = present.count / 2
        let median = present.count % 2 == 1
            ? present[middle]
            : Float((Double(present[middle - 1]) + Double(present[middle])) / 2)
        // Sorted, so the first run reaching the largest count holds the smallest tied value.
        var mode = present[0], bestCount = 0, runStart = 0
        for index in 1...present.count where index == present.count || present[index] != present[runStart] {
            if index - runStart > bestCount { bestCount = index - runStart; mode = present[runStart] }
            runStart = index
        }
        return (Float(mean), median, mode)
    }

    /// The most frequent string (ties: the smallest in Unicode code-point order); "" when empty.
    static func mostFrequent(_ values: [String]) -> String {
        var counts = [String: Int]()
        for value in values { counts[value, default: 0] += 1 }
        return mostFrequent(counts: counts)
    }

    /// The string with the largest count (ties: the smallest in Unicode code-point order); "" when empty.
    static func mostFrequent(counts: [String: Int]) -> String {
        counts.max { lhs, rhs in
            lhs.value != rhs.value
                ? lhs.value < rhs.value
                : rhs.key.unicodeScalars.lexicographicallyPrecedes(lhs.key.unicodeScalars)
        }?.key ?? ""
    }

    /// The value filling numeric column `index` under `policy`, or `nil` when the policy does
    /// not fill (`.error`) or the file predates the statistic (`ImputerError` is the caller's).
    public func numericFill(_ index: Int, policy: MissingValuePolicy) -> Float? {
        switch policy.fillingPolicy {
        case .mean: return numericMeans[index]
        case .median: return numericMedians?[index]
        case .mostFrequent: return numericModes?[index]
        case .error, .drop: return nil
        }
    }

    /// The category filling categorical column `index` under `policy`, or `nil` under `.error`.
    public func categoricalFill(_ index: Int, policy: MissingValuePolicy) -> String? {
        policy.fillingPolicy.fills ? categoricalModes[index] : nil
    }

    /// Whether every numeric column has the statistic `policy` fills with (older model files
    /// have means only).
    public func canFill(under policy: MissingValuePolicy) -> Bool {
        switch policy.fillingPolicy {
        case .median: return numericMedians != nil
        case .mostFrequent: return numericModes != nil
        default: return true
        }
    }
}
