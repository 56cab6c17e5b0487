import Neural
import NeuralExplanations

/// `neural explain adam` as text.
enum AdamText {
    static func render(_ e: AdamExplanation) -> String {
        let n = ExplainFormat.number
        var out: [String] = []
        out.append(ExplainFormat.heading("Adam (Kingma & Ba, 2014), iteration by iteration"))
        out.append("")
        out.append("Problem: the lecture's neuron on its table, full-batch MSE, start (w1, w2, b) = \(ExplainFormat.list(e.initialValues)).")
        out.append("η = \(n(e.learningRate, 6)), β1 = \(n(e.beta1, 6)), β2 = \(n(e.beta2, 6)), ε = \(n(e.epsilon, 6))")
        out.append("  m ← β1·m + (1 − β1)·g        (running mean of the gradient)")
        out.append("  v ← β2·v + (1 − β2)·g²       (running mean of its square)")
        out.append("  m̂ = m / (1 − β1^t),  v̂ = v / (1 − β2^t)   (bias corrections: m and v start at 0)")
        out.append("  θ ← θ − η·m̂ / (√v̂ + ε)")
        for iteration in e.iterations {
            out.append("")
            out.append("t = \(iteration.t):  loss \(n(iteration.loss, 6));  1 − β1^t = \(n(iteration.firstCorrection, 6)),  1 − β2^t = \(n(iteration.secondCorrection, 6))")
            var table = TextTable(["θ", "g", "m", "v", "m̂", "v̂", "step η·m̂/(√v̂+ε)", "new θ"])
            table.indent = "   "
            for p in iteration.parameters {
                table.add([p.name, n(p.gradient, 6), n(p.m, 6), n(p.v, 6), n(p.mHat, 6), n(p.vHat, 6), n(p.step, 6), n(p.value, 6)])
            }
            out.append(table.render())
        }
        out.append("")
        out.append("At t = 1, m̂ = g and v̂ = g², so every parameter moves by η whatever its gradient's size:")
        out.append("Adam's steps are scaled per parameter by the gradient's typical magnitude.")
        return out.joined(separator: "\n")
    }
}
