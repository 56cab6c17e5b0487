/// The evaluation of a classifier, as `neural evaluate --json` prints it.
///
/// JSON keys are exactly `accuracy`, `precision`, `recall`, `f1` (macro averages, see
/// `ConfusionMatrix.macroScores`), `log_loss` (null without probabilities), `confusion_matrix`,
/// `classes` and `samples`. `confusion_matrix` is the dense matrix (rows = actual class, columns =
/// predicted, in the order of `classes`) for at most `denseConfusionClassLimit` classes; above
/// that it is null and one more key, `confusion_entries`, lists the non-zero cells as
/// `[actual, predicted, count]` triples, so the text grows with the samples, never with the square
/// of the classes. A report without its matrix (as a model file stores it) has
/// `confusion_matrix` null and no `confusion_entries`.
public struct ClassificationReport: Codable, Equatable, Sendable {
    public var accuracy: Double
    /// Macro-averaged precision.
    public var precision: Double
    /// Macro-averaged recall.
    public var recall: Double
    /// Macro-averaged F1 (mean of per-class F1).
    public var f1: Double
    /// Mean clipped cross-entropy (`Metrics.logLoss`), nil when no probabilities were given.
    public var logLoss: Double?
    /// The confusion matrix (counts, or summed weights when weighted), held sparsely; nil in a
    /// report read back from a model file, which does not keep it.
    public var confusion: ConfusionMatrix?
    /// Class names, in class-index order.
    public var classes: [String]
    /// Number of samples evaluated.
    public var samples: Int

    /// The most classes whose confusion matrix JSON writes densely (10⁶ cells).
    public static let denseConfusionClassLimit = 1000

    enum CodingKeys: String, CodingKey {
        case accuracy, precision, recall, f1
        case logLoss = "log_loss"
        case confusionMatrix = "confusion_matrix"
        case confusionEntries = "confusion_entries"
        case classes, samples
    }

    /// Evaluates predicted class indices (and optionally probabilities `[samples, classes.count]`)
    /// against actual class indices in `0..<classes.count`. Time and memory O(samples · classes)
    /// for the log-loss's probabilities, O(samples + classes) for the rest.
    public init(actual: [Int], predicted: [Int], probabilities: Matrix? = nil, classes: [String],
                weights: [Double]? = nil) {
        if let probabilities {
            precondition(probabilities.columns == classes.count || (probabilities.columns == 1 && classes.count == 2),
                         "Probabilities have \(probabilities.columns) columns for \(classes.count) classes")
        }
        let confusion = ConfusionMatrix(actual: actual, predicted: predicted, classCount: classes.count, weights: weights)
        let macro = confusion.macroScores
        accuracy = Metrics.accuracy(actual: actual, predicted: predicted, weights: weights)
        precision = macro.precision
        recall = macro.recall
        f1 = macro.f1
        logLoss = probabilities.map { Metrics.logLoss(actual: actual, probabilities: $0, weights: weights) }
        self.confusion = confusion
        self.classes = classes
        samples = actual.count
    }

    /// `confusionMatrix[actual][predicted]`, dense (`classes.count²` numbers: for showing a few
    /// classes); empty when the report has no matrix.
    public var confusionMatrix: [[Double]] { confusion?.rows ?? [] }

    /// Per-class precision, recall, F1 and support, from the confusion matrix (empty without one).
    public var perClass: [ClassScores] { confusion?.classScores ?? [] }

    /// The report without its confusion matrix: what a model file keeps (the matrix is not needed
    /// to predict, and it grows with the square of the classes).
    public var withoutConfusionMatrix: ClassificationReport {
        var report = self
        report.confusion = nil
        return report
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // Scores are fractions in [0, 1] and the log-loss is ≥ 0: a study log or model file
        // edited to a better score than any model can reach is refused, not ranked first.
        accuracy = try container.decode(Double.self, forKey: .accuracy, in: .unitInterval)
        precision = try container.decode(Double.self, forKey: .precision, in: .unitInterval)
        recall = try container.decode(Double.self, forKey: .recall, in: .unitInterval)
        f1 = try container.decode(Double.self, forKey: .f1, in: .unitInterval)
        logLoss = try container.decodeIfPresent(Double.self, forKey: .logLoss, in: .nonNegativeUnrounded)
        classes = try container.decode([String].self, forKey: .classes)
        samples = try container.decode(Int.self, forKey: .samples, in: 0...Int.max)
        let count = classes.count
        func corrupted(_ reason: String) -> DecodingError {
            DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath, debugDescription: reason))
        }
        if let rows = try container.decodeIfPresent([[Double]].self, forKey: .confusionMatrix) {
            guard count > 0, rows.count == count, rows.allSatisfy({ $0.count == count }) else {
                throw corrupted("the confusion matrix is not \(count) × \(count) for \(count) classes")
            }
            confusion = ConfusionMatrix(rows: rows)
        } else if let triples = try container.decodeIfPresent([[Double]].self, forKey: .confusionEntries) {
            var entries = [(actual: Int, predicted: Int, value: Double)]()
            var seen = Set<Int>()
            for triple in triples {
                guard triple.count == 3, let actual = Int(exactly: triple[0]), let predicted = Int(exactly: triple[1]),
                      (0..<count).contains(actual), (0..<count).contains(predicted),
                      seen.insert(actual * count + predicted).inserted else {
                    throw corrupted("a confusion entry \(triple) is not [actual, predicted, count] with classes in 0..<\(count), each pair once")
                }
                entries.append((actual, predicted, triple[2]))
            }
            confusion = count > 0 ? ConfusionMatrix(classCount: count, entries: entries) : nil
        } else {
            confusion = nil
        }
    }

    /// Writes every key, `log_loss` as null when absent, so the JSON always has the same keys
    /// (and `confusion_entries` above `denseConfusionClassLimit` classes).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(accuracy, forKey: .accuracy)
        try container.encode(precision, forKey: .precision)
        try container.encode(recall, forKey: .recall)
        try container.encode(f1, forKey: .f1)
        try container.encode(logLoss, forKey: .logLoss)
        if let confusion, confusion.classCount <= Self.denseConfusionClassLimit {
            try container.encode(confusion.rows, forKey: .confusionMatrix)
        } else {
            try container.encodeNil(forKey: .confusionMatrix)
            if let confusion {
                try container.encode(confusion.nonZeroEntries.map { [Double($0.actual), Double($0.predicted), $0.value] },
                                     forKey: .confusionEntries)
            }
        }
        try container.encode(classes, forKey: .classes)
        try container.encode(samples, forKey: .samples)
    }
}
