// SGD with momentum, Nesterov momentum, dampening and coupled weight decay, in PyTorch's and
// scikit-learn's conventions. One pass over the flat parameter vector.
#include "NeuralOptimizers.h"
#include "nk_vectorize.h"

NK_VECTOR_CLONES
static void sgd_span(int64_t n, float *restrict theta, const float *restrict gradient,
                     float *restrict buffer, const nk_sgd_hyperparameters *h) {
    const float lr = h->learning_rate;
    const float mu = h->momentum;
    const float lambda = h->weight_decay;
    // A zero λ must not turn an infinite parameter into NaN through 0·∞, so the decay term is
    // selected rather than always added.
    const int decays = lambda != 0.0f;

    if (mu == 0.0f || buffer == NULL) {
        for (int64_t i = 0; i < n; i++) {
            const float d = decays ? gradient[i] + lambda * theta[i] : gradient[i];
            theta[i] = theta[i] - lr * d;
        }
        return;
    }

    if (h->form == NK_SGD_SCIKIT_LEARN) {
        // v ← μ·v − lr·d;  θ ← θ + v  (Nesterov: θ ← θ + μ·v − lr·d).
        if (h->nesterov) {
            for (int64_t i = 0; i < n; i++) {
                const float d = decays ? gradient[i] + lambda * theta[i] : gradient[i];
                const float step = lr * d;
                const float v = mu * buffer[i] - step;
                buffer[i] = v;
                theta[i] = theta[i] + (mu * v - step);
            }
        } else {
            for (int64_t i = 0; i < n; i++) {
                const float d = decays ? gradient[i] + lambda * theta[i] : gradient[i];
                const float v = mu * buffer[i] - lr * d;
                buffer[i] = v;
                theta[i] = theta[i] + v;
            }
        }
        return;
    }

    // PyTorch: the first step copies d into the buffer (no dampening), later steps blend.
    const float keep = h->first_step ? 0.0f : mu;
    const float blend = h->first_step ? 1.0f : h->one_minus_dampening;
    if (h->nesterov) {
        for (int64_t i = 0; i < n; i++) {
            const float d = decays ? gradient[i] + lambda * theta[i] : gradient[i];
            const float b = keep * buffer[i] + blend * d;
            buffer[i] = b;
            theta[i] = theta[i] - lr * (d + mu * b);
        }
    } else {
        for (int64_t i = 0; i < n; i++) {
            const float d = decays ? gradient[i] + lambda * theta[i] : gradient[i];
            const float b = keep * buffer[i] + blend * d;
            buffer[i] = b;
            theta[i] = theta[i] - lr * b;
        }
    }
}

typedef struct {
    float *theta;
    const float *gradient;
    float *buffer;
    const nk_sgd_hyperparameters *h;
} sgd_job;

static void sgd_range(void *context, int64_t start, int64_t end) {
    const sgd_job *j = context;
    sgd_span(end - start, j->theta + start, j->gradient + start, j->buffer ? j->buffer + start : NULL, j->h);
}

void nk_sgd_update(int64_t n, float *restrict theta, const float *restrict gradient,
                   float *restrict buffer, const nk_sgd_hyperparameters *h) {
    sgd_job job = {.theta = theta, .gradient = gradient, .buffer = buffer, .h = h};
    nk_parallel_range(n, 16, NK_OPTIMIZER_MIN_PER_THREAD, sgd_range, &job);
}
