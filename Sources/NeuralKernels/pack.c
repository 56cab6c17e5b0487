// Packing of A and B into the contiguous panels the micro-kernels stream through (BLIS layout).
// Packing makes every micro-kernel load sequential and aligned in cache whatever the transpose
// and leading dimension, and zero-pads edges so the kernels never branch on size inside k loops.
#include "nk_internal.h"


void nk_pack_a_panel(int trans, const float *src, int64_t lda, int rows, int64_t kc, int mr,
                     float *dst) {
    if (trans) {
        // op(A)[i][p] = a[p·lda + i]: each packed row of mr values is a contiguous copy.
        for (int64_t p = 0; p < kc; p++) {
            for (int r = 0; r < rows; r++) dst[p * mr + r] = src[p * lda + r];
            for (int r = rows; r < mr; r++) dst[p * mr + r] = 0.0f;
        }
    } else {
        // op(A)[i][p] = a[i·lda + p]: interleave mr rows; read each row sequentially.
        for (int r = 0; r < rows; r++) {
            const float *row = src + r * lda;
            float *out = dst + r;
            for (int64_t p = 0; p < kc; p++) out[p * mr] = row[p];
        }
        for (int r = rows; r < mr; r++)
            for (int64_t p = 0; p < kc; p++) dst[p * mr + r] = 0.0f;
    }
}

void nk_pack_a(int trans, const float *a, int64_t lda, int64_t i0, int64_t mc, int64_t p0,
               int64_t kc, int mr, float *dst) {
    for (int64_t q = 0; q < mc; q += mr) {
        int rows = (int)(mc - q < mr ? mc - q : mr);
        const float *src = trans ? a + p0 * lda + i0 + q : a + (i0 + q) * lda + p0;
        nk_pack_a_panel(trans, src, lda, rows, kc, mr, dst);
        dst += (int64_t)mr * kc;
    }
}

void nk_pack_b_panel(int trans, const float *src, int64_t ldb, int cols, int64_t kc, int nr,
                     float *dst) {
    if (!trans) {
        // op(B)[p][j] = b[p·ldb + j]: contiguous copies of nr columns.
        for (int64_t p = 0; p < kc; p++) {
            for (int j = 0; j < cols; j++) dst[p * nr + j] = src[p * ldb + j];
            for (int j = cols; j < nr; j++) dst[p * nr + j] = 0.0f;
        }
    } else {
        // op(B)[p][j] = b[j·ldb + p]: a transpose; read each of the nr rows of B sequentially,
        // in chunks of 8 so the written lines stay in L1.
        for (int64_t p = 0; p < kc; p += 8) {
            int64_t pe = p + 8 < kc ? p + 8 : kc;
            for (int j = 0; j < cols; j++) {
                const float *row = src + j * ldb;
                for (int64_t pp = p; pp < pe; pp++) dst[pp * nr + j] = row[pp];
            }
            for (int j = cols; j < nr; j++)
                for (int64_t pp = p; pp < pe; pp++) dst[pp * nr + j] = 0.0f;
        }
    }
}

void nk_pack_b(int trans, const float *b, int64_t ldb, int64_t p0, int64_t kc, int64_t j0,
               int64_t nc, int nr, float *dst) {
    for (int64_t q = 0; q < nc; q += nr) {
        int cols = (int)(nc - q < nr ? nc - q : nr);
        const float *src = trans ? b + (j0 + q) * ldb + p0 : b + p0 * ldb + j0 + q;
        nk_pack_b_panel(trans, src, ldb, cols, kc, nr, dst);
        dst += (int64_t)nr * kc;
    }
}
