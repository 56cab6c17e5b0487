import Neural
import NeuralExplanations

/// `neural explain softmax` as text.
enum SoftmaxText {
    static func render(_ e: SoftmaxExplanation) -> String {
        let n = ExplainFormat.number
        var out: [String] = []
        out.append(ExplainFormat.heading("One-hot, decoding and softmax"))
        out.append("")
        out.append("1. One-hot encoding of \(e.classCount) classes: class k is a row with a single 1, in column k")
        var oneHot = TextTable(["class"] + (1...e.classCount).map { "c\($0)" })
        for (index, row) in e.oneHot.enumerated() { oneHot.add([String(index + 1)] + row.map(String.init)) }
        oneHot.indent = "   "
        out.append(oneHot.render())
        out.append("")
        out.append("2. Threshold decoding: every output ≥ \(n(e.threshold, 6)) counts as a 1")
        var decoding = TextTable(["outputs", "bits", "decision", "softmax of the outputs", "softmax argmax"])
        for row in e.thresholdRows {
            decoding.add([row.outputs.map { n($0, 6) }.joined(separator: "  "), row.bits.map(String.init).joined(separator: " "),
                          row.decision, row.softmax.map { n($0, 4) }.joined(separator: "  "),
                          row.softmaxClass.map { "class \($0)" } ?? "tie"])
        }
        decoding.indent = "   "
        out.append(decoding.render())
        out.append("   A row with two 1s (or none) has no answer under a threshold; softmax turns the outputs into")
        out.append("   probabilities that sum to 1, and the largest one decides.")
        out.append("")
        out.append("3. Softmax: softmax(t)_k = e^t_k / Σ_i e^t_i")
        for row in e.softmaxRows {
            out.append("")
            out.append("   t = \(ExplainFormat.list(row.logits))")
            var table = TextTable(["k", "t_k", "e^t_k", "e^t_k / Σ"])
            table.indent = "     "
            for k in row.logits.indices {
                table.add([String(k + 1), n(row.logits[k], 6), n(row.exponentials[k], 7), n(row.probabilities[k], 6)])
            }
            out.append(table.render())
            out.append("     Σ e^t_i = " + row.exponentials.map { n($0, 7) }.joined(separator: " + ") + " = \(n(row.sum, 7))")
            out.append("     The probabilities sum to 1; the library subtracts max t first (e^(t_k − max) / Σ e^(t_i − max),")
            out.append("     the same value without overflow) and agrees with e^t_k / Σ to \(n(row.maximumDifference, 2)).")
        }
        return out.joined(separator: "\n")
    }
}
