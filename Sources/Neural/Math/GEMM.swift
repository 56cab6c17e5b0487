import NeuralKernels

/// The one GEMM entry point: `C ← α·op(A)·op(B) + β·C`, row-major, single precision.
///
/// `op(A)` is `A` or `Aᵀ` and must be `[m, k]`; `op(B)` must be `[k, n]`; `C` must already be
/// `[m, n]`. With `beta == 0`, `C`'s previous contents are ignored (NaN does not propagate).
/// Dispatches to the engine chosen at start-up (the built-in kernels by default; see `ComputeEngine`).
public func gemm(
    transposeA: Bool = false, transposeB: Bool = false,
    alpha: Float = 1, a: Matrix, b: Matrix,
    beta: Float = 0, c: inout Matrix
) {
    let m = transposeA ? a.columns : a.rows
    let k = transposeA ? a.rows : a.columns
    let kB = transposeB ? b.columns : b.rows
    let n = transposeB ? b.rows : b.columns
    precondition(k == kB, "gemm: op(A) is \(m)×\(k) but op(B) is \(kB)×\(n)")
    precondition(c.rows == m && c.columns == n, "gemm: C is \(c.rows)×\(c.columns), expected \(m)×\(n)")
    a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            c.withUnsafeMutableBufferPointer { pc in
                gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                     alpha: alpha, a: pa.baseAddress, lda: a.columns,
                     b: pb.baseAddress, ldb: b.columns,
                     beta: beta, c: pc.baseAddress, ldc: n)
            }
        }
    }
}

/// `op(A)·op(B)` as a new matrix.
public func matmul(_ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false) -> Matrix {
    let m = transposeA ? a.columns : a.rows
    let n = transposeB ? b.rows : b.columns
    var c = Matrix(rows: m, columns: n)
    gemm(transposeA: transposeA, transposeB: transposeB, a: a, b: b, c: &c)
    return c
}

/// The pointer form of the GEMM entry point, for workspaces that hold raw buffers.
///
/// Leading dimensions are row strides in elements: `lda ≥` the stored row length of `A`, etc.
/// Sizes of zero are allowed (then nothing is read; with `k == 0`, `C ← β·C`).
@inlinable
public func gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Float, a: UnsafePointer<Float>?, lda: Int,
    b: UnsafePointer<Float>?, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>?, ldc: Int
) {
    precondition(m >= 0 && n >= 0 && k >= 0, "gemm: negative size m=\(m) n=\(n) k=\(k)")
    if m == 0 || n == 0 { return }
    nk_sgemm(transposeA ? 1 : 0, transposeB ? 1 : 0, Int64(m), Int64(n), Int64(k),
             alpha, a, Int64(max(lda, 1)), b, Int64(max(ldb, 1)), beta, c, Int64(max(ldc, 1)))
}
