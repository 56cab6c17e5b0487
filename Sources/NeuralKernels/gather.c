// Row gathers for shuffled batches (see nk_gather_rows in NeuralElementwise.h).
#include <string.h>

#include "NeuralKernels.h"
#include "nk_vectorize.h"

/// A thread takes part in a gather when it copies at least this many floats (16 KiB). A shuffled
/// batch's rows come from anywhere in the data set, usually from memory rather than a cache, so
/// a gather waits on memory, not on arithmetic: a second thread doubles the rows in flight. One
/// epoch's gathers of 60,000 rows × 784 (Benchmarks/RESULTS.md) took 24 ms on one thread at
/// batch 32 and 128, and 13–15 ms on two. Below this size a gather is a few cache lines and the
/// dispatch would cost more than it saves.
#define NK_GATHER_MIN_FLOATS_PER_THREAD 4096

typedef struct {
    const int64_t *rows;
    const float *source;
    int64_t width;
    float *destination;
} gather_job;

static void gather_range(void *context, int64_t start, int64_t end) {
    const gather_job *j = context;
    const size_t bytes = sizeof(float) * (size_t)j->width;
    for (int64_t i = start; i < end; i++) {
        // Ask for the start of a later row early: the copy of this one hides its latency.
        if (i + 4 < end) __builtin_prefetch(j->source + j->rows[i + 4] * j->width, 0, 0);
        memcpy(j->destination + i * j->width, j->source + j->rows[i] * j->width, bytes);
    }
}

void nk_gather_rows(int64_t count, const int64_t *rows, const float *source, int64_t width,
                    float *destination) {
    if (count <= 0 || width <= 0) return;
    gather_job job = {.rows = rows, .source = source, .width = width, .destination = destination};
    int64_t min_rows = NK_GATHER_MIN_FLOATS_PER_THREAD / width;
    nk_parallel_range(count, 1, min_rows < 1 ? 1 : min_rows, gather_range, &job);
}
