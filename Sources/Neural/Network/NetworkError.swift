/// Why a layer list or a parameter vector does not describe a valid network (e.g. from a model
/// file). Each case names the layer (its index in the list) and the values involved.
public enum NetworkError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The layer list has no dense layer.
    case noDenseLayer
    /// A dense layer has a non-positive size.
    case invalidSize(layer: Int, inputSize: Int, outputSize: Int)
    /// A dense layer's input size differs from the width of the layer before it.
    case sizeMismatch(layer: Int, expectedInputSize: Int, inputSize: Int)
    /// The network's parameter count (Σ inputSize·outputSize + outputSize over the dense layers up
    /// to this one) does not fit in an `Int`: sizes no real network has, e.g. from a damaged file.
    case tooManyParameters(layer: Int, inputSize: Int, outputSize: Int)
    /// A dropout rate is outside [0, 1).
    case invalidDropoutRate(layer: Int, rate: Float)
    /// The parameter vector's layout is not the one the layer list needs.
    case parameterLayoutMismatch(expected: String, found: String)

    public var description: String {
        switch self {
        case .noDenseLayer:
            "the layer list has no dense layer"
        case .invalidSize(let layer, let inputSize, let outputSize):
            "layer \(layer): dense sizes must be positive, got inputSize=\(inputSize) outputSize=\(outputSize)"
        case .sizeMismatch(let layer, let expected, let inputSize):
            "layer \(layer): inputSize is \(inputSize) but the previous layer produces \(expected) values"
        case .tooManyParameters(let layer, let inputSize, let outputSize):
            "layer \(layer): \(inputSize) × \(outputSize) weights make more parameters than can be addressed"
        case .invalidDropoutRate(let layer, let rate):
            "layer \(layer): dropout rate must be in [0, 1), got \(rate)"
        case .parameterLayoutMismatch(let expected, let found):
            "parameters do not match the layers: expected \(expected), found \(found)"
        }
    }
}
