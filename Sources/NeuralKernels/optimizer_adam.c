// Adam, AdamW and AMSGrad in one fused pass. The two ε placements (PyTorch's and Keras /
// scikit-learn's) differ only in the scalars the caller passes: see nk_adam_hyperparameters.
#include <math.h>

#include "NeuralOptimizers.h"
#include "nk_vectorize.h"

NK_VECTOR_CLONES
static void adam_span(int64_t n, float *restrict theta, const float *restrict gradient,
                      float *restrict m, float *restrict v, float *restrict v_max,
                      const nk_adam_hyperparameters *h) {
    const float one_minus_beta1 = h->one_minus_beta1;
    const float beta2 = h->beta2;
    const float one_minus_beta2 = h->one_minus_beta2;
    const float step_size = h->step_size;
    const float correction = h->bias_correction2_sqrt;
    const float epsilon = h->epsilon;
    const float lambda = h->coupled_weight_decay;
    const int decays = lambda != 0.0f;
    const float factor = h->decay_factor;

    if (v_max == NULL) {
        for (int64_t i = 0; i < n; i++) {
            const float p = theta[i] * factor;
            const float g = decays ? gradient[i] + lambda * p : gradient[i];
            // m + (1 − β1)(g − m) is PyTorch's lerp and Keras's assign_add form of β1·m + (1 − β1)·g.
            const float mi = m[i] + one_minus_beta1 * (g - m[i]);
            const float vi = beta2 * v[i] + one_minus_beta2 * g * g;
            m[i] = mi;
            v[i] = vi;
            const float denominator = sqrtf(vi) / correction + epsilon;
            theta[i] = p - step_size * (mi / denominator);
        }
    } else {
        for (int64_t i = 0; i < n; i++) {
            const float p = theta[i] * factor;
            const float g = decays ? gradient[i] + lambda * p : gradient[i];
            const float mi = m[i] + one_minus_beta1 * (g - m[i]);
            const float vi = beta2 * v[i] + one_minus_beta2 * g * g;
            // AMSGrad keeps the running maximum of the raw (uncorrected) second moment.
            const float vm = v_max[i] > vi ? v_max[i] : vi;
            m[i] = mi;
            v[i] = vi;
            v_max[i] = vm;
            const float denominator = sqrtf(vm) / correction + epsilon;
            theta[i] = p - step_size * (mi / denominator);
        }
    }
}

typedef struct {
    float *theta;
    const float *gradient;
    float *m, *v, *v_max;
    const nk_adam_hyperparameters *h;
} adam_job;

static void adam_range(void *context, int64_t start, int64_t end) {
    const adam_job *j = context;
    adam_span(end - start, j->theta + start, j->gradient + start, j->m + start, j->v + start,
              j->v_max ? j->v_max + start : NULL, j->h);
}

void nk_adam_update(int64_t n, float *restrict theta, const float *restrict gradient,
                    float *restrict m, float *restrict v, float *restrict v_max,
                    const nk_adam_hyperparameters *h) {
    adam_job job = {.theta = theta, .gradient = gradient, .m = m, .v = v, .v_max = v_max, .h = h};
    nk_parallel_range(n, 16, NK_OPTIMIZER_MIN_PER_THREAD, adam_range, &job);
}
