// Reductions and in-place transforms used by gradient clipping.
#include "NeuralOptimizers.h"

double nk_gradient_sum_of_squares(int64_t n, const float *restrict x) {
    // Double accumulation: a float sum of 10⁶ squares loses ~3 digits. Four partial sums break
    // the dependency chain; their order is fixed, so the result is deterministic.
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) {
        const double a = x[i], b = x[i + 1], c = x[i + 2], d = x[i + 3];
        s0 += a * a;
        s1 += b * b;
        s2 += c * c;
        s3 += d * d;
    }
    for (; i < n; i++) {
        const double a = x[i];
        s0 += a * a;
    }
    return (s0 + s1) + (s2 + s3);
}

void nk_gradient_scale(int64_t n, float *restrict x, float factor) {
    for (int64_t i = 0; i < n; i++) x[i] *= factor;
}

void nk_gradient_clamp(int64_t n, float *restrict x, float lower, float upper) {
    for (int64_t i = 0; i < n; i++) {
        const float value = x[i];
        // Comparisons with NaN are false, so NaN passes through unchanged (as torch.clamp does).
        x[i] = value < lower ? lower : (value > upper ? upper : value);
    }
}
