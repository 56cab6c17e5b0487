/// Per-column standardisation: `z = (x − mean) / standardDeviation`.
///
/// Fitted on training data only. `standardDeviation` is the population value
/// `sqrt(Σ (x − mean)² / n)` (ddof = 0, as scikit-learn's `StandardScaler`). A constant
/// column gets standard deviation 1, so it maps to 0 instead of dividing by zero; a column with
/// no present value gets mean 0 and standard deviation 1. NaN (missing) values are skipped
/// when fitting. Sums are accumulated in `Double` and the mean is subtracted before squaring
/// (two passes), so large offsets such as years or prices lose no precision.
public struct Standardizer: Sendable, Codable, Equatable {
    /// One mean per column.
    public let means: [Float]
    /// One standard deviation per column, never zero.
    public let standardDeviations: [Float]

    /// A standardizer with the given statistics.
    /// - Precondition: equal counts; every standard deviation is positive and finite.
    public init(means: [Float], standardDeviations: [Float]) {
        precondition(means.count == standardDeviations.count,
                     "Standardizer has \(means.count) means but \(standardDeviations.count) standard deviations")
        precondition(standardDeviations.allSatisfy { $0 > 0 && $0.isFinite },
                     "Standard deviations must be positive and finite, got \(standardDeviations)")
        self.means = means
        self.standardDeviations = standardDeviations
    }

    private enum CodingKeys: String, CodingKey { case means, standardDeviations }

    /// Decodes and checks the statistics: equal counts, finite means, and deviations that are
    /// positive normal numbers (fitting never makes a smaller one, and dividing by a subnormal
    /// deviation overflows for ordinary values, so every prediction would be NaN).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let means = try container.decode([Float].self, forKey: .means)
        let deviations = try container.decode([Float].self, forKey: .standardDeviations)
        func corrupted(_ reason: String) -> DecodingError {
            DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath, debugDescription: reason))
        }
        guard means.count == deviations.count else {
            throw corrupted("standardizer needs one standard deviation per mean, got \(deviations.count) for \(means.count)")
        }
        if let index = deviations.firstIndex(where: { !($0.isNormal && $0 > 0) }) {
            throw corrupted("standard deviation \(index) is \(deviations[index]), not a positive normal finite number")
        }
        if let index = means.firstIndex(where: { !$0.isFinite }) {
            throw corrupted("mean \(index) is \(means[index]), not finite")
        }
        self.init(means: means, standardDeviations: deviations)
    }

    /// The number of columns.
    public var columnCount: Int { means.count }

    /// Fits one column's statistics from `values` (NaN skipped).
    static func statistics<C: Collection<Float>>(of values: C) -> (mean: Float, standardDeviation: Float) {
        var count = 0
        var sum = 0.0
        for value in values where !value.isNaN {
            sum += Double(value)
            count += 1
        }
        guard count > 0 else { return (0, 1) }
        let mean = sum / Double(count)
        var squares = 0.0
        for value in values where !value.isNaN {
            let deviation = Double(value) - mean
            squares += deviation * deviation
        }
        return statistics(count: Double(count), mean: mean, squares: squares)
    }

    /// A column's statistics from its count, mean and sum of squared deviations (`Double`).
    static func statistics(count: Double, mean: Double, squares: Double) -> (mean: Float, standardDeviation: Float) {
        guard count > 0 else { return (0, 1) }
        let deviation = Float((squares / count).squareRoot())
        // A constant column (or one whose spread is below Float resolution) is left unscaled.
        let usable = deviation > 0 && deviation.isFinite && deviation.isNormal
        return (Float(mean), usable ? deviation : 1)
    }

    /// Fits on the columns of `matrix` (`[n, d]` → `d` statistics), skipping NaN.
    public static func fit(_ matrix: Matrix) -> Standardizer {
        fit(columns: (0..<matrix.columns).map { matrix.column($0) })
    }

    /// Fits one statistic per array in `columns`, skipping NaN.
    public static func fit(columns: [[Float]]) -> Standardizer {
        let fitted = columns.map { Standardizer.statistics(of: $0) }
        return Standardizer(means: fitted.map { $0.mean }, standardDeviations: fitted.map { $0.standardDeviation })
    }

    /// `(value − means[column]) / standardDeviations[column]`.
    @inline(__always)
    public func transform(_ value: Float, column: Int) -> Float {
        (value - means[column]) / standardDeviations[column]
    }

    /// `value · standardDeviations[column] + means[column]`.
    @inline(__always)
    public func inverseTransform(_ value: Float, column: Int) -> Float {
        value * standardDeviations[column] + means[column]
    }

    /// Standardises every column of `matrix` (`[n, columnCount]`).
    public func transform(_ matrix: Matrix) -> Matrix {
        precondition(matrix.columns == columnCount,
                     "Standardizer fitted on \(columnCount) columns, got a \(matrix.rows)×\(matrix.columns) matrix")
        var result = matrix
        result.withUnsafeMutableBufferPointer { buffer in
            for index in 0..<buffer.count { buffer[index] = transform(buffer[index], column: index % columnCount) }
        }
        return result
    }

    /// Undoes `transform` on every column of `matrix`.
    public func inverseTransform(_ matrix: Matrix) -> Matrix {
        precondition(matrix.columns == columnCount,
                     "Standardizer fitted on \(columnCount) columns, got a \(matrix.rows)×\(matrix.columns) matrix")
        var result = matrix
        result.withUnsafeMutableBufferPointer { buffer in
            for index in 0..<buffer.count { buffer[index] = inverseTransform(buffer[index], column: index % columnCount) }
        }
        return result
    }
}
