// Portable micro-kernels: the same template with one-lane "vectors" (plain floats), for any CPU.
// The compiler may still vectorise them for the baseline instruction set.
#include "nk_internal.h"

#define NK_T
#define NK_PREFIX nk_portable
#define NK_VEC float
#define NK_VLEN 1
#define NK_LOAD(p) (*(p))
#define NK_STORE(p, v) (*(p) = (v))
#define NK_BCAST(x) (x)
#define NK_ZERO() 0.0f
#define NK_FMA(acc, a, b) ((acc) + (a) * (b))
#define NK_MUL(a, b) ((a) * (b))
#define NK_ADD(a, b) ((a) + (b))
#define NK_HSUM(v) (v)
#define NK_SFMA(acc, a, b) ((acc) + (a) * (b))
#define NK_GEMV_V 8
#define NK_MR 4
#define NK_NV 8
#define NK_NMV 4

#include "ukernel_template.h"

const nk_kernel_desc nk_desc_portable = {
    .id = NK_KERNEL_PORTABLE, .name = "portable",
    .mr = NK_MR, .nr = NK_NR, .mc = 128, .kc = 256, .nc = 4096,
    .pack_a = nk_pack_a, .pack_b = nk_pack_b,
    .ukr = nk_portable_ukr, .narrow_mr = NK_NMR, .mcol = nk_portable_mcol, .dot = nk_portable_dot,
    .gemv = nk_portable_gemv,
};
