extension TrainingWorkspace {
    // Copies of the intermediate values of the last step, for teaching and debugging (e.g.
    // showing back-propagation with its numbers). Each is `[batchSize, width of layer index]`.
    // Not for hot loops: each call allocates its result.

    /// `A_i`, the output of layer `index` (after its activation, or after dropout's mask).
    public func output(ofLayer index: Int) -> Matrix {
        copy(offset: outputOffsets[checked(index)], width: plans[index].outputWidth)
    }

    /// `Z_i = A_{i−1}·W_iᵀ + b_i`, the pre-activation of dense layer `index` (for the identity
    /// activation this is also its output; for a dropout layer, its output).
    public func preactivation(ofLayer index: Int) -> Matrix {
        copy(offset: preactivationOffsets[checked(index)], width: plans[index].outputWidth)
    }

    /// After `computeGradients`: `∂loss/∂Z_i` for dense layer `index` (the backward pass turns
    /// `∂loss/∂A_i` into it in place) or `∂loss/∂A_i` for a dropout layer. Layers before the first
    /// dense layer get no delta.
    public func delta(ofLayer index: Int) -> Matrix {
        copy(offset: deltaOffsets[checked(index)], width: plans[index].outputWidth)
    }

    private func checked(_ index: Int) -> Int {
        precondition(index >= 0 && index < plans.count, "Layer \(index) out of range 0..<\(plans.count)")
        return index
    }

    private func copy(offset: Int, width: Int) -> Matrix {
        let values = UnsafeBufferPointer(start: storage + offset, count: batchSize * width)
        return Matrix(rows: batchSize, columns: width, storage: Array(values))
    }
}
