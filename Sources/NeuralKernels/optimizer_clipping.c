// Reductions and in-place transforms used by gradient clipping.
#include "NeuralOptimizers.h"
#include "nk_vectorize.h"

#include <float.h>
#include <math.h>
#include <stdatomic.h>

/// Σ x² of one chunk in double (a float sum of 10⁶ squares loses ~3 digits). Sixteen partial
/// sums (four vectors of four doubles) break the dependency chain of the additions; they are
/// combined in a fixed order, so the result is the same for both vector widths.
NK_VECTOR_CLONES
static double sum_of_squares_span(int64_t n, const float *restrict x) {
    double s[16] = {0};
    int64_t i = 0;
    for (; i + 16 <= n; i += 16)
        for (int k = 0; k < 16; k++) {
            const double a = x[i + k];
            s[k] += a * a;
        }
    for (; i < n; i++) {
        const double a = x[i];
        s[0] += a * a;
    }
    for (int width = 8; width >= 1; width /= 2)
        for (int k = 0; k < width; k++) s[k] += s[k + width];
    return s[0];
}

/// The vector is summed in at most NK_SUM_CHUNKS chunks whose size depends on n alone; the
/// chunks' sums are added in order. Threads take whole chunks, so the bits do not depend on the
/// thread count.
#define NK_SUM_CHUNKS 64
#define NK_SUM_MIN_CHUNK 16384

typedef struct {
    const float *x;
    int64_t n, chunk;
    double *partial;
} sum_job;

static void sum_range(void *context, int64_t start, int64_t end) {
    const sum_job *j = context;
    for (int64_t c = start; c < end; c++) {
        const int64_t begin = c * j->chunk;
        const int64_t length = j->n - begin < j->chunk ? j->n - begin : j->chunk;
        j->partial[c] = sum_of_squares_span(length, j->x + begin);
    }
}

double nk_gradient_sum_of_squares(int64_t n, const float *restrict x) {
    if (n <= 0) return 0;
    int64_t chunk = (n + NK_SUM_CHUNKS - 1) / NK_SUM_CHUNKS;
    if (chunk < NK_SUM_MIN_CHUNK) chunk = NK_SUM_MIN_CHUNK;
    chunk = (chunk + 15) / 16 * 16;
    const int64_t chunks = (n + chunk - 1) / chunk;
    double partial[NK_SUM_CHUNKS];
    sum_job job = {.x = x, .n = n, .chunk = chunk, .partial = partial};
    // Two or more chunks per thread: below 32k floats a second thread does not pay.
    nk_parallel_range(chunks, 1, 2, sum_range, &job);
    double total = 0;
    for (int64_t c = 0; c < chunks; c++) total += partial[c];
    return total;
}

/// 0 when a value of the span is NaN or infinite: |x| ≤ FLT_MAX is false for exactly those.
NK_VECTOR_CLONES
static int all_finite_span(int64_t n, const float *restrict x) {
    int bad = 0;
    for (int64_t i = 0; i < n; i++) bad |= !(fabsf(x[i]) <= FLT_MAX);
    return !bad;
}

typedef struct {
    const float *x;
    _Atomic int bad;
} finite_job;

static void finite_range(void *context, int64_t start, int64_t end) {
    finite_job *j = context;
    if (!all_finite_span(end - start, j->x + start)) atomic_store(&j->bad, 1);
}

int nk_gradient_all_finite(int64_t n, const float *restrict x) {
    if (n <= 0) return 1;
    finite_job job = {.x = x, .bad = 0};
    // The answer does not depend on the split; two threads pay from 32k floats each.
    nk_parallel_range(n, 16, 2 * NK_SUM_MIN_CHUNK, finite_range, &job);
    return !atomic_load(&job.bad);
}

NK_VECTOR_CLONES
void nk_gradient_scale(int64_t n, float *restrict x, float factor) {
    for (int64_t i = 0; i < n; i++) x[i] *= factor;
}

NK_VECTOR_CLONES
void nk_gradient_clamp(int64_t n, float *restrict x, float lower, float upper) {
    for (int64_t i = 0; i < n; i++) {
        const float value = x[i];
        // Comparisons with NaN are false, so NaN passes through unchanged (as torch.clamp does).
        x[i] = value < lower ? lower : (value > upper ? upper : value);
    }
}
