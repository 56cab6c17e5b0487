// Run-time choice of the micro-kernel: once per process, from what the CPU reports.
#include "nk_internal.h"

#include <pthread.h>

static nk_kernel g_default_kernel = NK_KERNEL_AUTO;
static pthread_once_t g_detect_once = PTHREAD_ONCE_INIT;

static int cpu_supports(nk_kernel kernel) {
    switch (kernel) {
    case NK_KERNEL_PORTABLE:
        return 1;
#if defined(__x86_64__)
    case NK_KERNEL_AVX2:
        // __builtin_cpu_supports also requires the OS to save the wide registers (XCR0).
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case NK_KERNEL_AVX512:
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2") &&
               __builtin_cpu_supports("fma");
#endif
#if defined(__aarch64__)
    case NK_KERNEL_NEON:
        return 1;  // part of the aarch64 base architecture
#endif
    default:
        return 0;
    }
}

static void detect(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (cpu_supports(NK_KERNEL_AVX512)) g_default_kernel = NK_KERNEL_AVX512;
    else if (cpu_supports(NK_KERNEL_AVX2)) g_default_kernel = NK_KERNEL_AVX2;
    else g_default_kernel = NK_KERNEL_PORTABLE;
#elif defined(__aarch64__)
    g_default_kernel = NK_KERNEL_NEON;
#else
    g_default_kernel = NK_KERNEL_PORTABLE;
#endif
}

nk_kernel nk_default_kernel(void) {
    pthread_once(&g_detect_once, detect);
    return g_default_kernel;
}

int nk_kernel_available(nk_kernel kernel) {
    if (kernel == NK_KERNEL_AUTO) return 1;
    nk_default_kernel();  // initialises the CPU model
    return cpu_supports(kernel);
}

const nk_kernel_desc *nk_kernel_descriptor(nk_kernel kernel) {
    if (kernel == NK_KERNEL_AUTO) kernel = nk_default_kernel();
    if (!nk_kernel_available(kernel)) return NULL;
    switch (kernel) {
#if defined(__x86_64__)
    case NK_KERNEL_AVX2: return &nk_desc_avx2;
    case NK_KERNEL_AVX512: return &nk_desc_avx512;
#endif
#if defined(__aarch64__)
    case NK_KERNEL_NEON: return &nk_desc_neon;
#endif
    default: return &nk_desc_portable;
    }
}

const char *nk_kernel_name(nk_kernel kernel) {
    switch (kernel) {
    case NK_KERNEL_AUTO: return nk_kernel_name(nk_default_kernel());
    case NK_KERNEL_PORTABLE: return "portable";
    case NK_KERNEL_AVX2: return "avx2-6x16";
    case NK_KERNEL_AVX512: return "avx512-8x32";
    case NK_KERNEL_NEON: return "neon-8x12";
    }
    return "unknown";
}
