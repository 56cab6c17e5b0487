// RMSProp as PyTorch defines it (plain or centred, optional momentum), one fused pass.
#include <math.h>

#include "NeuralOptimizers.h"
#include "nk_vectorize.h"

NK_VECTOR_CLONES
static void rmsprop_span(int64_t n, float *restrict theta, const float *restrict gradient,
                         float *restrict square_average, float *restrict gradient_average,
                         float *restrict buffer, const nk_rmsprop_hyperparameters *h) {
    const float lr = h->learning_rate;
    const float alpha = h->alpha;
    const float one_minus_alpha = h->one_minus_alpha;
    const float epsilon = h->epsilon;
    const float lambda = h->weight_decay;
    const int decays = lambda != 0.0f;
    const float mu = h->momentum;
    const int centred = gradient_average != NULL;
    const int has_momentum = buffer != NULL && mu != 0.0f;

    // Four loops rather than branches inside one, so each body stays branch-free.
    if (centred && has_momentum) {
        for (int64_t i = 0; i < n; i++) {
            const float g = decays ? gradient[i] + lambda * theta[i] : gradient[i];
            const float s = alpha * square_average[i] + one_minus_alpha * g * g;
            const float a = gradient_average[i] + one_minus_alpha * (g - gradient_average[i]);
            square_average[i] = s;
            gradient_average[i] = a;
            const float d = sqrtf(s - a * a) + epsilon;
            const float b = mu * buffer[i] + g / d;
            buffer[i] = b;
            theta[i] = theta[i] - lr * b;
        }
    } else if (centred) {
        for (int64_t i = 0; i < n; i++) {
            const float g = decays ? gradient[i] + lambda * theta[i] : gradient[i];
            const float s = alpha * square_average[i] + one_minus_alpha * g * g;
            const float a = gradient_average[i] + one_minus_alpha * (g - gradient_average[i]);
            square_average[i] = s;
            gradient_average[i] = a;
            const float d = sqrtf(s - a * a) + epsilon;
            theta[i] = theta[i] - lr * (g / d);
        }
    } else if (has_momentum) {
        for (int64_t i = 0; i < n; i++) {
            const float g = decays ? gradient[i] + lambda * theta[i] : gradient[i];
            const float s = alpha * square_average[i] + one_minus_alpha * g * g;
            square_average[i] = s;
            const float d = sqrtf(s) + epsilon;
            const float b = mu * buffer[i] + g / d;
            buffer[i] = b;
            theta[i] = theta[i] - lr * b;
        }
    } else {
        for (int64_t i = 0; i < n; i++) {
            const float g = decays ? gradient[i] + lambda * theta[i] : gradient[i];
            const float s = alpha * square_average[i] + one_minus_alpha * g * g;
            square_average[i] = s;
            const float d = sqrtf(s) + epsilon;
            theta[i] = theta[i] - lr * (g / d);
        }
    }
}

typedef struct {
    float *theta;
    const float *gradient;
    float *square_average, *gradient_average, *buffer;
    const nk_rmsprop_hyperparameters *h;
} rmsprop_job;

static void rmsprop_range(void *context, int64_t start, int64_t end) {
    const rmsprop_job *j = context;
    rmsprop_span(end - start, j->theta + start, j->gradient + start, j->square_average + start,
                 j->gradient_average ? j->gradient_average + start : NULL,
                 j->buffer ? j->buffer + start : NULL, j->h);
}

void nk_rmsprop_update(int64_t n, float *restrict theta, const float *restrict gradient,
                       float *restrict square_average, float *restrict gradient_average,
                       float *restrict buffer, const nk_rmsprop_hyperparameters *h) {
    rmsprop_job job = {.theta = theta, .gradient = gradient, .square_average = square_average,
                       .gradient_average = gradient_average, .buffer = buffer, .h = h};
    nk_parallel_range(n, 16, NK_OPTIMIZER_MIN_PER_THREAD, rmsprop_range, &job);
}
