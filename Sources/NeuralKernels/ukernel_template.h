// Register-blocked GEMM micro-kernels, written once over a small vector vocabulary and
// instantiated per instruction set (kernel_avx2.c, kernel_avx512.c, kernel_neon.c). The same
// source therefore serves every ISA: what is tested on one machine is the same algorithm that
// runs on another; only the vector macros differ.
//
// The includer defines:
//   NK_T               function attribute (e.g. __attribute__((target("avx2,fma")))) or nothing
//   NK_PREFIX          name prefix of the generated functions
//   NK_VEC, NK_VLEN    vector type and its number of float lanes
//   NK_LOAD(p) NK_STORE(p, v)   unaligned load / store
//   NK_BCAST(x) NK_ZERO()       broadcast a float / zero vector
//   NK_FMA(acc, a, b)           acc + a·b with one rounding
//   NK_MUL(a, b) NK_ADD(a, b)   rounded product / sum
//   NK_HSUM(v)                  sum of the lanes (a fixed order, so results are reproducible)
//   NK_MR, NK_NV       main tile: NK_MR rows × NK_NV vectors (NR = NK_NV·NK_VLEN columns)
//   NK_NMV             narrow m-column kernel: NK_NMV vectors along m
//
// Rounding of the update is the same in every path: t = α·acc, then t + β·c when β ≠ 0, as two
// separately rounded operations (FP contraction is off), so a full tile and an edge tile give
// identical bits for the same accumulator.
#include <math.h>

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#define NK_CAT2(a, b) a##b
#define NK_CAT(a, b) NK_CAT2(a, b)
#define NK_FN(name) NK_CAT(NK_PREFIX, name)
#define NK_NR (NK_NV * NK_VLEN)
#define NK_NMR (NK_NMV * NK_VLEN)
#define NK_INLINE static inline __attribute__((always_inline)) NK_T

/// Stores one scalar result with the common update rule.
#define NK_UPDATE_SCALAR(dst, value)                     \
    do {                                                 \
        float nk_t_ = alpha * (value);                   \
        if (beta != 0.0f) {                              \
            float nk_u_ = beta * (dst);                  \
            nk_t_ = nk_t_ + nk_u_;                       \
        }                                                \
        (dst) = nk_t_;                                   \
    } while (0)

// MARK: - Main micro-kernel, NK_MR × NR

