// Internal interfaces of NeuralKernels: micro-kernel descriptors, packing, the worker pool and
// the optional BLAS engines. Not part of the public API.
#ifndef NK_INTERNAL_H
#define NK_INTERNAL_H

#include "NeuralKernels.h"
#include <stdint.h>

/// Main micro-kernel: C[0:mr, 0:nr] ← α·(Ã·B̃) + β·C where Ã is a packed MR×kc panel
/// (pa[p·MR + i]) and B̃ a kc×NR panel with rows `ldpb` apart (pb[p·ldpb + j]): a packed panel
/// (ldpb = NR, zero-padded to full NR) or B itself read in place (ldpb = ldb, full NR columns).
/// β = 0 means C is not read. mr ≤ MR, nr ≤ NR select the part of the tile that is stored.
typedef void (*nk_ukr_fn)(int64_t kc, const float *pa, const float *pb, int64_t ldpb, float *c,
                          int64_t ldc, int mr, int nr, float alpha, float beta);

/// Narrow-N kernel for op(A) = Aᵀ (A stored k×m): vectors run along m and A is read in place:
/// C[0:mr, 0:w] ← α·Σ_p a[p·lda + i]·pb[p·w + j] + β·C, for mr ≤ narrow_mr and w ≤ NK_NARROW_W.
/// Requires that a[p·lda + 0 .. narrow_mr) is readable for every p (the caller copies edges).
typedef void (*nk_mcol_fn)(int64_t k, const float *a, int64_t lda, const float *pb, int w,
                           float *c, int64_t ldc, int mr, float alpha, float beta);

/// Narrow-N kernel for op(A) = A (A stored m×k): dot products along k of `rows` (1 or 2) rows of A
/// with w rows of Bᵀ (bt[j·ldbt + p], zero-padded past k): C[0:rows, 0:w] ← α·A·Bᵀᵀ + β·C.
typedef void (*nk_dot_fn)(int64_t k, const float *a, int64_t lda, const float *bt, int64_t ldbt,
                          int rows, int w, float *c, int64_t ldc, float alpha, float beta);

/// Row kernel for m = 1 with B row-major and not packed: c[0:n] ← α·Σ_{p<kc} a[p·inca]·b[p·ldb + j]
/// + β·c[j], each element accumulated exactly as the main micro-kernel accumulates it.
typedef void (*nk_gemv_fn)(int64_t kc, const float *a, int64_t inca, const float *b, int64_t ldb,
                           int64_t n, float *c, float alpha, float beta);

/// Widest column tile of the narrow kernels (a 10-column output is done as 5 + 5).
#define NK_NARROW_W 6

typedef struct {
    nk_kernel id;
    const char *name;
    int mr, nr;          ///< register tile of the main micro-kernel
    int mc, kc, nc;      ///< cache blocking: A block mc×kc (L2), B panel kc×nc (L3), kc×nr in L1
    nk_ukr_fn ukr;
    /// Packing routines (same contract as nk_pack_a / nk_pack_b); vectorised ones may write up to
    /// NK_PACK_SLACK floats past the end of the packed block.
    void (*pack_a)(int trans, const float *a, int64_t lda, int64_t i0, int64_t mc, int64_t p0,
                   int64_t kc, int mr, float *dst);
    void (*pack_b)(int trans, const float *b, int64_t ldb, int64_t p0, int64_t kc, int64_t j0,
                   int64_t nc, int nr, float *dst);
    int narrow_mr;       ///< rows per call of `mcol` (a multiple of the vector length)
    nk_mcol_fn mcol;     ///< NULL: no narrow path, narrow outputs use the main kernel
    nk_dot_fn dot;
    /// One row of op(A) times B read in place (m = 1, B not transposed); NULL: main path.
    nk_gemv_fn gemv;
} nk_kernel_desc;

/// The descriptor of a kernel that is available on this CPU (AUTO → the default one).
const nk_kernel_desc *nk_kernel_descriptor(nk_kernel kernel);

extern const nk_kernel_desc nk_desc_portable;
#if defined(__x86_64__)
extern const nk_kernel_desc nk_desc_avx2;
extern const nk_kernel_desc nk_desc_avx512;
#endif
#if defined(__aarch64__)
extern const nk_kernel_desc nk_desc_neon;
#endif

// MARK: Packing (pack.c)

/// Packs op(A)[i0 : i0+mc, p0 : p0+kc] into ⌈mc/mr⌉ panels of mr×kc, element (i, p) of panel q at
/// dst[q·mr·kc + p·mr + i]; rows past mc are zero.
void nk_pack_a(int trans, const float *a, int64_t lda, int64_t i0, int64_t mc, int64_t p0,
               int64_t kc, int mr, float *dst);
/// Packs op(B)[p0 : p0+kc, j0 : j0+nc] into ⌈nc/nr⌉ panels of kc×nr, element (p, j) of panel q at
/// dst[q·kc·nr + p·nr + j]; columns past nc are zero.
void nk_pack_b(int trans, const float *b, int64_t ldb, int64_t p0, int64_t kc, int64_t j0,
               int64_t nc, int nr, float *dst);

/// One panel of nk_pack_a: `src` points at op(A)[i][p0] of its first row, `rows` ≤ mr are real.
void nk_pack_a_panel(int trans, const float *src, int64_t lda, int rows, int64_t kc, int mr,
                     float *dst);
/// One panel of nk_pack_b: `src` points at op(B)[p0][j] of its first column, `cols` ≤ nr are real.
void nk_pack_b_panel(int trans, const float *src, int64_t ldb, int cols, int64_t kc, int nr,
                     float *dst);
/// Extra floats the packing buffers reserve past their end (see nk_kernel_desc.pack_a).
#define NK_PACK_SLACK 16

#if defined(__x86_64__)
/// AVX2 packing (8×8 register transposes), used by the AVX2 and AVX-512 kernels.
void nk_avx2_pack_a(int trans, const float *a, int64_t lda, int64_t i0, int64_t mc, int64_t p0,
                    int64_t kc, int mr, float *dst);
void nk_avx2_pack_b(int trans, const float *b, int64_t ldb, int64_t p0, int64_t kc, int64_t j0,
                    int64_t nc, int nr, float *dst);
#endif

// MARK: Worker pool (pool.c)

/// A unit of parallel work: task `index` of `count`.
typedef void (*nk_task_fn)(void *context, int index, int count);
/// Runs tasks 0..count-1 and returns when all are done. The caller runs task 0; workers run the
/// others. If another thread is using the pool, the caller runs every task itself (same results:
/// the partition of work does not depend on who runs it).
void nk_parallel_run(int count, nk_task_fn task, void *context);
/// 1 once worker threads have been started.
int nk_pool_started(void);
/// Thread-local scratch memory, 64-byte aligned, grown on demand; slots 0, 1, 2 are independent.
/// Never returns NULL (aborts when memory is exhausted).
float *nk_scratch(int slot, size_t floats);
/// Parses a thread count (1…256); 1 on success.
int nk_parse_thread_count(const char *text, int *out);

// MARK: Engines (engine.c)

/// Called when the pool starts or the thread count changes, so a loaded BLAS can adapt.
void nk_engine_threads_changed(void);

#endif
