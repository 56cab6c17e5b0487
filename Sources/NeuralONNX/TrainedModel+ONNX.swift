import Foundation
import Neural

// A trained model as an ONNX graph, and an imported dense stack as a trained model.

extension TrainedModel {
    /// The dense stack that computes this model's predictions from its feature vector.
    ///
    /// Input: `[batch, preprocessor.featureCount]` float32 in `preprocessor.featureNames` order,
    /// with numeric features in their own units and categorical features already one-hot
    /// encoded (1 for the row's category in its `column=category` feature, 0 elsewhere). The
    /// standardisation of the numeric features is the graph's `Sub`/`Div` (`inputMean`,
    /// `inputScale`); one-hot features get mean 0 and scale 1, so they pass unchanged.
    ///
    /// Output: the network's last layer, followed by the loss's link (softmax for cross-entropy,
    /// sigmoid for binary cross-entropy: one probability of the second class when the network has
    /// one output). A regressor trained on a standardised target `(y − m)/s` has it undone in its
    /// last layer, `W′ = W·s`, `b′ = b·s + m`, exact up to float32 rounding; that needs an identity
    /// output activation (a nonlinear last layer cannot absorb the affine map).
    ///
    /// Throws `ONNXError.invalidStack` for a model that cannot be expressed this way.
    public func denseStack() throws(ONNXError) -> DenseStack {
        var means = [Float]()
        var scales = [Float]()
        var numericIndex = 0
        var categoricalIndex = 0
        for column in preprocessor.inputColumns {
            switch column.kind {
            case .numeric:
                means.append(preprocessor.standardizer.means[numericIndex])
                scales.append(preprocessor.standardizer.standardDeviations[numericIndex])
                numericIndex += 1
            case .categorical:
                let width = preprocessor.oneHotEncoder.width(ofColumn: categoricalIndex)
                means += [Float](repeating: 0, count: width)
                scales += [Float](repeating: 1, count: width)
                categoricalIndex += 1
            }
        }
        let standardises = means.contains { $0 != 0 } || scales.contains { $0 != 1 }
        var stack = try DenseStack(network: network, link: link,
                                   inputMean: standardises ? means : nil,
                                   inputScale: standardises ? scales : nil)
        if let targetScaling, let last = stack.layers.indices.last {
            guard stack.layers[last].activation == .identity else {
                throw .invalidStack("the regressor was trained on a standardised target and its last layer is \(stack.layers[last].activation), which cannot absorb the scaling back to the target's units")
            }
            // y = z·s + m with z = x·W + b: W′ = W·s, b′ = b·s + m (one output column).
            let scale = targetScaling.standardDeviations[0]
            let mean = targetScaling.means[0]
            var layer = stack.layers[last]
            layer.weight = Matrix(rows: layer.weight.rows, columns: layer.weight.columns,
                                  storage: layer.weight.storage.map { $0 * scale })
            layer.bias = layer.bias.map { $0 * scale + mean }
            stack.layers[last] = layer
        }
        try stack.validate()
        return stack
    }

    /// Writes `denseStack()` as an ONNX model (opset and graph as `DenseStack.onnxModel()`) to
    /// `url` atomically: a temporary file in the same folder renamed into place.
    public func exportONNX(to url: URL) throws(ONNXError) {
        try denseStack().writeONNX(to: url)
    }
}
