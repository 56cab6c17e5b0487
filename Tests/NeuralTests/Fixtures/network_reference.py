#!/usr/bin/env python3
"""Reference values for Neural's forward pass, losses and back-propagation.

Writes network_reference.json beside this script: for a fixed 3-5-4-3 network (weights given in
the file) and fixed batches, the loss and every parameter gradient computed by PyTorch in
float64 autograd, for every activation x loss; and scikit-learn's own MLPRegressor._backprop
(half squared error + alpha/(2 n) L2, with and without sample weights) on a 3-5-4-1 network.
Run: python3 network_reference.py   (needs torch, scikit-learn, numpy; versions are recorded).
"""
import json
import os
import platform

import numpy as np
import sklearn
import torch
import torch.nn.functional as F
from sklearn.neural_network import MLPRegressor

rng = np.random.default_rng(20261129)


def f32(array):
    """Values representable in float32, so Swift reads exactly the numbers used here."""
    return np.asarray(array, dtype=np.float32).astype(np.float64)


SIZES = [3, 5, 4, 3]
ROWS = 6
weights = [f32(rng.uniform(-0.9, 0.9, size=(a, b))) for a, b in zip(SIZES[:-1], SIZES[1:])]
biases = [f32(rng.uniform(-0.3, 0.3, size=(b,))) for b in SIZES[1:]]
inputs = f32(rng.uniform(-1, 1, size=(ROWS, SIZES[0])))
regression_targets = f32(rng.uniform(-1, 1, size=(ROWS, SIZES[-1])))
binary_targets = f32(rng.choice([0.0, 1.0, 0.25], size=(ROWS, SIZES[-1])))
class_indices = rng.integers(0, SIZES[-1], size=ROWS)
sample_weights = f32(rng.uniform(0.2, 2.0, size=ROWS))
class_weights = f32([0.75, 1.5, 2.25])
binary_class_weights = f32([0.5, 2.0])

ACTIVATIONS = {
    "identity": lambda z: z,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "leakyReLU": lambda z: F.leaky_relu(z, 0.01),
    "elu": lambda z: F.elu(z, 1.0),
    # Exact log(1 + e^z); torch's softplus switches to z above 20, which these inputs never reach.
    "softplus": lambda z: F.softplus(z),
    "gelu": lambda z: F.gelu(z, approximate="tanh"),
}


def weighted_mean(per_element, weights):
    return (per_element * weights).sum() / weights.sum()


def losses(logits):
    y = torch.tensor(regression_targets)
    b = torch.tensor(binary_targets)
    idx = torch.tensor(class_indices)
    sw = torch.tensor(sample_weights)
    cw = torch.tensor(class_weights)
    bw = torch.tensor(binary_class_weights)
    one_hot = F.one_hot(idx, SIZES[-1]).double()
    return {
        "meanSquaredError": F.mse_loss(logits, y),
        "halfMeanSquaredError": F.mse_loss(logits, y) / 2,
        "meanAbsoluteError": F.l1_loss(logits, y),
        "huber": F.huber_loss(logits, y, delta=0.5),
        "binaryCrossEntropy": F.binary_cross_entropy_with_logits(logits, b),
        "categoricalIndices": F.cross_entropy(logits, idx),
        "categoricalOneHot": F.cross_entropy(logits, one_hot),
        # Weighted: torch's own weighted mean for class-weighted CE; per-sample weights as
        # Σ w·l / Σ w over reduction="none" terms (the convention Neural documents).
        "categoricalIndicesClassWeighted": F.cross_entropy(logits, idx, weight=cw),
        "categoricalIndicesSampleWeighted": weighted_mean(F.cross_entropy(logits, idx, reduction="none"), sw),
        "meanSquaredErrorSampleWeighted": weighted_mean(
            F.mse_loss(logits, y, reduction="none"), sw[:, None].expand(-1, SIZES[-1])),
        "binaryCrossEntropyClassWeighted": weighted_mean(
            F.binary_cross_entropy_with_logits(logits, b, reduction="none"), b * bw[1] + (1 - b) * bw[0]),
    }


def torch_cases():
    cases = []
    for name, activation in ACTIVATIONS.items():
        for loss_name in losses(torch.zeros(ROWS, SIZES[-1], dtype=torch.float64)).keys():
            params = []
            for w, bias in zip(weights, biases):
                params += [torch.tensor(w, requires_grad=True), torch.tensor(bias, requires_grad=True)]
            a = torch.tensor(inputs)
            for layer in range(3):
                z = a @ params[2 * layer] + params[2 * layer + 1]
                a = activation(z) if layer < 2 else z
            value = losses(a)[loss_name]
            value.backward()
            gradient = np.concatenate([p.grad.numpy().ravel() for p in params])
            cases.append({"activation": name, "loss": loss_name, "value": value.item(),
                          "logits": a.detach().numpy().ravel().tolist(), "gradient": gradient.tolist()})
    return cases


def sklearn_cases():
    cases = []
    targets = f32(rng.uniform(-1, 1, size=ROWS))
    single_weights = [weights[0], weights[1], f32(rng.uniform(-0.9, 0.9, size=(4, 1)))]
    single_biases = [biases[0], biases[1], f32(rng.uniform(-0.3, 0.3, size=(1,)))]
    for activation in ["identity", "logistic", "tanh", "relu"]:
        for alpha in [0.0, 0.1]:
            for weighted in [False, True]:
                model = MLPRegressor(hidden_layer_sizes=(5, 4), activation=activation, alpha=alpha)
                model.n_outputs_ = 1
                model.n_layers_ = 4
                model.out_activation_ = "identity"
                model.coefs_ = [w.copy() for w in single_weights]
                model.intercepts_ = [b.copy() for b in single_biases]
                sw = sample_weights if weighted else None
                activations = [inputs] + [None] * 3
                deltas = [None] * 3
                coef_grads = [np.empty_like(w) for w in model.coefs_]
                intercept_grads = [np.empty_like(b) for b in model.intercepts_]
                loss, coef_grads, intercept_grads = model._backprop(
                    inputs, targets[:, None], sw, activations, deltas, coef_grads, intercept_grads)
                gradient = np.concatenate([g.ravel() for pair in zip(coef_grads, intercept_grads) for g in pair])
                cases.append({"activation": activation, "alpha": alpha, "sampleWeighted": weighted,
                              "value": float(loss), "gradient": gradient.tolist()})
    return {"targets": targets.tolist(), "outputWeight": single_weights[2].ravel().tolist(),
            "outputBias": single_biases[2].tolist(), "cases": cases}


fixture = {
    "generator": "network_reference.py",
    "versions": {"python": platform.python_version(), "numpy": np.__version__,
                 "torch": torch.__version__, "scikit-learn": sklearn.__version__},
    "sizes": SIZES,
    "inputs": inputs.ravel().tolist(),
    "weights": [w.ravel().tolist() for w in weights],
    "biases": [b.tolist() for b in biases],
    "regressionTargets": regression_targets.ravel().tolist(),
    "binaryTargets": binary_targets.ravel().tolist(),
    "classIndices": class_indices.tolist(),
    "sampleWeights": sample_weights.tolist(),
    "classWeights": class_weights.tolist(),
    "binaryClassWeights": binary_class_weights.tolist(),
    "torch": torch_cases(),
    "sklearn": sklearn_cases(),
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "network_reference.json")
with open(path, "w") as handle:
    json.dump(fixture, handle, separators=(",", ":"))
    handle.write("\n")
print("wrote", path)
