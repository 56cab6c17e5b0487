/// A fitted classifier that gives a probability per class: `predictProbabilities(x)` is
/// `[rows, classes.count]` with column `j` the probability of `classes[j]`. Predicting labels and
/// scoring accuracy follow from that and are written once here.
public protocol ProbabilisticClassifier {
    associatedtype Label: Hashable & Comparable & Sendable
    /// The class labels seen in fitting, in sorted order (the probability columns' order).
    var classes: [Label] { get }
    /// Class probabilities, `[x.rows, classes.count]`.
    func predictProbabilities(_ x: Matrix) throws(EstimatorError) -> Matrix
}

extension ProbabilisticClassifier {
    /// The most probable class of every row (the first of tied classes, as scikit-learn).
    public func predict(_ x: Matrix) throws(EstimatorError) -> [Label] {
        let probabilities = try predictProbabilities(x)
        let classes = self.classes
        return Decoding.classIndices(probabilities).map { classes[$0] }
    }

    /// Accuracy on `x`, `y`: the fraction of rows whose predicted label equals `y`.
    public func score(_ x: Matrix, _ y: [Label]) throws(EstimatorError) -> Double {
        let predicted = try predict(x)
        guard predicted.count == y.count else { throw .lengthMismatch(samples: x.rows, targets: y.count) }
        let correct = zip(predicted, y).filter { $0 == $1 }.count
        return Double(correct) / Double(max(y.count, 1))
    }
}
