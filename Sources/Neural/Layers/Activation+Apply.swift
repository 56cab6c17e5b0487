import NeuralKernels

extension Activation {
    /// `f` applied to every element of `z` (any shape); returns a matrix of the same shape.
    public func apply(to z: Matrix) -> Matrix {
        var y = z
        y.withUnsafeMutableBufferPointer { buffer in
            nk_activation_forward(kernelKind, kernelParameter, Int64(buffer.count),
                                  buffer.baseAddress, buffer.baseAddress)
        }
        return y
    }

    /// The derivative `f′(z)` at every element of `z`; same shape as `z`.
    public func derivative(at z: Matrix) -> Matrix {
        let y = apply(to: z)
        var derivative = Matrix(rows: z.rows, columns: z.columns, repeating: 1)
        z.withUnsafeBufferPointer { zBuffer in
            y.withUnsafeBufferPointer { yBuffer in
                derivative.withUnsafeMutableBufferPointer { dBuffer in
                    nk_activation_backward(kernelKind, kernelParameter, Int64(dBuffer.count),
                                           zBuffer.baseAddress, yBuffer.baseAddress, dBuffer.baseAddress)
                }
            }
        }
        return derivative
    }
}
