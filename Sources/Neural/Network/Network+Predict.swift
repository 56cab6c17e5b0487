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
        let buffers = workspace.buffers(rows: rows, width: widestOutput)
        parameters.values.withUnsafeBufferPointer { parameterBuffer in
            guard let theta = parameterBuffer.baseAddress else { return }
            forwardForInference(rows: rows, inputs: inputs, parameters: theta, buffers: buffers, output: output)
        }
        link.apply(rows: rows, columns: outputSize, inPlace: output)
    }

    /// Dense layers write into the two buffers in turn; dropout passes values through.
    private func forwardForInference(rows: Int, inputs: UnsafePointer<Float>?, parameters: UnsafePointer<Float>,
                                     buffers: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>),
                                     output: UnsafeMutablePointer<Float>) {
        var current = inputs
        var useFirst = true
        for index in 0..<plans.count {
            let plan = plans[index]
            guard let activation = plan.activation else { continue }
            let target = useFirst ? buffers.0 : buffers.1
            useFirst.toggle()
            denseForward(plan: plan, activation: activation, rows: rows, input: current,
                         parameters: parameters, preactivation: target, output: target)
            current = UnsafePointer(target)
        }
        if let current {
            output.update(from: current, count: rows * outputSize)
        }
    }
}
