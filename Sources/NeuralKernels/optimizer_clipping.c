// Reductions and in-place transforms used by gradient clipping.
#include "NeuralOptimizers.h"
#include "nk_vectorize.h"

NK_VECTOR_CLONES
double nk_gradient_sum_of_squares(int64_t n, const float *restrict x) {
    // Double accumulation: a float sum of 10⁶ squares loses ~3 digits. Sixteen partial sums (four
    // vectors of four doubles) break the dependency chain of the additions; they are combined
    // in a fixed order, so the result is deterministic and the same for both vector widths.
    double s[16] = {0};
    int64_t i = 0;
    for (; i + 16 <= n; i += 16)
        for (int k = 0; k < 16; k++) {
            const double a = x[i + k];
            s[k] += a * a;
        }
    for (; i < n; i++) {
        const double a = x[i];
        s[0] += a * a;
    }
    for (int width = 8; width >= 1; width /= 2)
        for (int k = 0; k < width; k++) s[k] += s[k + width];
    return s[0];
}

NK_VECTOR_CLONES
void nk_gradient_scale(int64_t n, float *restrict x, float factor) {
    for (int64_t i = 0; i < n; i++) x[i] *= factor;
}

NK_VECTOR_CLONES
void nk_gradient_clamp(int64_t n, float *restrict x, float lower, float upper) {
    for (int64_t i = 0; i < n; i++) {
        const float value = x[i];
        // Comparisons with NaN are false, so NaN passes through unchanged (as torch.clamp does).
        x[i] = value < lower ? lower : (value > upper ? upper : value);
    }
}
