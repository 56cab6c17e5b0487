// Activations, their derivatives, bias broadcast and column sums. Plain loops the compiler can
// vectorise; numerically stable forms are chosen so no intermediate overflows.
#include "nk_vectorize.h"
#include "NeuralKernels.h"
#include <math.h>

// σ(z) without overflow: e = e^−|z| ≤ 1, then σ = 1/(1+e) for z ≥ 0 and e/(1+e) for z < 0.
static inline float nk_sigmoid(float z) {
    float e = expf(-fabsf(z));
    float r = 1.0f / (1.0f + e);
    return z >= 0 ? r : e * r;
}

// log(1 + e^z) = max(z, 0) + log1p(e^−|z|): the exponent is never positive.
static inline float nk_softplus(float z) {
    return fmaxf(z, 0.0f) + log1pf(expf(-fabsf(z)));
}

#define NK_GELU_C 0.7978845608028654f  /* √(2/π) */
#define NK_GELU_A 0.044715f

static inline float nk_gelu(float z) {
    float inner = NK_GELU_C * (z + NK_GELU_A * z * z * z);
    return 0.5f * z * (1.0f + tanhf(inner));
}

static inline float nk_gelu_derivative(float z) {
    float inner = NK_GELU_C * (z + NK_GELU_A * z * z * z);
    float t = tanhf(inner);
    float dinner = NK_GELU_C * (1.0f + 3.0f * NK_GELU_A * z * z);
    return 0.5f * (1.0f + t) + 0.5f * z * (1.0f - t * t) * dinner;
}

NK_VECTOR_CLONES
void nk_activation_forward(nk_activation kind, float parameter, int64_t count,
                           const float *z, float *y) {
    switch (kind) {
    case NK_ACTIVATION_IDENTITY:
        if (y != z) for (int64_t i = 0; i < count; i++) y[i] = z[i];
        break;
    case NK_ACTIVATION_SIGMOID:
        for (int64_t i = 0; i < count; i++) y[i] = nk_sigmoid(z[i]);
        break;
    case NK_ACTIVATION_TANH:
        for (int64_t i = 0; i < count; i++) y[i] = tanhf(z[i]);
        break;
    case NK_ACTIVATION_RELU:
        for (int64_t i = 0; i < count; i++) y[i] = z[i] > 0 ? z[i] : 0.0f;
        break;
    case NK_ACTIVATION_LEAKY_RELU:
        for (int64_t i = 0; i < count; i++) y[i] = z[i] > 0 ? z[i] : parameter * z[i];
        break;
    case NK_ACTIVATION_ELU:
        // expm1 keeps precision for small |z|; for z ≤ 0 it lies in (−1, 0].
        for (int64_t i = 0; i < count; i++) y[i] = z[i] > 0 ? z[i] : parameter * expm1f(z[i]);
        break;
    case NK_ACTIVATION_SOFTPLUS:
        for (int64_t i = 0; i < count; i++) y[i] = nk_softplus(z[i]);
        break;
    case NK_ACTIVATION_GELU:
        for (int64_t i = 0; i < count; i++) y[i] = nk_gelu(z[i]);
        break;
    }
}

NK_VECTOR_CLONES
static void bias_activation_span(nk_activation kind, float parameter, int64_t rows, int64_t columns,
                                 const float *bias, float *z, float *y) {
    for (int64_t r = 0; r < rows; r++) {
        float *zr = z + r * columns;
        float *yr = y + r * columns;
        for (int64_t c = 0; c < columns; c++) zr[c] += bias[c];
        // The row is still in cache; apply the activation while it is.
        nk_activation_forward(kind, parameter, columns, zr, yr);
    }
}

typedef struct {
    nk_activation kind;
    float parameter;
    int64_t columns;
    const float *bias;
    float *z, *y;
} bias_activation_job;

static void bias_activation_range(void *context, int64_t start, int64_t end) {
    const bias_activation_job *j = context;
    bias_activation_span(j->kind, j->parameter, end - start, j->columns, j->bias,
                         j->z + start * j->columns, j->y + start * j->columns);
}

/// Rows are split across the pool for large batches (an inference batch of 10,000 rows): the
/// pass is elementwise, so the split does not change a bit.
#define NK_BIAS_ACTIVATION_MIN_PER_THREAD 65536

void nk_bias_activation_forward(nk_activation kind, float parameter, int64_t rows, int64_t columns,
                                const float *bias, float *z, float *y) {
    if (rows <= 0 || columns <= 0) return;
    bias_activation_job job = {.kind = kind, .parameter = parameter, .columns = columns,
                               .bias = bias, .z = z, .y = y};
    int64_t min_rows = NK_BIAS_ACTIVATION_MIN_PER_THREAD / columns;
    nk_parallel_range(rows, 1, min_rows < 1 ? 1 : min_rows, bias_activation_range, &job);
}