/// The main kernel for a tile of `rows` (a compile-time constant after inlining) ≤ NK_MR rows, so
/// edge panels (e.g. the last 2 rows of m = 128 with MR = 6) do not compute padded rows.
NK_INLINE void NK_FN(_ukr_rows)(int64_t kc, const float *restrict pa, const float *restrict pb,
                                int64_t ldpb, float *restrict c, int64_t ldc, const int rows,
                                int nr, float alpha, float beta) {
    NK_VEC acc[NK_MR][NK_NV];
    for (int i = 0; i < rows; i++)
        for (int v = 0; v < NK_NV; v++) acc[i][v] = NK_ZERO();

    // Warm the C tile while the k loop runs (it is read at the end when β ≠ 0, written always).
    for (int i = 0; i < rows; i++) __builtin_prefetch(c + i * ldc, 1, 3);

    int64_t p = 0;
    for (; p + 4 <= kc; p += 4) {
        // Unrolled by 4: fewer loop branches. Prefetch the A panel 8 steps ahead and the B panel
        // 16 steps ahead (B comes from L2/L3 on the first tile of each panel; measured +5–10 %
        // on 1024³ and the 784-deep MLP shapes on Zen 3, see Benchmarks/RESULTS.md).
        __builtin_prefetch(pa + 8 * NK_MR, 0, 3);
        __builtin_prefetch(pb + 16 * ldpb, 0, 3);
        __builtin_prefetch(pb + 16 * ldpb + 16, 0, 3);
        for (int u = 0; u < 4; u++) {
            NK_VEC b[NK_NV];
            for (int v = 0; v < NK_NV; v++) b[v] = NK_LOAD(pb + v * NK_VLEN);
            for (int i = 0; i < rows; i++) {
                NK_VEC a = NK_BCAST(pa[i]);
                for (int v = 0; v < NK_NV; v++) acc[i][v] = NK_FMA(acc[i][v], a, b[v]);
            }
            pa += NK_MR;
            pb += ldpb;
        }
    }
    for (; p < kc; p++) {
        NK_VEC b[NK_NV];
        for (int v = 0; v < NK_NV; v++) b[v] = NK_LOAD(pb + v * NK_VLEN);
        for (int i = 0; i < rows; i++) {
            NK_VEC a = NK_BCAST(pa[i]);
            for (int v = 0; v < NK_NV; v++) acc[i][v] = NK_FMA(acc[i][v], a, b[v]);
        }
        pa += NK_MR;
        pb += ldpb;
    }

    if (nr == NK_NR) {
        NK_VEC va = NK_BCAST(alpha);
        if (beta == 0.0f) {
            for (int i = 0; i < rows; i++)
                for (int v = 0; v < NK_NV; v++)
                    NK_STORE(c + i * ldc + v * NK_VLEN, NK_MUL(va, acc[i][v]));
        } else {
            NK_VEC vb = NK_BCAST(beta);
            for (int i = 0; i < rows; i++)
                for (int v = 0; v < NK_NV; v++) {
                    float *cp = c + i * ldc + v * NK_VLEN;
                    NK_STORE(cp, NK_ADD(NK_MUL(va, acc[i][v]), NK_MUL(vb, NK_LOAD(cp))));
                }
        }
    } else {
        float tile[NK_MR * NK_NR] __attribute__((aligned(64)));
        for (int i = 0; i < rows; i++)
            for (int v = 0; v < NK_NV; v++) NK_STORE(tile + i * NK_NR + v * NK_VLEN, acc[i][v]);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < nr; j++) NK_UPDATE_SCALAR(c[i * ldc + j], tile[i * NK_NR + j]);
    }
}

NK_T static void NK_FN(_ukr)(int64_t kc, const float *pa, const float *pb, int64_t ldpb, float *c,
                             int64_t ldc, int mr, int nr, float alpha, float beta) {
    switch (mr) {
#if NK_MR > 7
    case 7: NK_FN(_ukr_rows)(kc, pa, pb, ldpb, c, ldc, 7, nr, alpha, beta); break;
#endif
#if NK_MR > 6
    case 6: NK_FN(_ukr_rows)(kc, pa, pb, ldpb, c, ldc, 6, nr, alpha, beta); break;
#endif
#if NK_MR > 5
    case 5: NK_FN(_ukr_rows)(kc, pa, pb, ldpb, c, ldc, 5, nr, alpha, beta); break;
#endif
#if NK_MR > 4
    case 4: NK_FN(_ukr_rows)(kc, pa, pb, ldpb, c, ldc, 4, nr, alpha, beta); break;
#endif
    case 3: NK_FN(_ukr_rows)(kc, pa, pb, ldpb, c, ldc, 3, nr, alpha, beta); break;
    case 2: NK_FN(_ukr_rows)(kc, pa, pb, ldpb, c, ldc, 2, nr, alpha, beta); break;
    case 1: NK_FN(_ukr_rows)(kc, pa, pb, ldpb, c, ldc, 1, nr, alpha, beta); break;
    default: NK_FN(_ukr_rows)(kc, pa, pb, ldpb, c, ldc, NK_MR, nr, alpha, beta); break;
    }
}

// MARK: - Narrow N, op(A) = Aᵀ: vectors along m, A read in place

