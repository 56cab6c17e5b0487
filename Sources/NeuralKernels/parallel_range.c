// Elementwise loops split across the worker pool (see nk_vectorize.h).
#include "nk_internal.h"
#include "nk_vectorize.h"

typedef struct {
    int64_t n, unit;
    nk_range_fn range;
    void *context;
} range_job;

/// Contiguous parts, whole multiples of the unit.
static void range_task(void *context, int index, int count) {
    const range_job *job = context;
    const int64_t units = (job->n + job->unit - 1) / job->unit;
    int64_t start = units * index / count * job->unit, end = units * (index + 1) / count * job->unit;
    if (end > job->n) end = job->n;
    if (start < end) job->range(job->context, start, end);
}

void nk_parallel_range(int64_t n, int64_t unit, int64_t min_per_thread, nk_range_fn range,
                       void *context) {
    if (n <= 0) return;
    if (unit < 1) unit = 1;
    int threads = nk_threads();
    const int64_t useful = min_per_thread > 0 ? n / min_per_thread : threads;
    if (threads > useful) threads = useful < 1 ? 1 : (int)useful;
    if (threads <= 1) {
        range(context, 0, n);
        return;
    }
    range_job job = {.n = n, .unit = unit, .range = range, .context = context};
    nk_parallel_run(threads, range_task, &job);
}
