import Neural
import NeuralExplanations

/// `neural explain backprop` as text.
enum BackpropText {
    static func render(_ e: BackpropExplanation) -> String {
        let n = ExplainFormat.number
        var out: [String] = []
        out.append(ExplainFormat.heading("Back-propagation: ∂L/∂w22 by the chain rule in a 2-2-1 network"))
        out.append("")
        out.append("Network: h_j = Af1(Σ_i w_ij·x_i + b_j),  y = Af2(Σ_j w_j·h_j + b),  Af1 = Af2 = σ (logistic sigmoid)")
        out.append("Loss on one sample: L = (y − t)²")
        out.append("w22 joins input x2 to hidden unit h2; in the network's parameters it is \(e.parameterName).")
        out.append("")
        out.append("Given:")
        out.append("  x = \(ExplainFormat.list(e.inputs)),  t = \(n(e.target, 6))")
        let w = e.hiddenWeights
        out.append("  w11 = \(n(w[0][0], 6)), w12 = \(n(w[0][1], 6)), w21 = \(n(w[1][0], 6)), w22 = \(n(w[1][1], 6)),  b1 = \(n(e.hiddenBiases[0], 6)), b2 = \(n(e.hiddenBiases[1], 6))")
        out.append("  w1 = \(n(e.outputWeights[0], 6)), w2 = \(n(e.outputWeights[1], 6)),  b = \(n(e.outputBias, 6))")
        out.append("")
        out.append("Forward pass:")
        let x = e.inputs
        for j in 0..<2 {
            out.append("  z\(j + 1) = w1\(j + 1)·x1 + w2\(j + 1)·x2 + b\(j + 1) = \(n(w[0][j], 6))·\(n(x[0], 6)) + \(n(w[1][j], 6))·\(n(x[1], 6)) + \(n(e.hiddenBiases[j], 6)) = \(n(e.hiddenPreactivations[j], 6))"
                       + "    h\(j + 1) = σ(z\(j + 1)) = \(n(e.hiddenOutputs[j], 6))")
        }
        out.append("  z  = w1·h1 + w2·h2 + b = \(n(e.outputWeights[0], 6))·\(n(e.hiddenOutputs[0], 6)) + \(n(e.outputWeights[1], 6))·\(n(e.hiddenOutputs[1], 6)) + \(n(e.outputBias, 6)) = \(n(e.outputPreactivation, 6))"
                   + "    y = σ(z) = \(n(e.output, 6))")
        out.append("  L  = (y − t)² = (\(n(e.output, 6)) − \(n(e.target, 6)))² = \(n(e.loss, 6))")
        out.append("")
        out.append("Backward pass, one factor at a time:")
        var table = TextTable(["factor", "formula", "value"])
        for factor in e.factors { table.add([factor.symbol, factor.formula, n(factor.value, 6)]) }
        out.append(table.render())
        out.append("")
        out.append("  ∂L/∂w22 = " + e.factors.map { n($0.value, 6) }.joined(separator: " × ") + " = \(n(e.chainRuleProduct, 6))")
        out.append("")
        out.append("Checks:")
        out.append("  back-propagation (Network.computeGradients):              \(n(e.backpropagated, 6))")
        out.append("  finite differences (L(w22 + h) − L(w22 − h)) / 2h, h = \(n(e.finiteDifferenceStep, 6)):  \(n(e.finiteDifference, 6))")
        out.append("")
        out.append("All gradients of this step:")
        var all = TextTable(["parameter", "∂L/∂θ"])
        for name in e.gradients.keys.sorted() { all.add([name, ExplainFormat.list(e.gradients[name] ?? [])]) }
        out.append(all.render())
        out.append("  (weights are [outputs, inputs] row by row, as in PyTorch: layers.0.weight = (w11, w21, w12, w22))")
        return out.joined(separator: "\n")
    }
}
