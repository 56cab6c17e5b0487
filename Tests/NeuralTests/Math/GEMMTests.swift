import NeuralKernels
import Testing
@testable import Neural

/// A GEMM problem size: op(A) is m×k, op(B) is k×n.
struct GEMMShape: CustomStringConvertible, Sendable {
    var m: Int, k: Int, n: Int
    var description: String { "\(m)×\(k)×\(n)" }
}

/// Random operands for `C ← α·op(A)·op(B) + β·C` with padded leading dimensions, and the
/// double-precision reference computed by `nk_sgemm_reference` (a plain triple loop in C, so that
/// debug-built tests can check the large shapes in full).
struct GEMMProblem {
    let shape: GEMMShape
    let transposeA: Bool, transposeB: Bool
    let lda: Int, ldb: Int, ldc: Int
    var a: [Float], b: [Float], c: [Float]

    init(_ shape: GEMMShape, transposeA: Bool, transposeB: Bool, padding: Int, seed: UInt64) {
        self.shape = shape
        self.transposeA = transposeA
        self.transposeB = transposeB
        let (aRows, aColumns) = transposeA ? (shape.k, shape.m) : (shape.m, shape.k)
        let (bRows, bColumns) = transposeB ? (shape.n, shape.k) : (shape.k, shape.n)
        lda = aColumns + padding
        ldb = bColumns + padding
        ldc = shape.n + padding
        var generator = SeededGenerator(seed: seed)
        a = (0..<aRows * lda).map { _ in Float(generator.nextUniform(in: -1..<1)) }
        b = (0..<bRows * ldb).map { _ in Float(generator.nextUniform(in: -1..<1)) }
        c = (0..<shape.m * ldc).map { _ in Float(generator.nextUniform(in: -1..<1)) }
    }

    /// Exact (double) results and the error scale |α|·Σ|a·b| + |β·c| per element of C.
    func reference(alpha: Float, beta: Float) -> (exact: [Double], magnitude: [Double]) {
        combine(product(), alpha: alpha, beta: beta)
    }

    /// Σ_p op(A)[i][p]·op(B)[p][j] and Σ_p |op(A)[i][p]·op(B)[p][j]| in double, computed once and
    /// reused for every α and β (see `combine`).
    func product() -> (exact: [Double], magnitude: [Double]) {
        var exact = [Double](repeating: 0, count: shape.m * shape.n)
        var magnitude = exact
        nk_sgemm_reference(transposeA ? 1 : 0, transposeB ? 1 : 0, Int64(shape.m), Int64(shape.n),
                           Int64(shape.k), 1, a, Int64(lda), b, Int64(ldb), 0, c, Int64(ldc),
                           &exact, &magnitude)
        return (exact, magnitude)
    }

    /// α·(A·B) + β·C and |α|·Σ|a·b| + |β·c| from the product (double: exact enough to judge float32).
    func combine(_ product: (exact: [Double], magnitude: [Double]), alpha: Float, beta: Float) -> (exact: [Double], magnitude: [Double]) {
        var exact = product.exact
        var magnitude = product.magnitude
        let (alpha, beta) = (Double(alpha), Double(beta))
        for i in 0..<shape.m {
            for j in 0..<shape.n {
                let old = beta == 0 ? 0 : beta * Double(c[i * ldc + j])
                exact[i * shape.n + j] = alpha * exact[i * shape.n + j] + old
                magnitude[i * shape.n + j] = abs(alpha) * magnitude[i * shape.n + j] + abs(old)
            }
        }
        return (exact, magnitude)
    }

    /// Runs the built-in GEMM with the given options on a copy of C and returns that copy.
    func run(kernel: ComputeEngine.Kernel, threads: Int, alpha: Float, beta: Float, initialC: [Float]? = nil) -> [Float] {
        var result = initialC ?? c
        var options = nk_options(kernel: kernel.cValue, threads: Int32(threads))
        nk_sgemm_with(&options, transposeA ? 1 : 0, transposeB ? 1 : 0, Int64(shape.m),
                      Int64(shape.n), Int64(shape.k), alpha, a, Int64(lda), b, Int64(ldb), beta,
                      &result, Int64(ldc))
        return result
    }

