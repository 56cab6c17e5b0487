// AVX-512F micro-kernels (x86-64): main tile 8×32 (16 zmm accumulators). Same template as the
// AVX2 kernels (ukernel_template.h), so the algorithm is the one tested on AVX2 machines; selected
// at run time only on CPUs (and operating systems) that support AVX-512F.
#include "nk_internal.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define NK_T __attribute__((target("avx512f,avx2,fma")))
#define NK_PREFIX nk_avx512
#define NK_VEC __m512
#define NK_VLEN 16
#define NK_LOAD(p) _mm512_loadu_ps(p)
#define NK_STORE(p, v) _mm512_storeu_ps((p), (v))
#define NK_BCAST(x) _mm512_set1_ps(x)
#define NK_ZERO() _mm512_setzero_ps()
#define NK_FMA(acc, a, b) _mm512_fmadd_ps((a), (b), (acc))
#define NK_MUL(a, b) _mm512_mul_ps((a), (b))
#define NK_ADD(a, b) _mm512_add_ps((a), (b))
#define NK_HSUM(v) nk_avx512_hsum(v)
#define NK_MR 8
#define NK_NV 2
#define NK_NMV 2

static inline __attribute__((always_inline)) NK_T float nk_avx512_hsum(__m512 v) {
    __m256 h = _mm256_add_ps(_mm512_castps512_ps256(v),
                             _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1)));
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
    return _mm_cvtss_f32(s);
}

#include "ukernel_template.h"

// Blocking for Skylake-SP / Ice Lake class cores (L1d 32–48 KiB, L2 1–2 MiB): a kc×32 B
// micro-panel is 32 KiB at kc = 256; the 128×256 A block is 128 KiB.
const nk_kernel_desc nk_desc_avx512 = {
    .id = NK_KERNEL_AVX512, .name = "avx512-8x32",
    .mr = NK_MR, .nr = NK_NR, .mc = 128, .kc = 256, .nc = 4096,
    .pack_a = nk_avx2_pack_a, .pack_b = nk_avx2_pack_b,
    .ukr = nk_avx512_ukr, .narrow_mr = NK_NMR, .mcol = nk_avx512_mcol, .dot = nk_avx512_dot,
    .gemv = nk_avx512_gemv,
};
#endif
