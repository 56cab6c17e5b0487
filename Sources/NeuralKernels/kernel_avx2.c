// AVX2 + FMA micro-kernels (x86-64): main tile 6×16 (12 ymm accumulators + 2 B vectors + 1
// broadcast = 15 of the 16 ymm registers). Compiled with a target attribute, so the rest of the
// library needs no -march flag; selected at run time only on CPUs that report AVX2 and FMA.
#include "nk_internal.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define NK_T __attribute__((target("avx2,fma")))
#define NK_PREFIX nk_avx2
#define NK_VEC __m256
#define NK_VLEN 8
#define NK_LOAD(p) _mm256_loadu_ps(p)
#define NK_STORE(p, v) _mm256_storeu_ps((p), (v))
#define NK_BCAST(x) _mm256_set1_ps(x)
#define NK_ZERO() _mm256_setzero_ps()
#define NK_FMA(acc, a, b) _mm256_fmadd_ps((a), (b), (acc))
#define NK_MUL(a, b) _mm256_mul_ps((a), (b))
#define NK_ADD(a, b) _mm256_add_ps((a), (b))
#define NK_HSUM(v) nk_avx2_hsum(v)
#define NK_MR 6
#define NK_NV 2
#define NK_NMV 2

static inline __attribute__((always_inline)) NK_T float nk_avx2_hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
    return _mm_cvtss_f32(s);
}

#include "ukernel_template.h"

// Blocking sizes (overridable with -D for tuning experiments).
#ifndef NK_AVX2_MC
#define NK_AVX2_MC 144
#endif
#ifndef NK_AVX2_NC
#define NK_AVX2_NC 4080
#endif
#ifndef NK_AVX2_KC
#define NK_AVX2_KC 400
#endif

// Blocking for Zen 3 / Haswell-class cores (L1d 32 KiB, L2 512 KiB): a kc×16 B micro-panel (25 KiB
// at k = 784, split into two kc = 392 blocks; 21 KiB at k = 1024, three blocks of 342) stays in L1
// while the mc×kc A block (≤ 144×400 floats, 225 KiB) streams from L2. kc up to 400 measured
// faster than 256 on the MLP shapes (fewer passes over C, longer k loops): Benchmarks/RESULTS.md.
const nk_kernel_desc nk_desc_avx2 = {
    .id = NK_KERNEL_AVX2, .name = "avx2-6x16",
    .mr = NK_MR, .nr = NK_NR, .mc = NK_AVX2_MC, .kc = NK_AVX2_KC, .nc = NK_AVX2_NC,
    .pack_a = nk_avx2_pack_a, .pack_b = nk_avx2_pack_b,
    .ukr = nk_avx2_ukr, .narrow_mr = NK_NMR, .mcol = nk_avx2_mcol, .dot = nk_avx2_dot,
    .gemv = nk_avx2_gemv,
};
#endif
