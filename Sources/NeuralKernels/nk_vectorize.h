// Wide vectors for the elementwise and optimizer loops, chosen at run time.
//
// The package is compiled for the baseline x86-64 (SSE2, four floats per instruction). Functions
// marked NK_VECTOR_CLONES are compiled twice, for the baseline and for AVX2 (eight floats), and
// the loader picks the AVX2 copy on CPUs that have it (an ifunc, resolved once per process).
// FMA is deliberately not enabled in the AVX2 copy: no multiply-add is contracted in either copy,
// and sqrt, division, addition and multiplication are correctly rounded at any width, so both
// copies compute the same bits. Elsewhere (arm64: NEON is the baseline; other compilers) the
// macro is empty.
#ifndef NK_VECTORIZE_H
#define NK_VECTORIZE_H

#if defined(__x86_64__) && defined(__linux__) && defined(__clang__) && !defined(NK_NO_TARGET_CLONES)
#define NK_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define NK_VECTOR_CLONES
#endif

#include <stdint.h>

/// A range kernel: processes elements [start, end) of the job described by `context`.
typedef void (*nk_range_fn)(void *context, int64_t start, int64_t end);

/// Runs `range(context, start, end)` over [0, n) split across the process's threads into
/// contiguous parts that are whole multiples of `unit` (16 floats = one cache line keeps threads
/// from writing the same line), when there are at least `min_per_thread` elements per thread
/// (else on the caller alone). Each part must compute the same bits whatever the split (true of
/// elementwise loops; reductions split into parts whose size does not depend on the thread count).
void nk_parallel_range(int64_t n, int64_t unit, int64_t min_per_thread, nk_range_fn range,
                       void *context);

/// Optimizer updates go parallel above this many parameters per thread: below it, waking a
/// worker costs more than the few microseconds the split saves.
#define NK_OPTIMIZER_MIN_PER_THREAD 16384

#endif
