/// The topics of `neural explain`, in the order of the lecture.
enum ExplainTopic: String, CaseIterable {
    case linearNeuron = "linear-neuron"
    case perceptron
    case losses
    case backprop
    case softmax
    case learningRate = "learning-rate"
    case adam

    /// One line for the topic list.
    var summary: String {
        switch self {
        case .linearNeuron: "gradient descent on y = w1·x1 + w2·x2 + b with the lecture's table, step by step"
        case .perceptron: "the perceptron rule w ← w + η(t − y)x, sample by sample (the table made binary, or --data FILE --target COL)"
        case .losses: "MSE, cross-entropy of class labels, entropy, and the penalty α‖w‖ with the lecture's numbers"
        case .backprop: "∂L/∂w22 in a 2-2-1 network as a product of five chain-rule factors, checked by finite differences"
        case .softmax: "one-hot encoding, threshold decoding and its ambiguity, softmax with every exponential"
        case .learningRate: "fixed vs 1/t^power vs adaptive learning rates on one problem, epoch by epoch"
        case .adam: "Adam's moments m and v, their bias corrections and the steps of the first iterations"
        }
    }

    /// The list printed by a bare `neural explain` and after an unknown topic.
    static var listing: String {
        let width = allCases.map(\.rawValue.count).max() ?? 0
        return allCases.map { topic in
            "  " + topic.rawValue + String(repeating: " ", count: width - topic.rawValue.count) + "   " + topic.summary
        }.joined(separator: "\n")
    }
}
