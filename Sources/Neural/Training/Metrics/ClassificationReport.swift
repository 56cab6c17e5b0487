/// The evaluation of a classifier, as `neural evaluate --json` prints it.
///
/// JSON keys are exactly `accuracy`, `precision`, `recall`, `f1` (macro averages, see
/// `ConfusionMatrix.macroScores`), `log_loss` (null without probabilities), `confusion_matrix`
/// (rows = actual class, columns = predicted, in the order of `classes`), `classes` and `samples`.
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
    /// `confusionMatrix[actual][predicted]`: counts, or summed weights when weighted.
    public var confusionMatrix: [[Double]]
    /// Class names, in class-index order.
    public var classes: [String]
    /// Number of samples evaluated.
    public var samples: Int

    enum CodingKeys: String, CodingKey {
        case accuracy, precision, recall, f1
        case logLoss = "log_loss"
        case confusionMatrix = "confusion_matrix"
        case classes, samples
    }

    /// Evaluates predicted class indices (and optionally probabilities `[samples, classes.count]`)
    /// against actual class indices in `0..<classes.count`.
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
        confusionMatrix = confusion.rows
        self.classes = classes
        samples = actual.count
    }

    /// Per-class precision, recall, F1 and support, recomputed from the confusion matrix.
    public var perClass: [ClassScores] {
        ConfusionMatrix(rows: confusionMatrix).classScores
    }

    /// Writes every key, `log_loss` as null when absent, so the JSON always has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(accuracy, forKey: .accuracy)
        try container.encode(precision, forKey: .precision)
        try container.encode(recall, forKey: .recall)
        try container.encode(f1, forKey: .f1)
        try container.encode(logLoss, forKey: .logLoss)
        try container.encode(confusionMatrix, forKey: .confusionMatrix)
        try container.encode(classes, forKey: .classes)
        try container.encode(samples, forKey: .samples)
    }
}
