// Adagrad as PyTorch defines it, one fused pass.
#include <math.h>

#include "NeuralOptimizers.h"

void nk_adagrad_update(int64_t n, float *restrict theta, const float *restrict gradient,
                       float *restrict sum, float rate, float epsilon, float weight_decay) {
    const int decays = weight_decay != 0.0f;
    for (int64_t i = 0; i < n; i++) {
        const float g = decays ? gradient[i] + weight_decay * theta[i] : gradient[i];
        const float s = sum[i] + g * g;
        sum[i] = s;
        theta[i] = theta[i] - rate * (g / (sqrtf(s) + epsilon));
    }
}
