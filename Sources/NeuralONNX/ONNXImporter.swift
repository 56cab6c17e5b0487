import Foundation
import Neural

/// Reads a `DenseStack` out of an ONNX graph.
///
/// Accepted: graphs with one float input `[batch, features]` whose chosen output is computed by
///
///     optional standardisation  Sub(x, mean) / Add(x, −mean), then Div(·, scale)
///     per layer                 Gemm(h, B, C) (any transB, alpha, beta; transA = 0)
///                               or MatMul(h, W) followed by Add(·, b)
///     per activation            Relu, LeakyRelu, Sigmoid, Tanh, Elu, Softplus, Gelu(approximate="tanh"),
///                               or a composition of Mul/Add/Sub/Div/Pow/Tanh/… with scalar
///                               constants that computes one of them (GELU's tanh form at opset < 20)
///     output link               Softmax(axis 1 or −1); a final Sigmoid; scikit-learn's binary
///                               Concat(1 − Sigmoid(z), Sigmoid(z))
///
/// with `Identity`, `Dropout` (inference), `Cast` to float, `Flatten(axis 1)` and `Reshape` to
/// `[−1, width]` passing data through, and weights from initializers or `Constant` nodes. This covers
/// `torch.onnx.export` of an `nn.Sequential` of `Linear` and the supported activations (both
/// exporters) and skl2onnx's `MLPRegressor` / `MLPClassifier`.
///
/// Choices:
/// - **Which output**: the float outputs are candidates; with several, the one whose name contains
///   "prob" wins, else the first that no node on the way to a float output reads (so of logits and
///   the probabilities computed from them, whatever their names, the probabilities), else the
///   first. Only the nodes that output depends on are read, so a classifier's
///   label path (`ArgMax`, `ArrayFeatureExtractor`, `Cast`, `ZipMap`) is ignored, whatever it contains.
/// - **A final `Sigmoid` or `Softmax` is the output link**, and the layer before it keeps its own
///   activation (usually identity): that is how Neural pairs outputs with losses. A stack exported
///   with a sigmoid *activation* on its last layer therefore comes back with a sigmoid *link*, which
///   computes the same predictions.
/// - **scikit-learn's binary classifier** outputs `[1 − p, p]` from one logistic unit; it is imported
///   as that unit with a sigmoid link, so the stack predicts `p`, the probability of the second class.
/// - Anything else on the path (another operator, a non-float cast, an activation on the raw input,
///   an operator after the output link) throws `ONNXError.unsupportedNode` naming the node.
enum ONNXImporter {
    static func stack(from model: ONNXModelProto) throws(ONNXError) -> DenseStack {
        do {
            var importer = try ONNXGraphImporter(model: model)
            return try importer.run()
        } catch let error as ONNXError {
            throw error
        } catch {
            throw .invalidGraph("\(error)")
        }
    }
}
