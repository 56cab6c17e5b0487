extension Network {
    /// The network's output for `inputs` (`[batch, inputSize]`), with `link` applied:
    /// `link(f_L(… f_1(X·W_1 + b_1) …))`, `[batch, outputSize]`. Dropout is inactive.
    ///
    /// With the default identity link this returns the logits; pass `loss.link` to get
    /// predictions or probabilities. Allocates its result and a workspace; use
    /// `predict(_:link:into:workspace:)` to reuse memory across calls.
    public func predict(_ inputs: Matrix, link: OutputLink = .identity) -> Matrix {
        var output = Matrix(rows: inputs.rows, columns: outputSize)
        predict(inputs, link: link, into: &output, workspace: InferenceWorkspace())
        return output
    }

    /// Writes the prediction for `inputs` into `output`, resizing it to `[batch, outputSize]`
    /// (no allocation when its element count already fits), using `workspace` for intermediates.
    public func predict(_ inputs: Matrix, link: OutputLink = .identity, into output: inout Matrix,
                        workspace: InferenceWorkspace) {
        precondition(inputs.columns == inputSize,
                     "predict: inputs have \(inputs.columns) columns, the network expects \(inputSize)")
        if output.rows != inputs.rows || output.columns != outputSize {
            output.resize(rows: inputs.rows, columns: outputSize)
        }
        inputs.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                predict(rows: inputs.rows, inputs: x.baseAddress, link: link, output: y.baseAddress,
                        workspace: workspace)
            }
        }
    }

    /// The pointer form: `rows` input rows at `inputs` (`[rows, inputSize]`, row-major) give
    /// `[rows, outputSize]` values at `output`. Allocates nothing once `workspace` is large enough.
    public func predict(rows: Int, inputs: UnsafePointer<Float>?, link: OutputLink = .identity,
                        output: UnsafeMutablePointer<Float>?, workspace: InferenceWorkspace) {
        precondition(rows >= 0, "predict: negative row count \(rows)")
        precondition(parameters.values.count == parameterCount,
                     "predict: \(parameters.values.count) parameter values, the layers need \(parameterCount)")
        guard rows > 0, let output else { return }
        let widest = plans.reduce(0) { max($0, $1.outputWidth) }
        let (first, second) = workspace.buffers(rows: rows, width: widest)
        var current = inputs
        var useFirst = true
        parameters.values.withUnsafeBufferPointer { parameterBuffer in
            let theta = parameterBuffer.baseAddress
            for plan in plans {
                guard let activation = plan.activation, let theta else { continue }  // dropout: identity
                let target = useFirst ? first : second
                useFirst.toggle()
                denseForward(plan: plan, activation: activation, rows: rows, input: current,
                             parameters: theta, preactivation: target, output: target)
                current = UnsafePointer(target)
            }
        }
        if let current {
            output.update(from: current, count: rows * outputSize)
        }
        link.apply(rows: rows, columns: outputSize, inPlace: output)
    }
}
