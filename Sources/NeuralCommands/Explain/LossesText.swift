import Neural
import NeuralExplanations

/// `neural explain losses` as text.
enum LossesText {
    static func render(_ e: LossesExplanation) -> String {
        let n = ExplainFormat.number
        let t = ExplainFormat.term
        var out: [String] = []
        out.append(ExplainFormat.heading("Losses: how wrong is a prediction?"))

        let r = e.regression
        out.append("")
        out.append("1. Mean squared error (regression): MSE = (1/n)·Σ (ŷ_i − y_i)²")
        var table = TextTable(["i", "ŷ (predicted)", "y (true)", "ŷ − y", "(ŷ − y)²"])
        for i in r.predictions.indices {
            table.add([String(i + 1), n(r.predictions[i], 6), n(r.targets[i], 6), n(r.errors[i], 6), n(r.squaredErrors[i], 6)])
        }
        table.indent = "   "
        out.append(table.render())
        out.append("   MSE = (\(r.squaredErrors.map { n($0, 6) }.joined(separator: " + "))) / \(r.predictions.count) = \(n(r.meanSquaredError, 6))")
        if let largest = r.squaredErrors.indices.max(by: { r.squaredErrors[$0] < r.squaredErrors[$1] }) {
            let total = r.meanSquaredError * Double(r.squaredErrors.count)
            out.append("   Sample \(largest + 1) (ŷ = \(n(r.predictions[largest], 6)), y = \(n(r.targets[largest], 6))) contributes "
                       + "\(n(r.squaredErrors[largest], 6)) of the \(n(total, 6)): squaring makes large errors dominate.")
        }

        let c = e.classification
        out.append("")
        out.append("2. Cross-entropy (classification): CE = −(1/n)·Σ_i Σ_c y_ic·log p_ic = −(1/n)·Σ_i log p_i(true class)")
        out.append("   Predicted labels ŷ = \(ExplainFormat.list(c.predictedLabels.map(Double.init))), true labels y = \(ExplainFormat.list(c.trueLabels.map(Double.init))), \(c.classCount) classes.")
        out.append("   Each label as a one-hot row (a 1 in the column of its class):")
        var oneHot = TextTable(["i", "ŷ", "one-hot(ŷ)", "y", "one-hot(y)"])
        for i in c.predictedLabels.indices {
            oneHot.add([String(i + 1), String(c.predictedLabels[i]), c.predictedOneHot[i].map { n($0, 6) }.joined(separator: " "),
                        String(c.trueLabels[i]), c.trueOneHot[i].map { n($0, 6) }.joined(separator: " ")])
        }
        oneHot.indent = "   "
        out.append(oneHot.render())
        out.append("   A label is not a probability. Read as one, a wrong one-hot prediction gives the true class")
        out.append("   probability 0 and −log 0 = ∞: rows \(c.rowsInfiniteWithoutSmoothing.map(String.init).joined(separator: ", ")) would make the cross-entropy infinite.")
        let k = Double(c.classCount)
        let eps = c.smoothing
        out.append("   So the labels are smoothed, as a network's softmax output would be:")
        out.append("   p = (1 − ε)·one-hot(ŷ) + ε/K with ε = \(n(eps, 6)), K = \(c.classCount): the predicted class gets \(n((1 - eps) + eps / k, 6)), the others \(n(eps / k, 6)).")
        var ce = TextTable(["i", "p (smoothed prediction)", "true class", "p(true class)", "−log p(true class)"])
        for i in c.predictedLabels.indices {
            ce.add([String(i + 1), c.probabilities[i].map { n($0, 4) }.joined(separator: " "), String(c.trueLabels[i]),
                    n(c.trueClassProbabilities[i], 6), n(c.rowLosses[i], 6)])
        }
        ce.indent = "   "
        out.append(ce.render())
        out.append("   CE = (\(c.rowLosses.map { n($0, 6) }.joined(separator: " + "))) / \(c.rowLosses.count) = \(n(c.crossEntropy, 6)) nats"
                   + "   (accuracy \(n(c.accuracy, 6)): \(Int((c.accuracy * Double(c.rowLosses.count)).rounded())) of \(c.rowLosses.count) right)")
        out.append("   Right answers cost −log \(n((1 - eps) + eps / k, 6)) = \(n(c.rowLosses.min() ?? 0, 6)); wrong ones −log \(n(eps / k, 6)) = \(n(c.rowLosses.max() ?? 0, 6)).")

        out.append("")
        out.append("3. Entropy: H(p) = −Σ_i p_i·log p_i, the uncertainty of a distribution (nats; log 4 = 1.386 is the most for 4 classes)")
        var entropies = TextTable(["distribution", "p", "H(p)"])
        for example in e.entropies {
            entropies.add([example.name, example.probabilities.map { n($0, 4) }.joined(separator: " "), n(example.entropy, 6)])
        }
        entropies.indent = "   "
        out.append(entropies.render())

        out.append("")
        out.append("4. The penalty α‖w‖: Loss = MSE + penalty, on the lecture's neuron (w1 = 1, w2 = 2, b = 0; the bias is not penalised)")
        for p in e.penalties {
            let w = p.weights
            if p.kind == "L1" {
                out.append("   L1: penalty = α·Σ|w| = \(n(p.alpha, 6))·(|\(n(w[0], 6))| + |\(n(w[1], 6))|) = \(n(p.penalty, 6));  gradient += α·sign(w)")
            } else {
                out.append("   L2: penalty = (α/2)·Σw² = (\(n(p.alpha, 6))/2)·(\(t(w[0], 6))² + \(t(w[1], 6))²) = \(n(p.penalty, 6));  gradient += α·w")
            }
            out.append("       Loss = \(n(p.meanSquaredError, 6)) + \(n(p.penalty, 6)) = \(n(p.total, 6));  "
                       + "∂L/∂w: \(ExplainFormat.list(p.gradients)) → \(ExplainFormat.list(p.penalisedGradients))")
        }
        out.append("   The penalty pulls every weight towards 0 (L1 by a constant, L2 in proportion to the weight),")
        out.append("   trading a little training error for smaller, smoother weights.")
        return out.joined(separator: "\n")
    }
}
