// Elementwise loops split across the worker pool (see nk_vectorize.h).
#include "nk_internal.h"
#include "nk_vectorize.h"

typedef struct {
    int64_t n;
    nk_range_fn range;
    void *context;
} range_job;

/// Contiguous parts aligned to 16 floats (64 bytes), so no two threads write one cache line.
static void range_task(void *context, int index, int count) {
    const range_job *job = context;
    const int64_t lines = (job->n + 15) / 16;
    int64_t start = lines * index / count * 16, end = lines * (index + 1) / count * 16;
    if (end > job->n) end = job->n;
    if (start < end) job->range(job->context, start, end);
}

void nk_parallel_range(int64_t n, int64_t min_per_thread, nk_range_fn range, void *context) {
    if (n <= 0) return;
    int threads = nk_threads();
    const int64_t useful = min_per_thread > 0 ? n / min_per_thread : threads;
    if (threads > useful) threads = useful < 1 ? 1 : (int)useful;
    if (threads <= 1) {
        range(context, 0, n);
        return;
    }
    range_job job = {.n = n, .range = range, .context = context};
    nk_parallel_run(threads, range_task, &job);
}
