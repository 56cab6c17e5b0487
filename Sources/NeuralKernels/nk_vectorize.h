// Wide vectors for the elementwise and optimizer loops, chosen at run time.
//
// The package is compiled for the baseline x86-64 (SSE2, four floats per instruction). Functions
// marked NK_VECTOR_CLONES are compiled three times, for the baseline, for AVX2 (eight floats) and
// for x86-64-v4 (AVX-512, sixteen floats), and the loader picks the widest copy the CPU runs (an
// ifunc, resolved once per process). No multiply-add is contracted in any copy: the AVX2 copy has
// no FMA, and contraction is switched off below for the AVX-512 copy, which has it; sqrt,
// division, addition and multiplication are correctly rounded at any width, so every copy
// computes the same bits (Adam on 235,146 parameters: the same hash of the results, 9 % faster
// with AVX-512 on Zen 4, see Benchmarks/RESULTS.md). Elsewhere (arm64: NEON is the baseline;
// other compilers) the macro is empty.
#ifndef NK_VECTORIZE_H
#define NK_VECTORIZE_H

#if defined(__x86_64__) && defined(__linux__) && defined(__clang__) && !defined(NK_NO_TARGET_CLONES)
#pragma clang fp contract(off)
#define NK_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
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
