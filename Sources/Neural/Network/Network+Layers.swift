import NeuralKernels

extension Network {
    /// One dense layer forward: `Z = X·Wᵀ` by the GEMM entry point (`W` `[out, in]` is stored
    /// column-major, i.e. as the `[in, out]` rows that B reads in place), then `Z += b` and
    /// `Y = f(Z)` in one pass over the rows. `output` may equal `preactivation` (then only `Y` is kept).
    func denseForward(plan: LayerPlan, activation: Activation, rows: Int, input: UnsafePointer<Float>?,
                      parameters: UnsafePointer<Float>, preactivation: UnsafeMutablePointer<Float>,
                      output: UnsafeMutablePointer<Float>) {
        gemm(transposeA: false, transposeB: false, m: rows, n: plan.outputWidth, k: plan.inputWidth,
             alpha: 1, a: input, lda: plan.inputWidth,
             b: parameters + plan.weightOffset, ldb: plan.outputWidth,
             beta: 0, c: preactivation, ldc: plan.outputWidth)
        nk_bias_activation_forward(activation.kernelKind, activation.kernelParameter, Int64(rows),
                                   Int64(plan.outputWidth), parameters + plan.biasOffset,
                                   preactivation, output)
    }
}
