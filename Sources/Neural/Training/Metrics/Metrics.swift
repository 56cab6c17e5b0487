import Foundation

/// Evaluation metrics, computed as scikit-learn computes them, accumulated in Double.
///
/// Classification takes class indices `0..<classCount`; regression takes matrices `[samples, outputs]`
/// (multi-output scores are the unweighted mean over outputs, scikit-learn's
/// `multioutput="uniform_average"`). Every function takes optional per-sample weights `w_i`
/// (default 1); a metric of zero samples (or zero total weight) is NaN.
public enum Metrics {
    /// Accuracy = Σ_i w_i·[actual_i = predicted_i] / Σ_i w_i.
    public static func accuracy(actual: [Int], predicted: [Int], weights: [Double]? = nil) -> Double {
        precondition(actual.count == predicted.count, "\(actual.count) actual labels but \(predicted.count) predictions")
        checkWeights(weights, count: actual.count)
        var correct = 0.0, total = 0.0
        for index in actual.indices {
            let weight = weights?[index] ?? 1
            if actual[index] == predicted[index] { correct += weight }
            total += weight
        }
        return correct / total
    }

    /// Mean cross-entropy −Σ_i w_i · log p_i[actual_i] / Σ_i w_i.
    ///
    /// `probabilities` is `[samples, classes]` with one row of class probabilities per sample, or
    /// `[samples, 1]` holding the probability of class 1 of a binary problem (the row is then
    /// `[1 − p, p]`). As in scikit-learn ≥ 1.5, each probability is clipped to `[ε, 1 − ε]` with
    /// ε = `Float.ulpOfOne` (≈ 1.19e-7, float32 machine epsilon, what scikit-learn uses for float32
    /// input) so a confident wrong answer costs log(1/ε) ≈ 15.9 instead of infinity; rows are not
    /// renormalised (scikit-learn stopped renormalising in 1.5 and only warns when rows do not sum
    /// to 1).
    public static func logLoss(actual: [Int], probabilities: Matrix, weights: [Double]? = nil) -> Double {
        precondition(actual.count == probabilities.rows,
                     "\(actual.count) labels but \(probabilities.rows) rows of probabilities")
        checkWeights(weights, count: actual.count)
        let binary = probabilities.columns == 1
        let classCount = binary ? 2 : probabilities.columns
        let epsilon = Double(Float.ulpOfOne)
        var loss = 0.0, total = 0.0
        for index in actual.indices {
            let label = actual[index]
            precondition((0..<classCount).contains(label),
                         "Sample \(index) has label \(label) outside 0..<\(classCount)")
            let positive = Double(probabilities[index, 0])
            let probability = binary ? (label == 1 ? positive : 1 - positive) : Double(probabilities[index, label])
            let clipped = min(max(probability, epsilon), 1 - epsilon)
            let weight = weights?[index] ?? 1
            loss -= weight * log(clipped)
            total += weight
        }
        return loss / total
    }

    static func checkWeights(_ weights: [Double]?, count: Int) {
        if let weights {
            precondition(weights.count == count, "\(count) samples but \(weights.count) weights")
        }
    }
}
