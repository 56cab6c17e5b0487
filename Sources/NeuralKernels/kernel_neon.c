// NEON micro-kernels (aarch64): main tile 8×12 (24 q-register accumulators + 3 B vectors + 1
// broadcast, of 32). NEON is part of the aarch64 base architecture, so no run-time check is needed.
#include "nk_internal.h"

#if defined(__aarch64__)
#include <arm_neon.h>

#define NK_T
#define NK_PREFIX nk_neon
#define NK_VEC float32x4_t
#define NK_VLEN 4
#define NK_LOAD(p) vld1q_f32(p)
#define NK_STORE(p, v) vst1q_f32((p), (v))
#define NK_BCAST(x) vdupq_n_f32(x)
#define NK_ZERO() vdupq_n_f32(0.0f)
#define NK_FMA(acc, a, b) vfmaq_f32((acc), (a), (b))
#define NK_MUL(a, b) vmulq_f32((a), (b))
#define NK_ADD(a, b) vaddq_f32((a), (b))
#define NK_HSUM(v) vaddvq_f32(v)
#define NK_MR 8
#define NK_NV 3
#define NK_NMV 4

#include "ukernel_template.h"

// Blocking for Neoverse / Apple cores (L1d 64–128 KiB, L2 1 MiB and more).
const nk_kernel_desc nk_desc_neon = {
    .id = NK_KERNEL_NEON, .name = "neon-8x12",
    .mr = NK_MR, .nr = NK_NR, .mc = 128, .kc = 256, .nc = 4092,
    .pack_a = nk_pack_a, .pack_b = nk_pack_b,
    .ukr = nk_neon_ukr, .narrow_mr = NK_NMR, .mcol = nk_neon_mcol, .dot = nk_neon_dot,
    .gemv = nk_neon_gemv,
};
#endif
