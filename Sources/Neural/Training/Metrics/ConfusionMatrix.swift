/// Counts (or summed sample weights) of each (actual class, predicted class) pair.
///
/// Rows are the actual (true) classes and columns the predicted classes, as in scikit-learn's
/// `confusion_matrix`: `self[actual: i, predicted: j]` is the number of samples of class `i`
/// predicted as `j`. Classes are indices `0..<classCount`. Sums are accumulated in Double, which
/// holds integer counts exactly up to 2^53.
public struct ConfusionMatrix: Equatable, Sendable {
    /// Number of classes; the matrix is `classCount × classCount`.
    public let classCount: Int
    /// Row-major entries: `entries[actual * classCount + predicted]`.
    public private(set) var entries: [Double]
    /// Whether class `c` occurs among the actual or the predicted labels (regardless of weight).
    /// Macro averages run over these classes, as scikit-learn's do when `labels` is not given.
    public private(set) var occurs: [Bool]

    /// Tallies `actual` against `predicted` (both class indices in `0..<classCount`, same length),
    /// adding `weights[i]` (default 1) for sample `i`.
    public init(actual: [Int], predicted: [Int], classCount: Int, weights: [Double]? = nil) {
        precondition(classCount > 0, "A confusion matrix needs at least one class, got \(classCount)")
        precondition(actual.count == predicted.count,
                     "\(actual.count) actual labels but \(predicted.count) predictions")
        if let weights {
            precondition(weights.count == actual.count, "\(actual.count) samples but \(weights.count) weights")
        }
        self.classCount = classCount
        entries = [Double](repeating: 0, count: classCount * classCount)
        occurs = [Bool](repeating: false, count: classCount)
        for index in actual.indices {
            let truth = actual[index], guess = predicted[index]
            precondition((0..<classCount).contains(truth) && (0..<classCount).contains(guess),
                         "Sample \(index) has labels (actual \(truth), predicted \(guess)) outside 0..<\(classCount)")
            entries[truth * classCount + guess] += weights?[index] ?? 1
            occurs[truth] = true
            occurs[guess] = true
        }
    }

    /// A matrix from nested rows (row = actual class), e.g. a report's `confusionMatrix`.
    /// A class occurs when its row or column has a non-zero entry.
    public init(rows: [[Double]]) {
        precondition(!rows.isEmpty && rows.allSatisfy { $0.count == rows.count },
                     "A confusion matrix must be square and non-empty, got \(rows.count) rows of \(rows.map(\.count))")
        classCount = rows.count
        entries = rows.flatMap { $0 }
        occurs = (0..<rows.count).map { label in
            rows[label].contains { $0 != 0 } || rows.contains { $0[label] != 0 }
        }
    }

    /// The summed weight of samples of class `actual` predicted as `predicted`.
    public subscript(actual actual: Int, predicted predicted: Int) -> Double {
        entries[actual * classCount + predicted]
    }

    /// The matrix as nested rows (row = actual class).
    public var rows: [[Double]] {
        (0..<classCount).map { Array(entries[($0 * classCount)..<(($0 + 1) * classCount)]) }
    }

    /// Σ of all entries: the number (or total weight) of samples.
    public var total: Double { entries.reduce(0, +) }

    /// Σ of the diagonal: correctly classified samples.
    public var correct: Double { (0..<classCount).reduce(0) { $0 + self[actual: $1, predicted: $1] } }

    /// Precision, recall, F1 and support of every class `0..<classCount`.
    ///
    /// With TP = M[c][c], FP = Σ_i≠c M[i][c], FN = Σ_j≠c M[c][j]:
    /// precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2·TP / (2·TP + FP + FN),
    /// support = TP + FN. A zero denominator gives 0, like scikit-learn's default
    /// `zero_division="warn"` (which returns 0 and warns; here nothing is printed).
    public var classScores: [ClassScores] {
        (0..<classCount).map { label in
            let truePositives = self[actual: label, predicted: label]
            var predictedAsLabel = 0.0, actuallyLabel = 0.0
            for other in 0..<classCount {
                predictedAsLabel += self[actual: other, predicted: label]
                actuallyLabel += self[actual: label, predicted: other]
            }
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
