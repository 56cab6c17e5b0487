import Neural
import NeuralExplanations

/// `neural explain learning-rate` as text.
enum LearningRateText {
    static func render(_ e: LearningRateExplanation) -> String {
        let n = ExplainFormat.number
        var out: [String] = []
        out.append(ExplainFormat.heading("Learning rates: fixed, ∝ 1/t^power, adaptive"))
        out.append("")
        out.append("Problem: the lecture's neuron (w1 = 1, w2 = 2, b = 0) on its table, full-batch gradient descent on the MSE,")
        out.append("one step per epoch, starting rate η0 = \(n(e.initialRate, 6)).")
        for run in e.runs { out.append("  \(run.name): \(run.formula)") }
        out.append("")
        var headers = ["epoch"]
        for run in e.runs { headers += ["η " + run.name, "MSE " + run.name] }
        var table = TextTable(headers)
        let epochs = e.runs.map(\.losses.count).max() ?? 0
        for epoch in 0..<epochs {
            var row = [String(epoch + 1)]
            for run in e.runs {
                row += epoch < run.losses.count ? [n(run.rates[epoch], 5), n(run.losses[epoch], 5)] : ["", ""]
            }
            table.add(row)
        }
        out.append(table.render())
        out.append("")
        for run in e.runs {
            if let reason = run.stoppedBecause { out.append("\(run.name) stopped: \(reason)") }
        }
        if let first = e.runs.first, let last = first.losses.last, let start = first.losses.first, last > start {
            out.append("The fixed rate is too large for this problem (above 2/λ_max ≈ 0.0705): each step overshoots and the loss grows.")
        }
        out.append("1/t^power shrinks every step's size; adaptive keeps η until the loss stops improving, then cuts it by \(n(e.factor, 6)).")
        return out.joined(separator: "\n")
    }
}
