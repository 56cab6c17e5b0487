#include "AllocationCounter.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__linux__) && defined(__GLIBC__)

// glibc's own entry points, exported for exactly this use (allocator wrappers).
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static int counting;
static uint64_t calls;
static uint64_t requested;

static inline void note(size_t size) {
    if (__atomic_load_n(&counting, __ATOMIC_RELAXED)) {
        __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED);
        __atomic_fetch_add(&requested, (uint64_t)size, __ATOMIC_RELAXED);
    }
}

#define EXPORTED __attribute__((visibility("default")))

EXPORTED void *malloc(size_t size) {
    note(size);
    return __libc_malloc(size);
}

EXPORTED void *calloc(size_t count, size_t size) {
    note(count * size);
    return __libc_calloc(count, size);
}

EXPORTED void *realloc(void *pointer, size_t size) {
    note(size);
    return __libc_realloc(pointer, size);
}

EXPORTED void *memalign(size_t alignment, size_t size) {
    note(size);
    return __libc_memalign(alignment, size);
}

EXPORTED void *aligned_alloc(size_t alignment, size_t size) {
    note(size);
    return __libc_memalign(alignment, size);
}

EXPORTED int posix_memalign(void **result, size_t alignment, size_t size) {
    // POSIX: the alignment must be a power of two and a multiple of sizeof(void *).
    if (alignment == 0 || (alignment & (alignment - 1)) != 0 || alignment % sizeof(void *) != 0) {
        return EINVAL;
    }
    note(size);
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL) return ENOMEM;
    *result = pointer;
    return 0;
}

int ac_supported(void) { return 1; }

void ac_start(void) {
    __atomic_store_n(&calls, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&requested, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&counting, 1, __ATOMIC_SEQ_CST);
}

uint64_t ac_stop(uint64_t *bytes) {
    __atomic_store_n(&counting, 0, __ATOMIC_SEQ_CST);
    if (bytes != NULL) *bytes = __atomic_load_n(&requested, __ATOMIC_RELAXED);
    return __atomic_load_n(&calls, __ATOMIC_RELAXED);
}

#else

int ac_supported(void) { return 0; }
void ac_start(void) {}
uint64_t ac_stop(uint64_t *bytes) {
    if (bytes != NULL) *bytes = 0;
    return 0;
}

#endif
