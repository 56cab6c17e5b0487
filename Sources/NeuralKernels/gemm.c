// The built-in GEMM: C ← α·op(A)·op(B) + β·C, row-major.
//
// Structure (BLIS): for each nc-wide column block of C, for each kc-deep slice of K, pack op(B)
// into kc×NR micro-panels; for each mc-tall row block pack op(A) into MR×kc micro-panels; then the
// register-blocked micro-kernel computes MR×NR tiles. Outputs narrower than one NR tile (a
// 10-class output layer) take a narrow path instead of padding the columns (see run_narrow).
//
// Threads split C into disjoint row/column ranges; K is never split and the K blocking depends
// only on k, so every element is computed by the same sequence of operations whatever the thread
// count or partition: results are bit-identical across thread counts.
#include "nk_internal.h"

#include <stdlib.h>
#include <string.h>

/// Work below which one thread is faster than waking others (2·m·n·k flops per thread).
#ifndef NK_MIN_FLOPS_PER_THREAD
#define NK_MIN_FLOPS_PER_THREAD (1 << 20)
#endif
/// Up to this many rows of C, the main path reads a row-major B in place instead of packing it:
/// each B panel then serves too few rows of A for the packed copy to repay writing it.
#ifndef NK_DIRECT_B_MAX_M
#define NK_DIRECT_B_MAX_M 64
#endif
/// The row path (m = 1) reads each element of B once, so it is bound by moving B, not by
/// arithmetic: a second thread pays when each thread still reads this many bytes of B.
#define NK_MIN_GEMV_BYTES_PER_THREAD (256 << 10)

static inline int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }
static inline int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// Splits `length` into ⌈length/max⌉ nearly equal blocks, each a multiple of `unit`.
static int64_t balanced_block(int64_t length, int64_t max, int64_t unit) {
    int64_t blocks = ceil_div(length, max);
    int64_t size = ceil_div(length, blocks);
    return ceil_div(size, unit) * unit;
}

typedef struct {
    const nk_kernel_desc *d;
    int ta, tb;
    int64_t m, n, k;
    float alpha;
    const float *a;
    int64_t lda;
    const float *b;
    int64_t ldb;
    float beta;
    float *c;
    int64_t ldc;
    // Thread grid of the main path, or narrow path packed B.
    int grid_m, grid_n;
    const float *narrow_b;
    int64_t narrow_ldb;
    int narrow_w;
    // Main path: B is read in place rather than packed (see NK_DIRECT_B_MAX_M).
    int direct_b;
} gemm_problem;

/// C ← β·C for the rows/columns given (β = 0 writes zeros without reading C).
static void scale_c(float *c, int64_t ldc, int64_t m, int64_t n, float beta) {
    for (int64_t i = 0; i < m; i++) {
        float *row = c + i * ldc;
        if (beta == 0.0f) memset(row, 0, sizeof(float) * (size_t)n);
        else if (beta != 1.0f)
            for (int64_t j = 0; j < n; j++) row[j] = beta * row[j];
    }
}

// MARK: - Main path

static void run_block(const gemm_problem *g, int64_t i0, int64_t i1, int64_t j0, int64_t j1) {
    const nk_kernel_desc *d = g->d;
    const int MR = d->mr, NR = d->nr;
    if (i0 >= i1 || j0 >= j1) return;
    const int64_t kc = balanced_block(g->k, d->kc, 1);  // depends on k only (determinism)
    const int64_t mc = balanced_block(i1 - i0, d->mc, MR);
    const int64_t nc = balanced_block(j1 - j0, d->nc, NR);
    float *pa = nk_scratch(0, (size_t)(mc * kc + NK_PACK_SLACK));
    float *pb = g->direct_b ? NULL : nk_scratch(1, (size_t)(kc * nc + NK_PACK_SLACK));

    for (int64_t jc = j0; jc < j1; jc += nc) {
        const int64_t ncur = min64(nc, j1 - jc);
        for (int64_t pc = 0; pc < g->k; pc += kc) {
            const int64_t kcur = min64(kc, g->k - pc);
            const float beta = pc == 0 ? g->beta : 1.0f;
            if (!g->direct_b) d->pack_b(g->tb, g->b, g->ldb, pc, kcur, jc, ncur, NR, pb);
            for (int64_t ic = i0; ic < i1; ic += mc) {
                const int64_t mcur = min64(mc, i1 - ic);
                d->pack_a(g->ta, g->a, g->lda, ic, mcur, pc, kcur, MR, pa);
                for (int64_t jr = 0; jr < ncur; jr += NR) {
                    const int nr = (int)min64(NR, ncur - jr);
                    // A packed panel (rows NR apart) or B in place (rows ldb apart).
                    const float *pbr = g->direct_b ? g->b + pc * g->ldb + jc + jr : pb + jr * kcur;
                    const int64_t ldpb = g->direct_b ? g->ldb : NR;
                    for (int64_t ir = 0; ir < mcur; ir += MR) {
                        const int mr = (int)min64(MR, mcur - ir);
                        d->ukr(kcur, pa + ir * kcur, pbr, ldpb, g->c + (ic + ir) * g->ldc + jc + jr,
                               g->ldc, mr, nr, g->alpha, beta);
                    }
                }
            }
        }
    }
}

