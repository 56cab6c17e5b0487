import ArgumentParser
import Neural

extension OptimizerKind: ExpressibleByArgument {}
extension ScheduleKind: ExpressibleByArgument {}
extension LearningTask: ExpressibleByArgument {}
extension MissingValuePolicy: ExpressibleByArgument {}
extension UnseenCategoryPolicy: ExpressibleByArgument {}

/// Hidden-layer activations, as `--activation` spells them.
enum ActivationChoice: String, CaseIterable, ExpressibleByArgument {
    case relu, tanh, sigmoid, identity
    case leakyReLU = "leaky-relu"
    case elu, softplus, gelu

    var activation: Activation {
        switch self {
        case .relu: .relu
        case .tanh: .tanh
        case .sigmoid: .sigmoid
        case .identity: .identity
        case .leakyReLU: .leakyReLU()
        case .elu: .elu()
        case .softplus: .softplus
        case .gelu: .gelu
        }
    }
}

/// The output layer, as `--output-activation` spells it. For a classifier it is the link the loss
/// owns (softmax with cross-entropy, sigmoid with binary cross-entropy); for a regressor it is the
/// last layer's activation (identity by default; relu or softplus for non-negative targets, …).
enum OutputActivationChoice: String, CaseIterable, ExpressibleByArgument {
    case softmax, sigmoid, identity, relu, tanh, softplus

    /// The activation of a regressor's last layer (nil for softmax, which only classifies).
    var regressionActivation: Activation? {
        switch self {
        case .softmax: nil
        case .sigmoid: .sigmoid
        case .identity: .identity
        case .relu: .relu
        case .tanh: .tanh
        case .softplus: .softplus
        }
    }
}

/// The losses, as `--loss` spells them.
enum LossChoice: String, CaseIterable, ExpressibleByArgument {
    case crossEntropy = "cross-entropy"
    case binaryCrossEntropy = "binary-cross-entropy"
    case mse
    case halfMSE = "half-mse"
    case mae
    case huber

    var isClassification: Bool { self == .crossEntropy || self == .binaryCrossEntropy }

    /// The loss for the task, without class weights.
    var loss: Loss {
        switch self {
        case .crossEntropy: .categoricalCrossEntropy
        case .binaryCrossEntropy: .binaryCrossEntropy
        case .mse: .meanSquaredError
        case .halfMSE: .halfMeanSquaredError
        case .mae: .meanAbsoluteError
        case .huber: .huber()
        }
    }
}

/// `--class-weight`.
enum ClassWeightChoice: String, CaseIterable, ExpressibleByArgument {
    /// Every class weighs 1.
    case none
    /// scikit-learn's "balanced": class c weighs n / (classes · n_c), on the training rows.
    case balanced
}

/// Parses a comma-separated list of names (`a,b,c`), trimming spaces and dropping empty items.
func parseNameList(_ text: String) -> [String] {
    text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

/// `--parity pytorch|sklearn|keras|none` (also `torch`, `scikit-learn`; any case).
extension Parity: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
