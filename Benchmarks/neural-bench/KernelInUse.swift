import Neural

/// What computed the products a benchmark measured: the built-in engine's micro-kernel for this
/// CPU (`avx512-8x32`, `avx2-6x16`, …), or, when `NEURAL_BLAS` chose a BLAS, that engine (the
/// built-in micro-kernels then do not run). Every result carries it, so a table never mixes CPUs
/// or kernels without saying so.
enum KernelInUse {
    static var name: String {
        ComputeEngine.engine == .builtin ? ComputeEngine.kernelName : "none (engine \(ComputeEngine.engine.rawValue))"
    }
}