    /// The number of elements of `result` outside the float32 error bound, plus padding elements
    /// of C that changed.
    ///
    /// Bound: each product a·b of two floats is exact before the FMA or addition that rounds it,
    /// and a sum of K terms in any order makes at most K roundings of relative size u = 2⁻²⁴ on
    /// partial sums bounded by Σ|a·b|; scaling by α, adding β·c and storing add three more. So
    /// |computed − exact| ≤ (K + 3)·u·(|α|·Σ|a·b| + |β·c|) per element (Higham, Accuracy and
    /// Stability of Numerical Algorithms, §3.1). The smallest normal float covers underflow.
    func violations(of result: [Float], exact: [Double], magnitude: [Double]) -> Int {
        let unit = Double(Float.ulpOfOne) / 2
        var bad = 0
        for i in 0..<shape.m {
            for j in 0..<shape.n {
                let error = abs(Double(result[i * ldc + j]) - exact[i * shape.n + j])
                let bound = Double(shape.k + 3) * unit * magnitude[i * shape.n + j] + Double(Float.leastNormalMagnitude)
                if !(error <= bound) { bad += 1 }
            }
            for j in shape.n..<ldc where result[i * ldc + j] != c[i * ldc + j] { bad += 1 }
        }
        return bad
    }
}

@Suite struct GEMMTests {
    /// The sizes the issue asks for, plus narrow outputs (n < 16: the narrow-N path) with edges.
    static let shapes: [GEMMShape] = [
        GEMMShape(m: 1, k: 1, n: 1), GEMMShape(m: 2, k: 3, n: 4), GEMMShape(m: 37, k: 29, n: 53),
        GEMMShape(m: 130, k: 17, n: 400), GEMMShape(m: 9, k: 33, n: 785),
        GEMMShape(m: 128, k: 784, n: 256), GEMMShape(m: 128, k: 128, n: 10),
        GEMMShape(m: 33, k: 70, n: 7), GEMMShape(m: 19, k: 16, n: 15), GEMMShape(m: 5, k: 300, n: 1),
    ]

    /// Every micro-kernel this CPU can run, each forced in turn through per-call options.
    static let kernels = ComputeEngine.availableKernels

    @Test("matches the double reference: all transposes, α ∈ {1, 2}, β ∈ {0, ½}, padded strides, 1 and 2 threads",
          arguments: shapes, kernels)
    func matchesReference(shape: GEMMShape, kernel: ComputeEngine.Kernel) {
        for (transposeA, transposeB) in [(false, false), (false, true), (true, false), (true, true)] {
            // Padded leading dimensions (3) for every shape; unpadded too except for the largest,
            // to keep the debug-built test fast.
            for padding in shape.m * shape.k * shape.n > 1_000_000 ? [3] : [0, 3] {
                let problem = GEMMProblem(shape, transposeA: transposeA, transposeB: transposeB,
                                          padding: padding, seed: UInt64(shape.m * 1_000_003 + shape.k * 1009 + shape.n))
                let product = problem.product()
                for (alpha, beta): (Float, Float) in [(1, 0), (2, 0), (1, 0.5), (2, 0.5)] {
                    let reference = problem.combine(product, alpha: alpha, beta: beta)
                    let one = problem.run(kernel: kernel, threads: 1, alpha: alpha, beta: beta)
                    let two = problem.run(kernel: kernel, threads: 2, alpha: alpha, beta: beta)
                    let context = "\(kernel.name) \(shape) transposeA=\(transposeA) transposeB=\(transposeB) α=\(alpha) β=\(beta) padding=\(padding)"
                    #expect(problem.violations(of: one, exact: reference.exact, magnitude: reference.magnitude) == 0, "\(context), 1 thread")
                    // K is never split across threads, so the thread count does not change any bit.
                    #expect(one == two, "\(context): 1 and 2 threads differ")
                }
            }
        }
    }