static void main_task(void *context, int index, int count) {
    (void)count;
    const gemm_problem *g = context;
    const int64_t um = ceil_div(g->m, g->d->mr), un = ceil_div(g->n, g->d->nr);
    const int ti = index / g->grid_n, tj = index % g->grid_n;
    int64_t i0 = um * ti / g->grid_m * g->d->mr, i1 = um * (ti + 1) / g->grid_m * g->d->mr;
    int64_t j0 = un * tj / g->grid_n * g->d->nr, j1 = un * (tj + 1) / g->grid_n * g->d->nr;
    run_block(g, i0, min64(i1, g->m), j0, min64(j1, g->n));
}

/// Chooses a grid_m × grid_n split of C for `threads` threads: fewest micro-tiles per thread
/// (balance), then least packing per thread (each thread packs its rows of A and columns of B).
static void choose_grid(gemm_problem *g, int threads) {
    const int64_t um = ceil_div(g->m, g->d->mr), un = ceil_div(g->n, g->d->nr);
    double best = -1;
    g->grid_m = 1;
    g->grid_n = 1;
    for (int gm = 1; gm <= threads; gm++) {
        if (threads % gm) continue;
        int gn = threads / gm;
        if (gm > um || gn > un) continue;
        double tiles = (double)ceil_div(um, gm) * (double)ceil_div(un, gn) * g->d->mr * g->d->nr;
        double pack = 8.0 * ((double)ceil_div(um, gm) * g->d->mr + (double)ceil_div(un, gn) * g->d->nr);
        double score = tiles + pack;
        if (best < 0 || score < best) {
            best = score;
            g->grid_m = gm;
            g->grid_n = gn;
        }
    }
}

// MARK: - Narrow path (n < NR)

/// Column tiles of the narrow path: ⌈n/W⌉ tiles of nearly equal width (10 → 5 + 5).
static int narrow_width(int64_t n) {
    int64_t tiles = ceil_div(n, NK_NARROW_W);
    return (int)ceil_div(n, tiles);
}

static void narrow_task(void *context, int index, int count) {
    const gemm_problem *g = context;
    const nk_kernel_desc *d = g->d;
    const int w = g->narrow_w;
    if (g->ta) {
        // op(A) = Aᵀ: vectors along m, A read in place; B packed per column tile (p·wt + j).
        const int64_t unit = d->narrow_mr, units = ceil_div(g->m, unit);
        const int64_t u0 = units * index / count, u1 = units * (index + 1) / count;
        for (int64_t u = u0; u < u1; u++) {
            const int64_t i0 = u * unit;
            const int mr = (int)min64(unit, g->m - i0);
            const float *a = g->a + i0;
            int64_t lda = g->lda;
            if (mr < unit) {
                // Edge rows: copy into a zero-padded k×unit block so full vectors can be read.
                float *edge = nk_scratch(2, (size_t)(g->k * unit));
                for (int64_t p = 0; p < g->k; p++) {
                    for (int r = 0; r < mr; r++) edge[p * unit + r] = a[p * lda + r];
                    for (int64_t r = mr; r < unit; r++) edge[p * unit + r] = 0.0f;
                }
                a = edge;
                lda = unit;
            }
            for (int64_t j0 = 0; j0 < g->n; j0 += w) {
                const int wt = (int)min64(w, g->n - j0);
                d->mcol(g->k, a, lda, g->narrow_b + j0 * g->k, wt, g->c + i0 * g->ldc + j0,
                        g->ldc, mr, g->alpha, g->beta);
            }
        }
    } else {
        // op(A) = A: dot products of row pairs of A with rows of Bᵀ.
        const int64_t units = ceil_div(g->m, 2);
        const int64_t u0 = units * index / count, u1 = units * (index + 1) / count;
        for (int64_t u = u0; u < u1; u++) {
            const int64_t i0 = u * 2;
            const int rows = (int)min64(2, g->m - i0);
            for (int64_t j0 = 0; j0 < g->n; j0 += w) {
                const int wt = (int)min64(w, g->n - j0);
                d->dot(g->k, g->a + i0 * g->lda, g->lda, g->narrow_b + j0 * g->narrow_ldb,
                       g->narrow_ldb, rows, wt, g->c + i0 * g->ldc + j0, g->ldc, g->alpha, g->beta);
            }
        }
    }
}

