import NeuralKernels

/// The function that maps a network's last-layer output (logits) to predictions.
///
/// Each loss owns its link (`Loss.link`): identity for the regression losses, the logistic
/// sigmoid for binary cross-entropy, the row-wise softmax for categorical cross-entropy. Training
/// never applies the link separately (the loss works on logits in one stable pass); inference
/// applies it to turn logits into values or probabilities.
public enum OutputLink: String, Codable, Sendable, Hashable, CaseIterable {
    /// `ŷ = z`.
    case identity
    /// `ŷ = 1 / (1 + e^−z)` elementwise: independent probabilities.
    case sigmoid
    /// `ŷ_c = e^z_c / Σ_k e^z_k` per row: a probability distribution over the columns.
    case softmax

    /// The link applied to `logits` (`[batch, outputs]`); same shape.
    public func apply(to logits: Matrix) -> Matrix {
        var result = logits
        result.withUnsafeMutableBufferPointer { buffer in
            apply(rows: logits.rows, columns: logits.columns, inPlace: buffer.baseAddress)
        }
        return result
    }

    /// Applies the link in place to a `[rows, columns]` row-major buffer.
    public func apply(rows: Int, columns: Int, inPlace values: UnsafeMutablePointer<Float>?) {
        guard rows > 0, columns > 0 else { return }
        switch self {
        case .identity:
            break
        case .sigmoid:
            nk_activation_forward(NK_ACTIVATION_SIGMOID, 0, Int64(rows * columns), values, values)
        case .softmax:
            nk_softmax_rows(Int64(rows), Int64(columns), values, values)
        }
    }
}
