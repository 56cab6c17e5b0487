// AVX2 packing for the x86 kernels. The transposing cases (A not transposed into MR-interleaved
// panels, B transposed into NR-wide panels) are done with 8×8 register transposes: eight
// contiguous loads, 24 shuffles, eight contiguous stores per 64 values, instead of 64 scalar
// strided stores. The straight copies use whole-vector moves. Anything else (edges) falls back
// to the generic panel routines in pack.c.
#include "nk_internal.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define NK_T __attribute__((target("avx2,fma")))

/// r[j] ← column j of the 8×8 block whose rows are r[0..7].
static inline __attribute__((always_inline)) NK_T void transpose8(__m256 r[8]) {
    __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
    __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
    __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
    __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
    __m256 s0 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0));
    __m256 s1 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2));
    __m256 s2 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0));
    __m256 s3 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2));
    __m256 s4 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(1, 0, 1, 0));
    __m256 s5 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(3, 2, 3, 2));
    __m256 s6 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(1, 0, 1, 0));
    __m256 s7 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(3, 2, 3, 2));
    r[0] = _mm256_permute2f128_ps(s0, s4, 0x20);
    r[1] = _mm256_permute2f128_ps(s1, s5, 0x20);
    r[2] = _mm256_permute2f128_ps(s2, s6, 0x20);
    r[3] = _mm256_permute2f128_ps(s3, s7, 0x20);
    r[4] = _mm256_permute2f128_ps(s0, s4, 0x31);
    r[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
    r[6] = _mm256_permute2f128_ps(s2, s6, 0x31);
    r[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
}

/// A panel of `mr` ≤ 8 full rows of row-major A: dst[p·mr + i] = src[i·lda + p]. With mr < 8
/// each 8-wide store spills 8 − mr floats into the next slot, which the next store (or the next
/// panel, or NK_PACK_SLACK at the very end) overwrites.
NK_T static void pack_a_rows(const float *src, int64_t lda, int mr, int64_t kc, float *dst) {
    int64_t p = 0;
    for (; p + 8 <= kc; p += 8) {
        __m256 r[8];
        for (int i = 0; i < 8; i++) r[i] = i < mr ? _mm256_loadu_ps(src + i * lda + p) : _mm256_setzero_ps();
        transpose8(r);
        for (int j = 0; j < 8; j++) _mm256_storeu_ps(dst + (p + j) * mr, r[j]);
    }
    for (; p < kc; p++)
        for (int i = 0; i < mr; i++) dst[p * mr + i] = src[i * lda + p];
}

NK_T void nk_avx2_pack_a(int trans, const float *a, int64_t lda, int64_t i0, int64_t mc,
                         int64_t p0, int64_t kc, int mr, float *dst) {
    for (int64_t q = 0; q < mc; q += mr) {
        const int rows = (int)(mc - q < mr ? mc - q : mr);
        const float *src = trans ? a + p0 * lda + i0 + q : a + (i0 + q) * lda + p0;
        if (!trans && rows == mr && mr <= 8) {
            pack_a_rows(src, lda, mr, kc, dst);
        } else if (trans && rows == mr && mr == 8) {
            for (int64_t p = 0; p < kc; p++) _mm256_storeu_ps(dst + p * 8, _mm256_loadu_ps(src + p * lda));
        } else if (trans && rows == mr && mr == 6) {
            for (int64_t p = 0; p < kc; p++) {
                const float *s = src + p * lda;
                _mm_storeu_ps(dst + p * 6, _mm_loadu_ps(s));
                _mm_storel_pi((__m64 *)(dst + p * 6 + 4), _mm_loadl_pi(_mm_setzero_ps(), (const __m64 *)(s + 4)));
            }
        } else {
            nk_pack_a_panel(trans, src, lda, rows, kc, mr, dst);
        }
        dst += (int64_t)mr * kc;
    }
}

NK_T void nk_avx2_pack_b(int trans, const float *b, int64_t ldb, int64_t p0, int64_t kc,
                         int64_t j0, int64_t nc, int nr, float *dst) {
    for (int64_t q = 0; q < nc; q += nr) {
        const int cols = (int)(nc - q < nr ? nc - q : nr);
        const float *src = trans ? b + (j0 + q) * ldb + p0 : b + p0 * ldb + j0 + q;
        if (cols == nr && nr % 8 == 0) {
            if (trans) {
                int64_t p = 0;
                for (; p + 8 <= kc; p += 8) {
                    for (int g = 0; g < nr; g += 8) {
                        __m256 r[8];
                        for (int i = 0; i < 8; i++) r[i] = _mm256_loadu_ps(src + (g + i) * ldb + p);
                        transpose8(r);
                        for (int j = 0; j < 8; j++) _mm256_storeu_ps(dst + (p + j) * nr + g, r[j]);
                    }
                }
                for (; p < kc; p++)
                    for (int j = 0; j < nr; j++) dst[p * nr + j] = src[j * ldb + p];
            } else {
                for (int64_t p = 0; p < kc; p++)
                    for (int g = 0; g < nr; g += 8)
                        _mm256_storeu_ps(dst + p * nr + g, _mm256_loadu_ps(src + p * ldb + g));
            }
        } else {
            nk_pack_b_panel(trans, src, ldb, cols, kc, nr, dst);
        }
        dst += (int64_t)nr * kc;
    }
}
#endif
