// Row-wise softmax and the losses fused with their output deltas (one pass computes the loss
// value and ∂loss/∂logits). Sums are accumulated in double.
#include "nk_vectorize.h"
#include "NeuralKernels.h"
#include <math.h>

NK_VECTOR_CLONES
void nk_softmax_rows(int64_t rows, int64_t columns, const float *z, float *p) {
    for (int64_t r = 0; r < rows; r++) {
        const float *zr = z + r * columns;
        float *pr = p + r * columns;
        // Subtract the row max so every exponent is ≤ 0: exp cannot overflow, and softmax is
        // unchanged by a constant shift.
        float m = -INFINITY;
        for (int64_t c = 0; c < columns; c++) m = fmaxf(m, zr[c]);
        double sum = 0;
        for (int64_t c = 0; c < columns; c++) {
            float e = expf(zr[c] - m);
            pr[c] = e;
            sum += e;
        }
        float inverse = (float)(1.0 / sum);
        for (int64_t c = 0; c < columns; c++) pr[c] *= inverse;
    }
}

// log Σ_c e^(z_c − m) for one row with max m (≥ 0 because the max term contributes e^0 = 1).
static inline double nk_log_sum_exp_shifted(int64_t columns, const float *zr, float m) {
    double sum = 0;
    for (int64_t c = 0; c < columns; c++) sum += expf(zr[c] - m);
    return log(sum);
}

static inline float nk_row_max(int64_t columns, const float *zr) {
    float m = -INFINITY;
    for (int64_t c = 0; c < columns; c++) m = fmaxf(m, zr[c]);
    return m;
}

NK_VECTOR_CLONES
void nk_log_softmax_rows(int64_t rows, int64_t columns, const float *z, float *out) {
    for (int64_t r = 0; r < rows; r++) {
        const float *zr = z + r * columns;
        float *outr = out + r * columns;
        float m = nk_row_max(columns, zr);
        float shift = m + (float)nk_log_sum_exp_shifted(columns, zr, m);
        for (int64_t c = 0; c < columns; c++) outr[c] = zr[c] - shift;
    }
}

static inline float nk_weight(const float *weights, int64_t index) {
    return weights ? weights[index] : 1.0f;
}

NK_VECTOR_CLONES
double nk_loss_regression(nk_regression_loss kind, float parameter, float value_scale,
                          int64_t rows, int64_t columns, const float *output, const float *target,
                          const float *sample_weights, const float *column_weights, float *delta) {
    // Σ w over all elements = (Σ_r s_r)·(Σ_c c_c), since the weight is a product.
    double sample_total = 0, column_total = 0;
    for (int64_t r = 0; r < rows; r++) sample_total += nk_weight(sample_weights, r);
    for (int64_t c = 0; c < columns; c++) column_total += nk_weight(column_weights, c);
    double total = sample_total * column_total;
    if (!(total > 0)) {
        if (delta) for (int64_t i = 0; i < rows * columns; i++) delta[i] = 0;
        return 0;
    }
    const float gradient_scale = (float)(value_scale / total);
    const float delta_parameter = parameter;
    double sum = 0;
    for (int64_t r = 0; r < rows; r++) {
        const float s = nk_weight(sample_weights, r);
        const float *yhat = output + r * columns;
        const float *y = target + r * columns;
        float *d = delta ? delta + r * columns : NULL;
        double row_sum = 0;
        for (int64_t c = 0; c < columns; c++) {
            const float w = s * nk_weight(column_weights, c);
            const float residual = yhat[c] - y[c];
            const float magnitude = fabsf(residual);
            float loss, derivative;
            switch (kind) {
            case NK_LOSS_SQUARED:
                loss = residual * residual;
                derivative = 2.0f * residual;
                break;
            case NK_LOSS_ABSOLUTE:
                loss = magnitude;
                derivative = residual > 0 ? 1.0f : (residual < 0 ? -1.0f : 0.0f);
                break;
            default:  // NK_LOSS_HUBER: quadratic inside ±δ, linear outside; l′ is continuous.
                loss = magnitude <= delta_parameter ? 0.5f * residual * residual
                                                    : delta_parameter * (magnitude - 0.5f * delta_parameter);
                derivative = fminf(fmaxf(residual, -delta_parameter), delta_parameter);
                break;
            }
            row_sum += (double)w * (double)loss;
            if (d) d[c] = w * derivative * gradient_scale;
        }
        sum += row_sum;
    }
    return value_scale * sum / total;
}