NK_INLINE void NK_FN(_mcol_body)(int64_t k, const float *restrict a, int64_t lda,
                                 const float *restrict pb, const int w, float *restrict c,
                                 int64_t ldc, int mr, float alpha, float beta) {
    NK_VEC acc[NK_NMV][NK_NARROW_W];
    for (int v = 0; v < NK_NMV; v++)
        for (int j = 0; j < w; j++) acc[v][j] = NK_ZERO();
    for (int64_t p = 0; p < k; p++) {
        const float *ap = a + p * lda;
        __builtin_prefetch(ap + 4 * lda, 0, 3);
        NK_VEC av[NK_NMV];
        for (int v = 0; v < NK_NMV; v++) av[v] = NK_LOAD(ap + v * NK_VLEN);
        for (int j = 0; j < w; j++) {
            NK_VEC bj = NK_BCAST(pb[p * w + j]);
            for (int v = 0; v < NK_NMV; v++) acc[v][j] = NK_FMA(acc[v][j], av[v], bj);
        }
    }
    float tile[NK_NARROW_W * NK_NMR] __attribute__((aligned(64)));
    for (int j = 0; j < w; j++)
        for (int v = 0; v < NK_NMV; v++) NK_STORE(tile + j * NK_NMR + v * NK_VLEN, acc[v][j]);
    for (int i = 0; i < mr; i++)
        for (int j = 0; j < w; j++) NK_UPDATE_SCALAR(c[i * ldc + j], tile[j * NK_NMR + i]);
}

NK_T static void NK_FN(_mcol)(int64_t k, const float *a, int64_t lda, const float *pb, int w,
                              float *c, int64_t ldc, int mr, float alpha, float beta) {
    // One specialisation per width, so the accumulators live in registers.
    switch (w) {
    case 1: NK_FN(_mcol_body)(k, a, lda, pb, 1, c, ldc, mr, alpha, beta); break;
    case 2: NK_FN(_mcol_body)(k, a, lda, pb, 2, c, ldc, mr, alpha, beta); break;
    case 3: NK_FN(_mcol_body)(k, a, lda, pb, 3, c, ldc, mr, alpha, beta); break;
    case 4: NK_FN(_mcol_body)(k, a, lda, pb, 4, c, ldc, mr, alpha, beta); break;
    case 5: NK_FN(_mcol_body)(k, a, lda, pb, 5, c, ldc, mr, alpha, beta); break;
    default: NK_FN(_mcol_body)(k, a, lda, pb, 6, c, ldc, mr, alpha, beta); break;
    }
}

// MARK: - Narrow N, op(A) = A: dot products along k

NK_INLINE void NK_FN(_dot_body)(int64_t k, const float *restrict a, int64_t lda,
                                const float *restrict bt, int64_t ldbt, const int rows,
                                const int w, float *restrict c, int64_t ldc, float alpha,
                                float beta) {
    NK_VEC acc[2][NK_NARROW_W];
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < w; j++) acc[r][j] = NK_ZERO();
    int64_t p = 0;
    for (; p + NK_VLEN <= k; p += NK_VLEN) {
        NK_VEC av[2];
        for (int r = 0; r < rows; r++) av[r] = NK_LOAD(a + r * lda + p);
        for (int j = 0; j < w; j++) {
            NK_VEC bv = NK_LOAD(bt + j * ldbt + p);
            for (int r = 0; r < rows; r++) acc[r][j] = NK_FMA(acc[r][j], av[r], bv);
        }
    }
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < w; j++) {
            float s = NK_HSUM(acc[r][j]);
            for (int64_t q = p; q < k; q++) {
                float prod = a[r * lda + q] * bt[j * ldbt + q];
                s = s + prod;
            }
            NK_UPDATE_SCALAR(c[r * ldc + j], s);
        }
}

#define NK_DOT_CASE(W)                                                                       \
    case W:                                                                                  \
        if (rows == 2) NK_FN(_dot_body)(k, a, lda, bt, ldbt, 2, W, c, ldc, alpha, beta);     \
        else NK_FN(_dot_body)(k, a, lda, bt, ldbt, 1, W, c, ldc, alpha, beta);               \
        break;

