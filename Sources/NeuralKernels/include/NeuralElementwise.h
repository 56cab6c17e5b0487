// Elementwise loops of a network's forward and backward passes: activations and their
// derivatives, bias broadcast, column sums, row-wise softmax, losses fused with their output
// deltas, weight penalties and dropout masks. All matrices are row-major and contiguous
// (row stride = number of columns). Reductions accumulate in double.
#ifndef NEURAL_ELEMENTWISE_H
#define NEURAL_ELEMENTWISE_H
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// MARK: - Activations

/// The activation functions. The numbering is part of the Swift bridge; do not reorder.
typedef enum {
    NK_ACTIVATION_IDENTITY = 0,
    NK_ACTIVATION_SIGMOID = 1,     ///< 1 / (1 + e^-z)
    NK_ACTIVATION_TANH = 2,
    NK_ACTIVATION_RELU = 3,        ///< max(z, 0)
    NK_ACTIVATION_LEAKY_RELU = 4,  ///< z > 0 ? z : slope·z            (parameter = slope)
    NK_ACTIVATION_ELU = 5,         ///< z > 0 ? z : α·(e^z − 1)         (parameter = α)
    NK_ACTIVATION_SOFTPLUS = 6,    ///< log(1 + e^z)
    NK_ACTIVATION_GELU = 7,        ///< z/2·(1 + tanh(√(2/π)(z + 0.044715 z³)))
} nk_activation;

/// y[i] = f(z[i]) for i < count. `y` may equal `z` (in place).
void nk_activation_forward(nk_activation kind, float parameter, int64_t count,
                           const float *z, float *y);

/// z[r, c] += bias[c], then y[r, c] = f(z[r, c]), in one pass over a rows×columns matrix.
/// `z` keeps the pre-activation; `y` may equal `z` (then only the activation is kept).
void nk_bias_activation_forward(nk_activation kind, float parameter, int64_t rows, int64_t columns,
                                const float *bias, float *z, float *y);

/// delta[i] ← delta[i] · f′(z[i]), using the stored output y = f(z) where that is cheaper
/// (sigmoid: y(1 − y); tanh: 1 − y²; relu: y > 0; elu for z ≤ 0: y + α).
void nk_activation_backward(nk_activation kind, float parameter, int64_t count,
                            const float *z, const float *y, float *delta);

// MARK: - Broadcasts and reductions

/// x[r, c] += bias[c] for a rows×columns matrix.
void nk_add_bias(int64_t rows, int64_t columns, const float *bias, float *x);

/// sums[c] = Σ_r x[r, c] (accumulated in double).
void nk_column_sums(int64_t rows, int64_t columns, const float *x, float *sums);

/// y[i] += alpha · x[i].
void nk_scaled_add(int64_t count, float alpha, const float *x, float *y);

/// x[i] ← alpha · x[i].
void nk_scale(int64_t count, float alpha, float *x);

/// y[i] = x[i] · mask[i]. `y` may equal `x`.
void nk_multiply(int64_t count, const float *x, const float *mask, float *y);

/// Gathers rows of a row-major matrix: destination row i ← source row rows[i] (`width` floats
/// each), for i < count. Large gathers are split across the worker pool (a shuffled batch comes
/// from rows all over the data set, so the copy waits on memory; several threads overlap those
/// waits). Row indices must be valid (the caller checks them).
void nk_gather_rows(int64_t count, const int64_t *rows, const float *source, int64_t width,
                    float *destination);

// MARK: - Softmax

/// Row-wise softmax: p[r, c] = e^(z[r,c] − m_r) / Σ_k e^(z[r,k] − m_r), m_r = max_k z[r, k].
/// Subtracting the row max keeps every exponent ≤ 0, so nothing overflows. `p` may equal `z`.
void nk_softmax_rows(int64_t rows, int64_t columns, const float *z, float *p);

/// Row-wise log-softmax: z[r,c] − m_r − log Σ_k e^(z[r,k] − m_r). `out` may equal `z`.
void nk_log_softmax_rows(int64_t rows, int64_t columns, const float *z, float *out);

// MARK: - Losses fused with their output deltas

/// The elementwise regression losses (identity link), residual r = ŷ − y.
typedef enum {
    NK_LOSS_SQUARED = 0,   ///< l = r², l′ = 2r
    NK_LOSS_ABSOLUTE = 1,  ///< l = |r|, l′ = sign(r) (0 at r = 0)
    NK_LOSS_HUBER = 2,     ///< l = r²/2 if |r| ≤ δ else δ(|r| − δ/2); l′ = clamp(r, −δ, δ)
} nk_regression_loss;

/// Weighted-mean elementwise loss over a rows×columns output (the identity link).
///
/// Element weight w[r, c] = sample_weights[r] · column_weights[c] (either may be NULL for all
/// ones). Returns value_scale · Σ w·l / Σ w, and when `delta` is not NULL writes
/// delta[r, c] = value_scale · w[r, c] · l′ / Σ w (the gradient of the returned value).
/// Returns 0 when Σ w = 0.
double nk_loss_regression(nk_regression_loss kind, float parameter, float value_scale,
                          int64_t rows, int64_t columns, const float *output, const float *target,
                          const float *sample_weights, const float *column_weights, float *delta);

/// Binary cross-entropy on logits z with targets y ∈ [0, 1], weighted mean over all elements:
/// l = max(z, 0) − z·y + log1p(e^−|z|) (never evaluates log of 0 or exp of a large number),
/// l′ = σ(z) − y. Element weight = sample_weights[r] · (y·class_weights[1] + (1 − y)·class_weights[0]).
double nk_loss_binary_cross_entropy(int64_t rows, int64_t columns, const float *logits,
                                    const float *target, const float *sample_weights,
                                    const float *class_weights, float *delta);

/// Categorical cross-entropy on logits with the softmax link, weighted mean over rows.
///
/// Targets are either probability rows (`target_columns == columns`, e.g. one-hot) or class
/// indices (`target_columns == 1`, stored as floats). Row loss l_r = S·lse(z_r) − Σ_c y_c z_c with
/// S = Σ_c y_c; row weight w_r = sample_weights[r] · Σ_c y_c·class_weights[c]. Returns Σ w l / Σ w
/// and writes delta[r, c] = w_r (S·p_c − y_c) / Σ w. Returns −1 when a class index is out of range
/// or not an integer (delta is then unspecified).
double nk_loss_categorical_cross_entropy(int64_t rows, int64_t columns, const float *logits,
                                         const float *target, int64_t target_columns,
                                         const float *sample_weights, const float *class_weights,
                                         float *delta);

// MARK: - Penalties and dropout

/// Returns Σ|w| and, when `gradient` is not NULL, adds alpha·sign(w) to it (0 at w = 0).
double nk_l1_penalty(int64_t count, float alpha, const float *w, float *gradient);

/// Returns Σ w² and, when `gradient` is not NULL, adds alpha·w to it.
double nk_l2_penalty(int64_t count, float alpha, const float *w, float *gradient);

/// Inverted-dropout mask: mask[i] = 0 with probability `rate`, else 1 / (1 − rate). Element i is
/// decided by a SplitMix64 hash of (seed, i), so the mask depends only on the seed.
void nk_dropout_mask(int64_t count, float rate, uint64_t seed, float *mask);

#ifdef __cplusplus
}
#endif

#endif