static void run_narrow(gemm_problem *g, int threads) {
    const int64_t k = g->k, n = g->n;
    const int w = narrow_width(n);
    g->narrow_w = w;
    if (g->ta) {
        // Pack op(B) column tile by column tile: tile starting at j0 holds k×wt values (p·wt + j).
        float *pb = nk_scratch(1, (size_t)(k * n));
        for (int64_t j0 = 0; j0 < n; j0 += w) {
            const int wt = (int)min64(w, n - j0);
            float *dst = pb + j0 * k;
            for (int64_t p = 0; p < k; p++)
                for (int j = 0; j < wt; j++)
                    dst[p * wt + j] = g->tb ? g->b[(j0 + j) * g->ldb + p] : g->b[p * g->ldb + j0 + j];
        }
        g->narrow_b = pb;
    } else if (g->tb) {
        // op(B) = Bᵀ with B stored n×k: its rows already are the columns of op(B).
        g->narrow_b = g->b;
        g->narrow_ldb = g->ldb;
    } else {
        float *bt = nk_scratch(1, (size_t)(k * n));
        for (int64_t p = 0; p < k; p++)
            for (int64_t j = 0; j < n; j++) bt[j * k + p] = g->b[p * g->ldb + j];
        g->narrow_b = bt;
        g->narrow_ldb = k;
    }
    const int64_t units = g->ta ? ceil_div(g->m, g->d->narrow_mr) : ceil_div(g->m, 2);
    if (threads > units) threads = (int)units;
    nk_parallel_run(threads, narrow_task, g);
}

// MARK: - Row path (m = 1, B not transposed)

/// Columns of C split across tasks in units of four register tiles; K split into the same kc
/// blocks as the main path (β applies to the first block only), so the bits equal those of the
/// same row inside a larger product.
static void gemv_task(void *context, int index, int count) {
    const gemm_problem *g = context;
    const nk_kernel_desc *d = g->d;
    const int64_t unit = 4 * (int64_t)d->nr, units = ceil_div(g->n, unit);
    const int64_t j0 = units * index / count * unit;
    const int64_t j1 = min64(units * (index + 1) / count * unit, g->n);
    if (j0 >= j1) return;
    const int64_t inca = g->ta ? g->lda : 1;
    const int64_t kc = balanced_block(g->k, d->kc, 1);
    for (int64_t pc = 0; pc < g->k; pc += kc) {
        const int64_t kcur = min64(kc, g->k - pc);
        d->gemv(kcur, g->a + pc * inca, inca, g->b + pc * g->ldb + j0, g->ldb, j1 - j0, g->c + j0,
                g->alpha, pc == 0 ? g->beta : 1.0f);
    }
}

static void run_gemv(gemm_problem *g, int threads) {
    const int64_t units = ceil_div(g->n, 4 * (int64_t)g->d->nr);
    if (threads > units) threads = (int)units;
    nk_parallel_run(threads, gemv_task, g);
}

// MARK: - Entry point

void nk_sgemm_with(const nk_options *options, int transpose_a, int transpose_b, int64_t m,
                   int64_t n, int64_t k, float alpha, const float *a, int64_t lda, const float *b,
                   int64_t ldb, float beta, float *c, int64_t ldc) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0 || alpha == 0.0f) {
        scale_c(c, ldc, m, n, beta);
        return;
    }
    nk_kernel kernel = options ? options->kernel : NK_KERNEL_AUTO;
    const nk_kernel_desc *d = nk_kernel_descriptor(kernel);
    if (!d) d = &nk_desc_portable;  // an unavailable kernel was requested: still compute correctly
    const int row_path = m == 1 && !transpose_b && d->gemv && n >= d->nr;
    int threads;
    if (options && options->threads > 0) {
        threads = options->threads;  // exactly as asked (capped by the number of tiles below)
    } else {
        // The process default, but only as many threads as there is work for.
        threads = nk_threads();
        double work = row_path ? 4.0 * (double)n * (double)k / NK_MIN_GEMV_BYTES_PER_THREAD
                               : 2.0 * (double)m * (double)n * (double)k / NK_MIN_FLOPS_PER_THREAD;
        int useful = (int)work;
        if (threads > useful) threads = useful < 1 ? 1 : useful;
    }

    gemm_problem g = {
        .d = d, .ta = transpose_a != 0, .tb = transpose_b != 0, .m = m, .n = n, .k = k,
        .alpha = alpha, .a = a, .lda = lda, .b = b, .ldb = ldb, .beta = beta, .c = c, .ldc = ldc,
    };
    if (n < d->nr && d->mcol) {
        run_narrow(&g, threads);
        return;
    }
    if (row_path) {
        run_gemv(&g, threads);
        return;
    }
    g.direct_b = !g.tb && n % d->nr == 0 && m <= NK_DIRECT_B_MAX_M;
    choose_grid(&g, threads);
    nk_parallel_run(g.grid_m * g.grid_n, main_task, &g);
}