NK_T static void NK_FN(_dot)(int64_t k, const float *a, int64_t lda, const float *bt,
                             int64_t ldbt, int rows, int w, float *c, int64_t ldc, float alpha,
                             float beta) {
    switch (w) {
        NK_DOT_CASE(1)
        NK_DOT_CASE(2)
        NK_DOT_CASE(3)
        NK_DOT_CASE(4)
        NK_DOT_CASE(5)
    default:
        if (rows == 2) NK_FN(_dot_body)(k, a, lda, bt, ldbt, 2, 6, c, ldc, alpha, beta);
        else NK_FN(_dot_body)(k, a, lda, bt, ldbt, 1, 6, c, ldc, alpha, beta);
        break;
    }
}
#undef NK_DOT_CASE

// MARK: - One row of A (m = 1): B read in place

#ifndef NK_GEMV_V
#define NK_GEMV_V (4 * NK_NV)  // accumulators per column block: enough to hide the FMA latency
#endif
#ifndef NK_SFMA
#define NK_SFMA(acc, a, b) fmaf((a), (b), (acc))  // the scalar twin of NK_FMA (one rounding)
#endif

/// Column block of the row kernel: `V` vectors, B read in place (row p at b + p·ldb).
NK_INLINE void NK_FN(_gemv_block)(int64_t kc, const float *restrict a, int64_t inca,
                                  const float *restrict b, int64_t ldb, const int V,
                                  float *restrict c, float alpha, float beta) {
    NK_VEC acc[NK_GEMV_V];
    for (int v = 0; v < V; v++) acc[v] = NK_ZERO();
    for (int64_t p = 0; p < kc; p++) {
        const float *bp = b + p * ldb;
        __builtin_prefetch(bp + 8 * ldb, 0, 3);
        const NK_VEC av = NK_BCAST(a[p * inca]);
        for (int v = 0; v < V; v++) acc[v] = NK_FMA(acc[v], av, NK_LOAD(bp + v * NK_VLEN));
    }
    const NK_VEC va = NK_BCAST(alpha);
    if (beta == 0.0f) {
        for (int v = 0; v < V; v++) NK_STORE(c + v * NK_VLEN, NK_MUL(va, acc[v]));
    } else {
        const NK_VEC vb = NK_BCAST(beta);
        for (int v = 0; v < V; v++)
            NK_STORE(c + v * NK_VLEN, NK_ADD(NK_MUL(va, acc[v]), NK_MUL(vb, NK_LOAD(c + v * NK_VLEN))));
    }
}

/// c[0:n] ← α·Σ_{p<kc} a[p·inca]·b[p·ldb + j] + β·c[j]: one row of op(A) times a row-major
/// kc×n block of B that is read in place (no packing: each element of B is used once). Every
/// element is accumulated from zero by one FMA per p in order and updated by the common rule,
/// exactly as the main micro-kernel does, so the caller that splits K as the main path does gets
/// the same bits as a row of a larger product.
NK_T static void NK_FN(_gemv)(int64_t kc, const float *a, int64_t inca, const float *b,
                              int64_t ldb, int64_t n, float *c, float alpha, float beta) {
    int64_t j = 0;
    for (; j + NK_GEMV_V * NK_VLEN <= n; j += NK_GEMV_V * NK_VLEN)
        NK_FN(_gemv_block)(kc, a, inca, b + j, ldb, NK_GEMV_V, c + j, alpha, beta);
    for (; j + NK_VLEN <= n; j += NK_VLEN)
        NK_FN(_gemv_block)(kc, a, inca, b + j, ldb, 1, c + j, alpha, beta);
    for (; j < n; j++) {
        float s = 0.0f;
        for (int64_t p = 0; p < kc; p++) s = NK_SFMA(s, a[p * inca], b[p * ldb + j]);
        NK_UPDATE_SCALAR(c[j], s);
    }
}
