/// What the forward and backward loops need to know about one layer, precomputed once.
struct LayerPlan: Sendable, Hashable {
    /// Width of the layer's input and output.
    var inputWidth: Int
    var outputWidth: Int
    /// For a dense layer: its activation and the offsets of `W` and `b` in the flat parameters.
    var activation: Activation?
    var weightOffset: Int
    var biasOffset: Int
    /// For a dropout layer: its rate (0 otherwise).
    var dropoutRate: Float

    var isDense: Bool { activation != nil }

    /// The plans of a layer list, checking that it describes a valid network.
    static func plans(for layers: [Layer]) throws(NetworkError) -> [LayerPlan] {
        guard let firstDense = layers.lazy.compactMap(\.dense).first else { throw .noDenseLayer }
        var plans: [LayerPlan] = []
        var width = firstDense.inputSize
        var offset = 0
        for (index, layer) in layers.enumerated() {
            switch layer {
            case .dense(let dense):
                guard dense.inputSize > 0, dense.outputSize > 0 else {
                    throw .invalidSize(layer: index, inputSize: dense.inputSize, outputSize: dense.outputSize)
                }
                guard dense.inputSize == width else {
                    throw .sizeMismatch(layer: index, expectedInputSize: width, inputSize: dense.inputSize)
                }
                // Sizes come from files too: a product or sum past Int.max is an error, not a trap.
                let (weightCount, productOverflow) = dense.inputSize.multipliedReportingOverflow(by: dense.outputSize)
                let (biasOffset, weightOverflow) = offset.addingReportingOverflow(weightCount)
                let (nextOffset, biasOverflow) = biasOffset.addingReportingOverflow(dense.outputSize)
                guard !productOverflow, !weightOverflow, !biasOverflow else {
                    throw .tooManyParameters(layer: index, inputSize: dense.inputSize, outputSize: dense.outputSize)
                }
                plans.append(LayerPlan(inputWidth: width, outputWidth: dense.outputSize,
                                       activation: dense.activation, weightOffset: offset,
                                       biasOffset: biasOffset, dropoutRate: 0))
                offset = nextOffset
                width = dense.outputSize
            case .dropout(let dropout):
                guard dropout.rate >= 0, dropout.rate < 1 else {
                    throw .invalidDropoutRate(layer: index, rate: dropout.rate)
                }
                plans.append(LayerPlan(inputWidth: width, outputWidth: width, activation: nil,
                                       weightOffset: 0, biasOffset: 0, dropoutRate: dropout.rate))
            }
        }
        return plans
    }
}