NK_VECTOR_CLONES
double nk_loss_binary_cross_entropy(int64_t rows, int64_t columns, const float *logits,
                                    const float *target, const float *sample_weights,
                                    const float *class_weights, float *delta) {
    const float w0 = class_weights ? class_weights[0] : 1.0f;
    const float w1 = class_weights ? class_weights[1] : 1.0f;
    double total = 0;
    for (int64_t r = 0; r < rows; r++) {
        const float s = nk_weight(sample_weights, r);
        const float *y = target + r * columns;
        for (int64_t c = 0; c < columns; c++) total += (double)(s * (y[c] * w1 + (1.0f - y[c]) * w0));
    }
    if (!(total > 0)) {
        if (delta) for (int64_t i = 0; i < rows * columns; i++) delta[i] = 0;
        return 0;
    }
    const float inverse_total = (float)(1.0 / total);
    double sum = 0;
    for (int64_t r = 0; r < rows; r++) {
        const float s = nk_weight(sample_weights, r);
        const float *z = logits + r * columns;
        const float *y = target + r * columns;
        float *d = delta ? delta + r * columns : NULL;
        for (int64_t c = 0; c < columns; c++) {
            const float w = s * (y[c] * w1 + (1.0f - y[c]) * w0);
            // −[y log σ(z) + (1−y) log(1−σ(z))] = max(z,0) − z·y + log(1 + e^−|z|):
            // no log of 0 and no exp of a positive number, for any z.
            const float e = expf(-fabsf(z[c]));
            const float loss = fmaxf(z[c], 0.0f) - z[c] * y[c] + log1pf(e);
            sum += (double)w * (double)loss;
            if (d) {
                const float inv = 1.0f / (1.0f + e);
                const float sigma = z[c] >= 0 ? inv : e * inv;
                d[c] = w * (sigma - y[c]) * inverse_total;
            }
        }
    }
    return sum / total;
}

// Row weight and target mass of row r: returns 0 on success, −1 for a bad class index.
static inline int nk_cce_row(int64_t columns, const float *y, int64_t target_columns,
                             const float *class_weights, float *class_weight, float *mass,
                             int64_t *index) {
    if (target_columns == 1) {
        float value = y[0];
        if (!(value >= 0) || value >= (float)columns || value != floorf(value)) return -1;
        *index = (int64_t)value;
        *class_weight = nk_weight(class_weights, *index);
        *mass = 1.0f;
        return 0;
    }
    double weight = 0, total = 0;
    for (int64_t c = 0; c < columns; c++) {
        weight += (double)y[c] * nk_weight(class_weights, c);
        total += y[c];
    }
    *index = -1;
    *class_weight = (float)weight;
    *mass = (float)total;
    return 0;
}

NK_VECTOR_CLONES
double nk_loss_categorical_cross_entropy(int64_t rows, int64_t columns, const float *logits,
                                         const float *target, int64_t target_columns,
                                         const float *sample_weights, const float *class_weights,
                                         float *delta) {
    double total = 0;
    for (int64_t r = 0; r < rows; r++) {
        float class_weight = 1, mass = 0;
        int64_t index = -1;
        if (nk_cce_row(columns, target + r * target_columns, target_columns, class_weights,
                       &class_weight, &mass, &index) != 0) return -1;
        total += (double)(nk_weight(sample_weights, r) * class_weight);
    }
    if (!(total > 0)) {
        if (delta) for (int64_t i = 0; i < rows * columns; i++) delta[i] = 0;
        return 0;
    }
    double sum = 0;
    for (int64_t r = 0; r < rows; r++) {
        const float *z = logits + r * columns;
        const float *y = target + r * target_columns;
        float class_weight = 1, mass = 0;
        int64_t index = -1;
        nk_cce_row(columns, y, target_columns, class_weights, &class_weight, &mass, &index);
        const float w = nk_weight(sample_weights, r) * class_weight;
        // −Σ y_c log p_c = S·lse(z) − Σ y_c z_c with lse(z) = m + log Σ e^(z_c − m): the row max
        // is subtracted, so logits of ±1e4 stay finite.
        const float m = nk_row_max(columns, z);
        const double lse = (double)m + nk_log_sum_exp_shifted(columns, z, m);
        double target_dot = 0;
        if (index >= 0) {
            target_dot = z[index];
        } else {
            for (int64_t c = 0; c < columns; c++) target_dot += (double)y[c] * (double)z[c];
        }
        const double loss = (double)mass * lse - target_dot;
        sum += (double)w * loss;
        if (delta) {
            float *d = delta + r * columns;
            const float scale = (float)((double)w / total);
            for (int64_t c = 0; c < columns; c++) {
                const float p = (float)exp((double)z[c] - lse);
                const float yc = index >= 0 ? (c == index ? 1.0f : 0.0f) : y[c];
                d[c] = scale * (mass * p - yc);
            }
        }
    }
    return sum / total;
}
