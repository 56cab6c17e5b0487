// A plain read of a float array at the widest vectors, split across the pool: the cost of moving
// data through the caches with no arithmetic to hide behind (see nk_read_floats).
#include "nk_internal.h"
#include "nk_vectorize.h"

/// Bytes each thread reads at least, as the row path of the GEMM (NK_MIN_GEMV_BYTES_PER_THREAD).
#define NK_READ_MIN_FLOATS_PER_THREAD (64 << 10)

/// Sixty-four independent partial sums, so the loads and not the additions set the pace.
NK_VECTOR_CLONES
static float read_span(int64_t n, const float *restrict x) {
    float s[64] = {0};
    int64_t i = 0;
    for (; i + 64 <= n; i += 64)
        for (int k = 0; k < 64; k++) s[k] += x[i + k];
    for (; i < n; i++) s[0] += x[i];
    float total = 0;
    for (int k = 0; k < 64; k++) total += s[k];
    return total;
}

typedef struct {
    const float *x;
    int64_t n;
    float partial[256];
} read_job;

static void read_task(void *context, int index, int count) {
    read_job *j = context;
    const int64_t start = j->n * index / count, end = j->n * (index + 1) / count;
    j->partial[index] = read_span(end - start, j->x + start);
}

float nk_read_floats(int64_t n, const float *x) {
    if (n <= 0) return 0;
    int threads = nk_threads();
    const int64_t useful = n / NK_READ_MIN_FLOATS_PER_THREAD;
    if (threads > useful) threads = useful < 1 ? 1 : (int)useful;
    if (threads > 256) threads = 256;
    read_job job = {.x = x, .n = n};
    nk_parallel_run(threads, read_task, &job);
    float total = 0;
    for (int i = 0; i < threads; i++) total += job.partial[i];
    return total;
}