// `delta` never aliases `z` or `y` (the header's contract), so it is `restrict` here: that
// lets the compiler vectorise the select loops without run-time overlap checks.
NK_VECTOR_CLONES
void nk_activation_backward(nk_activation kind, float parameter, int64_t count,
                            const float *z, const float *y, float *restrict delta) {
    switch (kind) {
    case NK_ACTIVATION_IDENTITY:
        break;
    case NK_ACTIVATION_SIGMOID:
        for (int64_t i = 0; i < count; i++) delta[i] *= y[i] * (1.0f - y[i]);
        break;
    case NK_ACTIVATION_TANH:
        for (int64_t i = 0; i < count; i++) delta[i] *= 1.0f - y[i] * y[i];
        break;
    case NK_ACTIVATION_RELU:
        for (int64_t i = 0; i < count; i++) {
            const float d = delta[i];
            delta[i] = y[i] > 0 ? d : 0.0f;
        }
        break;
    case NK_ACTIVATION_LEAKY_RELU:
        for (int64_t i = 0; i < count; i++) {
            const float slope = z[i] > 0 ? 1.0f : parameter;
            delta[i] *= slope;
        }
        break;
    case NK_ACTIVATION_ELU:
        // For z ≤ 0, f′(z) = α·e^z = f(z) + α.
        for (int64_t i = 0; i < count; i++) delta[i] *= z[i] > 0 ? 1.0f : y[i] + parameter;
        break;
    case NK_ACTIVATION_SOFTPLUS:
        for (int64_t i = 0; i < count; i++) delta[i] *= nk_sigmoid(z[i]);
        break;
    case NK_ACTIVATION_GELU:
        for (int64_t i = 0; i < count; i++) delta[i] *= nk_gelu_derivative(z[i]);
        break;
    }
}

NK_VECTOR_CLONES
void nk_add_bias(int64_t rows, int64_t columns, const float *bias, float *x) {
    for (int64_t r = 0; r < rows; r++) {
        float *xr = x + r * columns;
        for (int64_t c = 0; c < columns; c++) xr[c] += bias[c];
    }
}

#define NK_COLUMN_BLOCK 256

NK_VECTOR_CLONES
void nk_column_sums(int64_t rows, int64_t columns, const float *x, float *sums) {
    // Columns in blocks with a double accumulator per column on the stack: rows are read in
    // order (cache friendly) and the inner loop over columns vectorises.
    double acc[NK_COLUMN_BLOCK];
    for (int64_t c0 = 0; c0 < columns; c0 += NK_COLUMN_BLOCK) {
        int64_t width = columns - c0 < NK_COLUMN_BLOCK ? columns - c0 : NK_COLUMN_BLOCK;
        for (int64_t c = 0; c < width; c++) acc[c] = 0;
        for (int64_t r = 0; r < rows; r++) {
            const float *xr = x + r * columns + c0;
            for (int64_t c = 0; c < width; c++) acc[c] += (double)xr[c];
        }
        for (int64_t c = 0; c < width; c++) sums[c0 + c] = (float)acc[c];
    }
}

NK_VECTOR_CLONES
void nk_scaled_add(int64_t count, float alpha, const float *x, float *y) {
    for (int64_t i = 0; i < count; i++) y[i] += alpha * x[i];
}

NK_VECTOR_CLONES
void nk_scale(int64_t count, float alpha, float *x) {
    for (int64_t i = 0; i < count; i++) x[i] *= alpha;
}

NK_VECTOR_CLONES
void nk_multiply(int64_t count, const float *x, const float *mask, float *y) {
    for (int64_t i = 0; i < count; i++) y[i] = x[i] * mask[i];
}

// Four independent double accumulators: a strict left-to-right sum cannot be vectorised
// (floating-point addition is not associative), four interleaved ones can.
#define NK_SUM4(expression)                                                    \
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;                                     \
    int64_t i = 0;                                                             \
    for (; i + 4 <= count; i += 4) {                                           \
        { int64_t j = i;     s0 += (expression); }                             \
        { int64_t j = i + 1; s1 += (expression); }                             \
        { int64_t j = i + 2; s2 += (expression); }                             \
        { int64_t j = i + 3; s3 += (expression); }                             \
    }                                                                          \
    for (; i < count; i++) { int64_t j = i; s0 += (expression); }              \
    double sum = (s0 + s1) + (s2 + s3);

NK_VECTOR_CLONES
double nk_l1_penalty(int64_t count, float alpha, const float *w, float *gradient) {
    NK_SUM4(fabs((double)w[j]))
    if (gradient) {
        for (int64_t k = 0; k < count; k++) {
            float sign = w[k] > 0 ? 1.0f : (w[k] < 0 ? -1.0f : 0.0f);
            gradient[k] += alpha * sign;
        }
    }
    return sum;
}

NK_VECTOR_CLONES
double nk_l2_penalty(int64_t count, float alpha, const float *w, float *gradient) {
    NK_SUM4((double)w[j] * (double)w[j])
    if (gradient) {
        for (int64_t k = 0; k < count; k++) gradient[k] += alpha * w[k];
    }
    return sum;
}

static inline uint64_t nk_splitmix64(uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

NK_VECTOR_CLONES
void nk_dropout_mask(int64_t count, float rate, uint64_t seed, float *mask) {
    const float keep = 1.0f / (1.0f - rate);
    // Compare 24 random bits with rate·2^24: exact for rates that are multiples of 2^−24.
    const uint32_t threshold = (uint32_t)((double)rate * 16777216.0);
    const uint64_t base = nk_splitmix64(seed);
    for (int64_t i = 0; i < count; i++) {
        uint32_t bits = (uint32_t)(nk_splitmix64(base + (uint64_t)i) >> 40);
        mask[i] = bits < threshold ? 0.0f : keep;
    }
}
