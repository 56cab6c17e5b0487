// NeuralKernels: the compute core of Neural.
//
// Row-major single-precision GEMM with run-time CPU dispatch, a persistent worker pool,
// optional BLAS engines found at run time, and the elementwise loops that need wide vectors.
// Everything here is plain C with no system dependency beyond libc, libm, libpthread and libdl.
#ifndef NEURAL_KERNELS_H
#define NEURAL_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#include "NeuralElementwise.h"
#include "NeuralOptimizers.h"

#ifdef __cplusplus
extern "C" {
#endif

// MARK: - Micro-kernels and engines

/// The register-blocked micro-kernels. `NK_KERNEL_AUTO` picks the best one this CPU runs.
typedef enum {
    NK_KERNEL_AUTO = 0,
    NK_KERNEL_PORTABLE = 1,  ///< plain C, any CPU
    NK_KERNEL_AVX2 = 2,      ///< x86-64 AVX2 + FMA, 6×16
    NK_KERNEL_AVX512 = 3,    ///< x86-64 AVX-512F, 8×32
    NK_KERNEL_NEON = 4,      ///< aarch64 NEON, 8×12
} nk_kernel;

/// The GEMM engines. The built-in one is the default; the others are optional.
typedef enum {
    NK_ENGINE_BUILTIN = 0,
    NK_ENGINE_OPENBLAS = 1,    ///< an OpenBLAS or FlexiBLAS loaded with dlopen (Linux)
    NK_ENGINE_ACCELERATE = 2,  ///< Apple's Accelerate (macOS)
} nk_engine;

/// Per-call options. Zero-initialised options mean "use the process-wide defaults".
typedef struct {
    nk_kernel kernel;  ///< NK_KERNEL_AUTO: the process default
    int threads;       ///< 0: the process default, used only for products large enough to gain
                       ///< from it; n > 0: exactly n threads (at most one per output tile), even for
                       ///< small products; 1: the calling thread only
} nk_options;

/// 1 when this CPU can run `kernel` (and it was compiled in), else 0.
int nk_kernel_available(nk_kernel kernel);
/// The kernel chosen for this CPU (never NK_KERNEL_AUTO).
nk_kernel nk_default_kernel(void);
/// A short stable name: "portable", "avx2-6x16", "avx512-8x32", "neon-8x12".
const char *nk_kernel_name(nk_kernel kernel);

/// Number of worker threads used by the built-in engine (including the caller).
/// The default is `NEURAL_THREADS` if set and valid, else the number of online CPUs.
int nk_threads(void);
/// Sets the process-wide thread count (clamped to [1, 256]).
void nk_set_threads(int threads);

/// The engine in use.
nk_engine nk_current_engine(void);
/// A human-readable description of the engine in use, e.g. "builtin" or "openblas (/usr/lib/…)".
const char *nk_engine_description(void);
/// Selects the engine from a specification: "builtin", "openblas", "accelerate", or a path to a
/// shared library exporting `cblas_sgemm`. Returns 0 on success; on failure returns non-zero,
/// keeps the current engine and writes a message into `error` (at most `error_size` bytes).
int nk_select_engine(const char *spec, char *error, size_t error_size);
/// Reads `NEURAL_BLAS` once and selects that engine. Returns 0 when unset or valid; otherwise
/// non-zero with a message in `error`.
int nk_configure_from_environment(char *error, size_t error_size);

// MARK: - Optional BLAS libraries

/// A BLAS library loaded at run time (OpenBLAS or FlexiBLAS), independent of the process-wide
/// engine, so it can be used (and tested) without changing global state.
typedef struct nk_blas_library nk_blas_library;
/// Loads "openblas" (the usual sonames) or a library path. Returns NULL with a message in `error`
/// when the library is missing, lacks cblas_sgemm, or is not OpenBLAS/FlexiBLAS.
nk_blas_library *nk_blas_open(const char *spec, char *error, size_t error_size);
void nk_blas_close(nk_blas_library *library);
/// "openblas (<file>: <configuration>)" or "flexiblas (<file>)".
const char *nk_blas_description(const nk_blas_library *library);
/// Sets the library's own thread count (no effect if it has no such control).
void nk_blas_set_threads(const nk_blas_library *library, int threads);
/// `C ← α·op(A)·op(B) + β·C` through the library's cblas_sgemm (row-major). Returns 0, or -1
/// (nothing computed) when a size does not fit the library's 32-bit integers.
int nk_blas_sgemm(const nk_blas_library *library, int transpose_a, int transpose_b,
                  int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda,
                  const float *b, int64_t ldb, float beta, float *c, int64_t ldc);

// MARK: - GEMM

/// C ← α·op(A)·op(B) + β·C, row-major.
///
/// op(A) is m×k (A is m×k with leading dimension lda ≥ k, or k×m with lda ≥ m when transposed),
/// op(B) is k×n (B is k×n with ldb ≥ n, or n×k with ldb ≥ k when transposed), C is m×n with
/// ldc ≥ n. When β = 0, C is not read (NaN in C does not propagate). Deterministic: the same
/// inputs and thread count give bit-identical results (K is never split across threads).
void nk_sgemm(int transpose_a, int transpose_b, int64_t m, int64_t n, int64_t k,
              float alpha, const float *a, int64_t lda, const float *b, int64_t ldb,
              float beta, float *c, int64_t ldc);

/// `nk_sgemm` with explicit options (kernel, threads); always uses the built-in engine. A kernel
/// this CPU cannot run (see `nk_kernel_available`) is replaced by the portable one.
void nk_sgemm_with(const nk_options *options, int transpose_a, int transpose_b,
                   int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda,
                   const float *b, int64_t ldb, float beta, float *c, int64_t ldc);

/// Reads `n` floats once, split across the worker pool as the row path splits a weight matrix
/// (contiguous parts, one per thread, when each thread gets at least 64k floats), and returns
/// their sum. Benchmarks time it to find what moving a network's weights costs: the bound a
/// one-row prediction cannot beat, since it must read every weight once.
float nk_read_floats(int64_t n, const float *x);

/// Naive double-precision reference for tests: for every (i, j) of the m×n output,
/// `exact[i·n + j] = α·Σ_p op(A)[i][p]·op(B)[p][j] + β·C[i][j]` (β = 0: C not read) and
/// `magnitude[i·n + j] = |α|·Σ_p |op(A)[i][p]·op(B)[p][j]| + |β·C[i][j]|`, the scale of the
/// rounding error a float32 GEMM may make on that element. C is not modified.
void nk_sgemm_reference(int transpose_a, int transpose_b, int64_t m, int64_t n, int64_t k,
                        float alpha, const float *a, int64_t lda, const float *b, int64_t ldb,
                        float beta, const float *c, int64_t ldc, double *exact, double *magnitude);

#ifdef __cplusplus
}
#endif

#endif
