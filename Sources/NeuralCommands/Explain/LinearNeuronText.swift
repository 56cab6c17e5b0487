import Neural
import NeuralExplanations

/// `neural explain linear-neuron` as text.
enum LinearNeuronText {
    /// Steps printed in full; later ones appear only in the summary table.
    static let detailedSteps = 3

    static func render(_ e: LinearNeuronExplanation) -> String {
        let n = ExplainFormat.number
        var out: [String] = []
        out.append(ExplainFormat.heading("The linear neuron: ŷ = w1·x1 + w2·x2 + b, trained by gradient descent"))
        out.append("")
        out.append("Data: the lecture's table of (y, x1, x2), \(e.steps.first?.samples.count ?? 0) samples.")
        let biasNote = e.biasSeed.map { " (drawn uniformly from [-1, 1) with seed \($0))" } ?? ""
        out.append("Start: w1 = \(n(e.initialWeights[0], 6)), w2 = \(n(e.initialWeights[1], 6)), b = \(n(e.initialBias, 6))\(biasNote).")
        out.append("Loss: the mean squared error L = (1/n)·Σ (ŷ − y)²  (in squared units of y).")
        out.append("Update: w_new = w_old − η·∂L/∂w with η = \(n(e.learningRate, 6)), one step on all samples at a time.")
        for step in e.steps.prefix(detailedSteps) {
            out.append("")
            out.append(contentsOf: detail(step, learningRate: e.learningRate))
        }
        if e.steps.count > detailedSteps {
            out.append("")
            out.append("(steps \(detailedSteps + 1)–\(e.steps.count) are in the summary below)")
        }
        if e.steps.count > 1 {
            out.append("")
            out.append("Summary: weights and loss at the start of each step")
            var table = TextTable(["step", "w1", "w2", "b", "MSE", "∂L/∂w1", "∂L/∂w2", "∂L/∂b"])
            for step in e.steps {
                table.add([String(step.step), n(step.weights[0], 6), n(step.weights[1], 6), n(step.bias, 6),
                           n(step.meanSquaredError, 6), n(step.weightGradients[0], 6), n(step.weightGradients[1], 6),
                           n(step.biasGradient, 6)])
            }
            out.append(table.render())
        }
        if let last = e.steps.last {
            out.append("")
            out.append("After \(e.steps.count) step\(e.steps.count == 1 ? "" : "s"): w1 = \(n(last.newWeights[0], 6)), "
                       + "w2 = \(n(last.newWeights[1], 6)), b = \(n(last.newBias, 6)); "
                       + "MSE = \(n(e.finalMeanSquaredError, 6)) (it was \(n(e.steps[0].meanSquaredError, 6))).")
        }
        return out.joined(separator: "\n")
    }

    private static func detail(_ step: LinearNeuronExplanation.Step, learningRate: Double) -> [String] {
        let n = ExplainFormat.number
        let t = ExplainFormat.term
        let (w1, w2, b) = (step.weights[0], step.weights[1], step.bias)
        var out = ["Step \(step.step): w1 = \(n(w1, 6)), w2 = \(n(w2, 6)), b = \(n(b, 6))", ""]
        out.append("  1. Forward pass: the prediction of each sample")
        var table = TextTable(["y", "x1", "x2", "ŷ = w1·x1 + w2·x2 + b", "error ŷ − y", "(ŷ − y)²"])
        table.indent = "     "
        for sample in step.samples {
            let formula = "\(n(w1, 6))·\(t(sample.inputs[0], 6)) + \(n(w2, 6))·\(t(sample.inputs[1], 6)) + \(t(b, 6)) = \(n(sample.prediction, 6))"
            table.add([n(sample.target, 6), n(sample.inputs[0], 6), n(sample.inputs[1], 6), formula,
                       n(sample.error, 6), n(sample.squaredError, 6)])
        }
        out.append(table.render())
        let count = step.samples.count
        let squares = step.samples.map { t($0.squaredError, 6) }.joined(separator: " + ")
        out.append("")
        out.append("  2. Loss: MSE = (\(squares)) / \(count) = \(n(step.meanSquaredError, 6))")
        out.append("")
        out.append("  3. Gradients, from ∂L/∂ŷ_i = 2(ŷ_i − y_i)/n:")
        let errors = step.samples.map(\.error)
        func sum(_ feature: Int?) -> String {
            zip(errors, step.samples).map { error, sample in
                feature.map { "\(t(error, 6))·\(t(sample.inputs[$0], 6))" } ?? t(error, 6)
            }.joined(separator: " + ")
        }
        out.append("     ∂L/∂w1 = (2/\(count))·Σ (ŷ − y)·x1 = (2/\(count))·(\(sum(0))) = \(n(step.weightGradients[0], 6))")
        out.append("     ∂L/∂w2 = (2/\(count))·Σ (ŷ − y)·x2 = (2/\(count))·(\(sum(1))) = \(n(step.weightGradients[1], 6))")
        out.append("     ∂L/∂b  = (2/\(count))·Σ (ŷ − y)    = (2/\(count))·(\(sum(nil))) = \(n(step.biasGradient, 6))")
        out.append("")
        out.append("  4. Update, w_new = w_old − η·∂L/∂w with η = \(n(learningRate, 6)):")
        let eta = n(learningRate, 6)
        out.append("     w1 = \(n(w1, 6)) − \(eta) × \(t(step.weightGradients[0], 6)) = \(n(step.newWeights[0], 6))")
        out.append("     w2 = \(n(w2, 6)) − \(eta) × \(t(step.weightGradients[1], 6)) = \(n(step.newWeights[1], 6))")
        out.append("     b  = \(n(b, 6)) − \(eta) × \(t(step.biasGradient, 6)) = \(n(step.newBias, 6))")
        return out
    }
}
