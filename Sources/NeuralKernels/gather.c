// Row gathers for shuffled batches (see nk_gather_rows in NeuralElementwise.h).
#include <string.h>

#include "NeuralKernels.h"
#include "nk_vectorize.h"

/// A thread takes part in a gather when it copies at least this many floats (256 KiB).
#define NK_GATHER_MIN_FLOATS_PER_THREAD 65536

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