    @Test("β = 0 does not read C: NaN there does not propagate", arguments: kernels)
    func betaZeroIgnoresNaN(kernel: ComputeEngine.Kernel) {
        for shape in [GEMMShape(m: 37, k: 29, n: 53), GEMMShape(m: 128, k: 128, n: 10)] {
            for transposeA in [false, true] {
                let problem = GEMMProblem(shape, transposeA: transposeA, transposeB: false, padding: 0, seed: 7)
                let nanC = [Float](repeating: .nan, count: problem.c.count)
                let result = problem.run(kernel: kernel, threads: 1, alpha: 1, beta: 0, initialC: nanC)
                let reference = problem.reference(alpha: 1, beta: 0)
                #expect(result.allSatisfy { $0.isFinite }, "\(kernel.name) \(shape) transposeA=\(transposeA)")
                #expect(problem.violations(of: result, exact: reference.exact, magnitude: reference.magnitude) == 0)
            }
        }
    }

    @Test("k = 0 gives C ← β·C")
    func emptyInnerDimension() {
        var c = Matrix(rows: 2, columns: 3, repeating: 4)
        gemm(alpha: 1, a: Matrix(rows: 2, columns: 0), b: Matrix(rows: 0, columns: 3), beta: 0.5, c: &c)
        // 0.5 · 4 = 2 exactly.
        #expect(c == Matrix(rows: 2, columns: 3, repeating: 2))
    }

    @Test("the public entry point (process engine) matches the reference")
    func entryPoint() {
        let shape = GEMMShape(m: 37, k: 29, n: 53)
        for (transposeA, transposeB) in [(false, false), (false, true), (true, false), (true, true)] {
            let problem = GEMMProblem(shape, transposeA: transposeA, transposeB: transposeB, padding: 2, seed: 11)
            var result = problem.c
            result.withUnsafeMutableBufferPointer { c in
                gemm(transposeA: transposeA, transposeB: transposeB, m: shape.m, n: shape.n, k: shape.k,
                     alpha: 2, a: problem.a, lda: problem.lda, b: problem.b, ldb: problem.ldb,
                     beta: 0.5, c: c.baseAddress, ldc: problem.ldc)
            }
            let reference = problem.reference(alpha: 2, beta: 0.5)
            #expect(problem.violations(of: result, exact: reference.exact, magnitude: reference.magnitude) == 0)
        }
    }
}

/// An OpenBLAS (or FlexiBLAS) found on this system, opened without touching the process engine.
/// The handle is immutable once opened, so sharing it between tests is safe.
nonisolated(unsafe) private let openBLAS: OpaquePointer? = nk_blas_open("openblas", nil, 0)

@Suite struct OpenBLASEngineTests {
    @Test("OpenBLAS through dlopen matches the reference",
          .enabled(if: openBLAS != nil, "no OpenBLAS on this system (Debian: apt-get install libopenblas0-pthread)"))
    func matchesReference() throws {
        let library = try #require(openBLAS)
        #expect(String(cString: nk_blas_description(library)).hasPrefix("openblas") ||
                String(cString: nk_blas_description(library)).hasPrefix("flexiblas"))
        for shape in [GEMMShape(m: 37, k: 29, n: 53), GEMMShape(m: 128, k: 128, n: 10)] {
            for (transposeA, transposeB) in [(false, false), (false, true), (true, false), (true, true)] {
                let problem = GEMMProblem(shape, transposeA: transposeA, transposeB: transposeB, padding: 3, seed: 5)
                var result = problem.c
                let status = nk_blas_sgemm(library, transposeA ? 1 : 0, transposeB ? 1 : 0, Int64(shape.m),
                                           Int64(shape.n), Int64(shape.k), 2, problem.a, Int64(problem.lda),
                                           problem.b, Int64(problem.ldb), 0.5, &result, Int64(problem.ldc))
                #expect(status == 0)
                let reference = problem.reference(alpha: 2, beta: 0.5)
                #expect(problem.violations(of: result, exact: reference.exact, magnitude: reference.magnitude) == 0,
                        "\(shape) transposeA=\(transposeA) transposeB=\(transposeB)")
            }
        }
    }
}
