/// The optimizers by name, as the command line spells them (`--optimizer adam`).
public enum OptimizerKind: String, Codable, Sendable, CaseIterable {
    case sgd
    case adam
    case adamW = "adamw"
    case rmsProp = "rmsprop"
    case adagrad

    /// The learning rate used when none is given: 1e-2 for SGD, RMSProp and Adagrad, 1e-3 for
    /// Adam and AdamW.
    public var defaultLearningRate: Double {
        switch self {
        case .sgd: SGD.defaultLearningRate
        case .adam: Adam.defaultLearningRate
        case .adamW: AdamW.defaultLearningRate
        case .rmsProp: RMSProp.defaultLearningRate
        case .adagrad: Adagrad.defaultLearningRate
        }
    }
}
