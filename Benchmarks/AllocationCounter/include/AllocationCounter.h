// Counts heap allocations made by the whole process between `ac_start` and `ac_stop`, for the
// benchmark's "a training step allocates nothing" check.
//
// On Linux with glibc, this target defines `malloc`, `calloc`, `realloc`, `posix_memalign`,
// `aligned_alloc` and `memalign` in the executable that links it. The dynamic linker resolves
// every library's calls (the Swift runtime's included) to these definitions, which count the
// call and forward it to glibc's allocator (`__libc_malloc` and friends), so no LD_PRELOAD and
// no dlsym bootstrapping are needed. Elsewhere nothing is interposed and `ac_supported` is 0.
#ifndef ALLOCATION_COUNTER_H
#define ALLOCATION_COUNTER_H
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when allocations are counted on this platform, else 0.
int ac_supported(void);

/// Resets the counters and starts counting (all threads).
void ac_start(void);

/// Stops counting; returns the number of allocation calls since `ac_start`, and their total
/// requested bytes in `*bytes` when it is not NULL.
uint64_t ac_stop(uint64_t *bytes);

#ifdef __cplusplus
}
#endif
#endif
