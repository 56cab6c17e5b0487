/// Counts (or summed sample weights) of each (actual class, predicted class) pair.
///
/// Rows are the actual (true) classes and columns the predicted classes, as in scikit-learn's
/// `confusion_matrix`: `self[actual: i, predicted: j]` is the number of samples of class `i`
/// predicted as `j`. Classes are indices `0..<classCount`. Sums are accumulated in Double, which
/// holds integer counts exactly up to 2^53.
public struct ConfusionMatrix: Equatable, Sendable {
    /// Number of classes; the matrix is `classCount × classCount`.
    public let classCount: Int
    /// The non-zero entries, keyed by `actual * classCount + predicted`: memory grows with the
    /// samples and the classes, never with `classCount²` (7 200 classes would be 415 MB dense).
    private var cells: [Int: Double]
    /// Σ of each row (samples, or weight, of each actual class) and of each column (predicted).
    public private(set) var actualTotals: [Double]
    public private(set) var predictedTotals: [Double]
    /// Whether class `c` occurs among the actual or the predicted labels (regardless of weight).
    /// Macro averages run over these classes, as scikit-learn's do when `labels` is not given.
    public private(set) var occurs: [Bool]

    /// Tallies `actual` against `predicted` (both class indices in `0..<classCount`, same length),
    /// adding `weights[i]` (default 1) for sample `i`. Time and memory O(samples + classCount).
    public init(actual: [Int], predicted: [Int], classCount: Int, weights: [Double]? = nil) {
        precondition(classCount > 0, "A confusion matrix needs at least one class, got \(classCount)")
        precondition(actual.count == predicted.count,
                     "\(actual.count) actual labels but \(predicted.count) predictions")
        if let weights {
            precondition(weights.count == actual.count, "\(actual.count) samples but \(weights.count) weights")
        }
        self.classCount = classCount
        cells = [:]
        actualTotals = [Double](repeating: 0, count: classCount)
        predictedTotals = [Double](repeating: 0, count: classCount)
        occurs = [Bool](repeating: false, count: classCount)
        for index in actual.indices {
            let truth = actual[index], guess = predicted[index]
            precondition((0..<classCount).contains(truth) && (0..<classCount).contains(guess),
                         "Sample \(index) has labels (actual \(truth), predicted \(guess)) outside 0..<\(classCount)")
            let weight = weights?[index] ?? 1
            if weight != 0 { cells[truth * classCount + guess, default: 0] += weight }
            actualTotals[truth] += weight
            predictedTotals[guess] += weight
            occurs[truth] = true
            occurs[guess] = true
        }
    }

    /// A matrix from nested rows (row = actual class), e.g. a report's `confusionMatrix`.
    /// A class occurs when its row or column has a non-zero entry.
    public init(rows: [[Double]]) {
        precondition(!rows.isEmpty && rows.allSatisfy { $0.count == rows.count },
                     "A confusion matrix must be square and non-empty, got \(rows.count) rows of \(rows.map(\.count))")
        let count = rows.count
        classCount = count
        cells = [:]
        actualTotals = [Double](repeating: 0, count: count)
        predictedTotals = [Double](repeating: 0, count: count)
        occurs = [Bool](repeating: false, count: count)
        for (actual, row) in rows.enumerated() {
            for (predicted, value) in row.enumerated() where value != 0 {
                cells[actual * count + predicted] = value
                actualTotals[actual] += value
                predictedTotals[predicted] += value
                occurs[actual] = true
                occurs[predicted] = true
            }
        }
    }

