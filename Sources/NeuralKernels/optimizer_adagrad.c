// Adagrad as PyTorch defines it, one fused pass.
#include <math.h>

#include "NeuralOptimizers.h"
#include "nk_vectorize.h"

NK_VECTOR_CLONES
static void adagrad_span(int64_t n, float *restrict theta, const float *restrict gradient,
                         float *restrict sum, float rate, float epsilon, float weight_decay) {
    const int decays = weight_decay != 0.0f;
    for (int64_t i = 0; i < n; i++) {
        const float g = decays ? gradient[i] + weight_decay * theta[i] : gradient[i];
        const float s = sum[i] + g * g;
        sum[i] = s;
        theta[i] = theta[i] - rate * (g / (sqrtf(s) + epsilon));
    }
}

typedef struct {
    float *theta;
    const float *gradient;
    float *sum;
    float rate, epsilon, weight_decay;
} adagrad_job;

static void adagrad_range(void *context, int64_t start, int64_t end) {
    const adagrad_job *j = context;
    adagrad_span(end - start, j->theta + start, j->gradient + start, j->sum + start, j->rate,
                 j->epsilon, j->weight_decay);
}

void nk_adagrad_update(int64_t n, float *restrict theta, const float *restrict gradient,
                       float *restrict sum, float rate, float epsilon, float weight_decay) {
    adagrad_job job = {.theta = theta, .gradient = gradient, .sum = sum, .rate = rate,
                       .epsilon = epsilon, .weight_decay = weight_decay};
    nk_parallel_range(n, 16, NK_OPTIMIZER_MIN_PER_THREAD, adagrad_range, &job);
}
