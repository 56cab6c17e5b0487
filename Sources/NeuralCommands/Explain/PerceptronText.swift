import Neural
import NeuralExplanations

/// `neural explain perceptron` as text.
enum PerceptronText {
    static func render(_ e: PerceptronExplanation) -> String {
        let n = ExplainFormat.number
        let names = e.featureNames
        var out: [String] = []
        out.append(ExplainFormat.heading("The perceptron: y = step(w·x + b), trained by its own rule"))
        out.append("")
        out.append("Rule, one sample at a time: y = 1 if w·x + b > 0, else 0;")
        out.append("on a mistake (y ≠ t): w ← w + η(t − y)·x and b ← b + η(t − y); otherwise nothing changes.")
        out.append("An epoch without a mistake means the classes are separated and training stops.")
        out.append("η = \(n(e.learningRate, 6)); start w = \(ExplainFormat.list(e.initialWeights)), b = \(n(e.initialBias, 6)).")
        out.append("")
        let showInputs = names.count <= 4
        var headers = ["epoch", "sample"]
        if showInputs { headers += names }
        headers += ["t", "w·x + b", "y", "mistake?"]
        headers += showInputs ? names.map { "w(\($0))" } + ["b"] : ["w after", "b"]
        var table = TextTable(headers)
        for visit in e.visits {
            var row = [String(visit.epoch), String(visit.sample)]
            if showInputs { row += visit.inputs.map { n($0, 6) } }
            row += [String(visit.target), n(visit.netInput, 6), String(visit.output), visit.mistake ? "yes, update" : "no"]
            row += showInputs ? visit.weights.map { n($0, 6) } + [n(visit.bias, 6)]
                              : [ExplainFormat.list(visit.weights, digits: 4), n(visit.bias, 6)]
            table.add(row)
        }
        out.append(table.render())
        out.append("")
        out.append("Mistakes per epoch: " + e.mistakesPerEpoch.map(String.init).joined(separator: ", "))
        if e.converged {
            out.append("Converged after \(e.mistakesPerEpoch.count) epochs: w = \(ExplainFormat.list(e.finalWeights)), b = \(n(e.finalBias, 6)) separates the two classes.")
        } else {
            out.append("Did not converge in \(e.mistakesPerEpoch.count) epochs: the classes may not be linearly separable (like XOR), or need more epochs (--epochs).")
        }
        return out.joined(separator: "\n")
    }
}