    /// A matrix of `classCount` classes from its non-zero entries (`nonZeroEntries`' form).
    /// - Precondition: every class index is in `0..<classCount`, each pair given once.
    public init(classCount: Int, entries: [(actual: Int, predicted: Int, value: Double)]) {
        precondition(classCount > 0, "A confusion matrix needs at least one class, got \(classCount)")
        self.classCount = classCount
        cells = [:]
        actualTotals = [Double](repeating: 0, count: classCount)
        predictedTotals = [Double](repeating: 0, count: classCount)
        occurs = [Bool](repeating: false, count: classCount)
        for entry in entries where entry.value != 0 {
            precondition((0..<classCount).contains(entry.actual) && (0..<classCount).contains(entry.predicted),
                         "Entry (\(entry.actual), \(entry.predicted)) outside 0..<\(classCount)")
            let key = entry.actual * classCount + entry.predicted
            precondition(cells[key] == nil, "Entry (\(entry.actual), \(entry.predicted)) given twice")
            cells[key] = entry.value
            actualTotals[entry.actual] += entry.value
            predictedTotals[entry.predicted] += entry.value
            occurs[entry.actual] = true
            occurs[entry.predicted] = true
        }
    }

    /// The summed weight of samples of class `actual` predicted as `predicted`.
    public subscript(actual actual: Int, predicted predicted: Int) -> Double {
        cells[actual * classCount + predicted] ?? 0
    }

    /// The non-zero entries, by actual class then predicted class (at most one per sample).
    public var nonZeroEntries: [(actual: Int, predicted: Int, value: Double)] {
        cells.keys.sorted().map { key in (key / classCount, key % classCount, cells[key] ?? 0) }
    }

    /// The matrix as nested rows (row = actual class). This is `classCount²` numbers: for
    /// showing a few classes; `nonZeroEntries` holds the same in memory linear in the samples.
    public var rows: [[Double]] {
        var rows = [[Double]](repeating: [Double](repeating: 0, count: classCount), count: classCount)
        for (key, value) in cells { rows[key / classCount][key % classCount] = value }
        return rows
    }

    /// Σ of all entries: the number (or total weight) of samples.
    public var total: Double { actualTotals.reduce(0, +) }

    /// Σ of the diagonal: correctly classified samples.
    public var correct: Double { (0..<classCount).reduce(0) { $0 + self[actual: $1, predicted: $1] } }

    /// Precision, recall, F1 and support of every class `0..<classCount`, in O(classCount).
    ///
    /// With TP = M[c][c], FP = Σ_i≠c M[i][c], FN = Σ_j≠c M[c][j]:
    /// precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2·TP / (2·TP + FP + FN),
    /// support = TP + FN. A zero denominator gives 0, like scikit-learn's default
    /// `zero_division="warn"` (which returns 0 and warns; here nothing is printed).
    public var classScores: [ClassScores] {
        (0..<classCount).map { label in
            let truePositives = self[actual: label, predicted: label]
            let predictedAsLabel = predictedTotals[label], actuallyLabel = actualTotals[label]
            let falsePositives = predictedAsLabel - truePositives
            let falseNegatives = actuallyLabel - truePositives
            func ratio(_ numerator: Double, _ denominator: Double) -> Double {
                denominator > 0 ? numerator / denominator : 0
            }
            return ClassScores(precision: ratio(truePositives, predictedAsLabel),
                               recall: ratio(truePositives, actuallyLabel),
                               f1: ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives),
                               support: actuallyLabel)
        }
    }

    /// Unweighted means of precision, recall and F1 over the classes that occur among the actual or
    /// predicted labels (scikit-learn's `average="macro"` without `labels`). Note that macro F1 is
    /// the mean of the per-class F1 scores, not the harmonic mean of macro precision and recall.
    /// NaN when no class occurs (no samples).
    public var macroScores: (precision: Double, recall: Double, f1: Double) {
        let scores = classScores
        let present = (0..<classCount).filter { occurs[$0] }
        guard !present.isEmpty else { return (.nan, .nan, .nan) }
        let count = Double(present.count)
        return (present.reduce(0) { $0 + scores[$1].precision } / count,
                present.reduce(0) { $0 + scores[$1].recall } / count,
                present.reduce(0) { $0 + scores[$1].f1 } / count)
    }
}

/// Precision, recall and F1 of one class, and its support (samples, or weight, of that class).
public struct ClassScores: Codable, Equatable, Sendable {
    public var precision: Double
    public var recall: Double
    public var f1: Double
    public var support: Double

    public init(precision: Double, recall: Double, f1: Double, support: Double) {
        self.precision = precision
        self.recall = recall
        self.f1 = f1
        self.support = support
    }
}
