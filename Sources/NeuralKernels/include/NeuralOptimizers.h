// Fused optimizer updates over a flat parameter vector (one pass over all parameters).
//
// Every function walks `n` contiguous floats once. Parameters θ, gradients g and the optimizer's
// state vectors share one layout (see ParameterVector in the Swift library). Scalars that depend
// on the step count (bias corrections, decayed rates) are computed by the caller in double and
// passed in, so each loop body is branch-free elementwise float arithmetic the compiler vectorises.
// Pointers must not alias each other.
#ifndef NEURAL_OPTIMIZERS_H
#define NEURAL_OPTIMIZERS_H
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// MARK: - SGD

/// Momentum bookkeeping conventions of SGD.
typedef enum {
    /// PyTorch: b ← μ·b + (1 − dampening)·d (b ← d on the first step); d ← nesterov ? d + μ·b : b;
    /// θ ← θ − lr·d.
    NK_SGD_PYTORCH = 0,
    /// scikit-learn: v ← μ·v − lr·d; θ ← θ + (nesterov ? μ·v − lr·d : v). The buffer holds a
    /// step, not a gradient, so a change of learning rate takes effect through the buffer.
    NK_SGD_SCIKIT_LEARN = 1,
} nk_sgd_form;

typedef struct {
    float learning_rate;
    float momentum;      ///< μ; 0 means plain gradient descent (the buffer may then be NULL)
    float one_minus_dampening;  ///< 1 − dampening, PyTorch form only (computed in double by the caller)
    float weight_decay;  ///< λ of the coupled L2 term: d = g + λ·θ
    int nesterov;        ///< non-zero for Nesterov momentum
    int first_step;      ///< non-zero on the first update (PyTorch form initialises b ← d)
    nk_sgd_form form;
} nk_sgd_hyperparameters;

/// One SGD step over `n` parameters. `buffer` is the momentum buffer (NULL when momentum is 0).
void nk_sgd_update(int64_t n, float *theta, const float *gradient, float *buffer,
                   const nk_sgd_hyperparameters *h);

// MARK: - Adam, AdamW, AMSGrad

typedef struct {
    float beta1;
    float beta2;
    /// 1 − β1 and 1 − β2, computed in double by the caller: for β2 = 0.999 the float32
    /// difference 1 − 0.999f is off by 1.3e-5 relative, which would move every step.
    float one_minus_beta1;
    float one_minus_beta2;
    /// PyTorch form: lr / (1 − β1ᵗ). Keras / scikit-learn form: lr·√(1 − β2ᵗ) / (1 − β1ᵗ).
    float step_size;
    /// PyTorch form: √(1 − β2ᵗ). Keras / scikit-learn form: 1.
    float bias_correction2_sqrt;
    float epsilon;
    /// λ of PyTorch Adam's coupled weight decay: g ← g + λ·θ (0 for none).
    float coupled_weight_decay;
    /// AdamW's decoupled decay applied first: θ ← θ·factor with factor = 1 − lr·λ (1 for none).
    float decay_factor;
} nk_adam_hyperparameters;

/// One Adam step:
///   θ ← θ·decay_factor;  g ← g + λ·θ;
///   m ← m + (1 − β1)·(g − m);  v ← β2·v + (1 − β2)·g²;  (AMSGrad: v_max ← max(v_max, v), use v_max)
///   θ ← θ − step_size · m / (√v / bias_correction2_sqrt + ε).
/// `v_max` is NULL unless AMSGrad.
void nk_adam_update(int64_t n, float *theta, const float *gradient, float *m, float *v,
                    float *v_max, const nk_adam_hyperparameters *h);

// MARK: - RMSProp

typedef struct {
    float learning_rate;
    float alpha;            ///< smoothing constant of the squared-gradient average
    float one_minus_alpha;  ///< 1 − α, computed in double by the caller
    float epsilon;
    float weight_decay;  ///< coupled: g ← g + λ·θ
    float momentum;      ///< 0: no momentum buffer (it may be NULL)
} nk_rmsprop_hyperparameters;

/// One RMSProp step (PyTorch's):
///   g ← g + λ·θ;  s ← α·s + (1 − α)·g²;
///   centred: a ← a + (1 − α)·(g − a), d = √(s − a²) + ε;  else d = √s + ε;
///   momentum: b ← μ·b + g/d, θ ← θ − lr·b;  else θ ← θ − lr·g/d.
/// `gradient_average` is NULL unless centred; `buffer` is NULL unless momentum > 0.
void nk_rmsprop_update(int64_t n, float *theta, const float *gradient, float *square_average,
                       float *gradient_average, float *buffer, const nk_rmsprop_hyperparameters *h);

// MARK: - Adagrad

/// One Adagrad step (PyTorch's): g ← g + λ·θ;  S ← S + g²;  θ ← θ − rate·g/(√S + ε),
/// where `rate` is the already-decayed rate lr / (1 + (t − 1)·lr_decay).
void nk_adagrad_update(int64_t n, float *theta, const float *gradient, float *sum, float rate,
                       float epsilon, float weight_decay);

// MARK: - Gradient clipping

/// Σ xᵢ² accumulated in double (four interleaved partial sums, fixed order: deterministic).
double nk_gradient_sum_of_squares(int64_t n, const float *x);
/// 1 when every xᵢ is finite (no NaN, no ±∞), else 0: what a step needs to know about its
/// gradients when nothing is clipped and no norm limit is set, at a fraction of the norm's cost.
int nk_gradient_all_finite(int64_t n, const float *x);
/// xᵢ ← factor·xᵢ.
void nk_gradient_scale(int64_t n, float *x, float factor);
/// xᵢ ← min(max(xᵢ, lower), upper); NaN stays NaN.
void nk_gradient_clamp(int64_t n, float *x, float lower, float upper);

#ifdef __cplusplus
}
#endif

#endif
