import NeuralKernels

/// Row-wise softmax of a `[rows, columns]` matrix: `p_rc = e^(z_rc − m_r) / Σ_k e^(z_rk − m_r)`
/// with `m_r` the row max. Subtracting the max keeps every exponent ≤ 0, so logits of any size
/// stay finite; softmax is unchanged by adding a constant to a row.
public func softmax(_ logits: Matrix) -> Matrix {
    OutputLink.softmax.apply(to: logits)
}

/// Row-wise log-softmax: `z_rc − m_r − log Σ_k e^(z_rk − m_r)`, computed without forming the
/// probabilities, so it is finite (and accurate) even where a probability underflows to 0.
public func logSoftmax(_ logits: Matrix) -> Matrix {
    var result = logits
    result.withUnsafeMutableBufferPointer { buffer in
        nk_log_softmax_rows(Int64(logits.rows), Int64(logits.columns), buffer.baseAddress, buffer.baseAddress)
    }
    return result
}

/// The logistic sigmoid `1 / (1 + e^−z)` of every element (stable for any finite `z`).
public func sigmoid(_ logits: Matrix) -> Matrix {
    OutputLink.sigmoid.apply(to: logits)
}
