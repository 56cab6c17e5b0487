#!/usr/bin/env python3
"""Reference trajectories for Neural's parity presets (PyTorch, scikit-learn, Keras) and a PyTorch
state_dict written by safetensors.torch.save_file.

Run from the package root:

    pip install torch scikit-learn keras jax safetensors
    KERAS_BACKEND=jax python3 Tests/NeuralTests/Fixtures/reference/generate_parity_reference.py

It writes, in Tests/NeuralTests/Fixtures/:

parity_reference.json
---------------------
{
  "generator": path of this script,
  "versions": {"python", "numpy", "torch", "sklearn", "keras", "jax", "safetensors"},
  "weight_layout": every weight is [inputSize, outputSize] row-major (Neural's Dense, y = x·W + b;
                   torch's Linear.weight transposed; Keras's kernel and scikit-learn's coefs_ as is),
  "inputs": [[x0..x3] × 14],            # float32; 14 rows so batches of 4 end with a batch of 2
  "classes": [14 labels in 0..2],
  "binary": [14 labels, 1 where "classes" is 1, else 0],
  "values": [[y0, y1] × 14],            # regression targets (scikit-learn uses column 0 only)
  "initial": {"4-6-3": {"layers.0.weight": [[…]], "layers.0.bias": […], "layers.1.weight", …},
              "4-6-2": {…}, "4-6-1": {…}},
  "cases": [
    {"name", "peer": "pytorch" | "sklearn" | "keras",
     "hidden_activation": "tanh" | "relu", "task": "classes" | "binary" | "values", "outputs": 3 | 2 | 1,
     "loss": "cross_entropy" | "binary_cross_entropy" (one logit: BCEWithLogitsLoss, Keras
             BinaryCrossentropy(from_logits=True), scikit-learn's two-class MLPClassifier) |
             "mse" (the peer's: torch MSELoss / Keras MSE are the full mean,
             scikit-learn's squared_loss the half mean),
     "optimizer": "adam" | "sgd", "learning_rate", "momentum", "nesterov",
     "l2": the peer's own L2 coefficient (torch weight_decay, scikit-learn alpha, Keras L2(l2)),
     "schedule": "constant" | "invscaling" | "adaptive" (scikit-learn's learning_rate),
     "power_t", "tol", "n_iter_no_change" (scikit-learn cases),
     "batch_size", "epochs",
     "final": {"layers.0.weight": [[…]], …}   # weights after `epochs` unshuffled epochs,
     "loss_curve": per-epoch training loss where the peer reports one}
  ]
}

pytorch_state_dict.safetensors + pytorch_state_dict_expected.json
-----------------------------------------------------------------
An nn.Sequential(Linear(4, 16), ReLU(), Dropout(0.1), Linear(16, 8), Tanh(), Linear(8, 3)) with
torch.manual_seed(3), saved by safetensors.torch.save_file(model.state_dict(), …) (keys 0.weight,
0.bias, 3.weight, 3.bias, 5.weight, 5.bias), and its outputs in eval mode on 5 inputs:
{"generator", "versions", "architecture": "4-16-relu-8-tanh-3", "inputs": [[…] × 5],
 "logits": [[…] × 5], "probabilities": softmax of the logits}

Every run of every peer is in float32 and unshuffled (torch: slices in order; scikit-learn:
shuffle=False; Keras: model.fit(shuffle=False)). scikit-learn starts from the fixed weights through
its own initialisation: `_init_coef` is replaced on the instance by a function returning the fixed
(coef, intercept) pairs in layer order, so `fit` runs exactly as from a fresh start (t_ = 0, empty
optimizer state) but from our weights.
"""

import json
import os
import platform
import sys
import warnings

os.environ.setdefault("KERAS_BACKEND", "jax")

import numpy as np
import torch
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier, MLPRegressor
import keras
import jax
import safetensors
from safetensors.torch import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.dirname(HERE)

VERSIONS = {
    "python": platform.python_version(),
    "numpy": np.__version__,
    "torch": torch.__version__,
    "sklearn": sklearn.__version__,
    "keras": keras.__version__,
    "jax": jax.__version__,
    "safetensors": safetensors.__version__,
}

rng = np.random.default_rng(7)
N = 14
X = rng.normal(size=(N, 4)).astype(np.float32)
CLASSES = np.array([0, 1, 2, 1, 0, 2, 2, 1, 0, 0, 1, 2, 0, 1], dtype=np.int64)
BINARY = (CLASSES == 1).astype(np.int64)
VALUES = np.stack([X[:, 0] - 0.5 * X[:, 1] + 0.3, np.tanh(X[:, 2]) + 0.2 * X[:, 3]], axis=1).astype(np.float32)


def initial_weights(sizes, seed):
    r = np.random.default_rng(seed)
    layers = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        bound = np.sqrt(6.0 / (fan_in + fan_out))
        w = r.uniform(-bound, bound, size=(fan_in, fan_out)).astype(np.float32)
        b = r.uniform(-0.1, 0.1, size=(fan_out,)).astype(np.float32)
        layers.append((w, b))
    return layers


INITIAL = {
    "4-6-3": initial_weights([4, 6, 3], 11),
    "4-6-2": initial_weights([4, 6, 2], 12),
    "4-6-1": initial_weights([4, 6, 1], 13),
}


def as_dict(layers):
    out = {}
    for i, (w, b) in enumerate(layers):
        out[f"layers.{i}.weight"] = np.asarray(w, dtype=np.float64).tolist()
        out[f"layers.{i}.bias"] = np.asarray(b, dtype=np.float64).reshape(-1).tolist()
    return out


def targets_for(task, outputs):
    if task == "classes":
        return CLASSES
    return VALUES[:, :outputs]


# ---------------------------------------------------------------- PyTorch

def run_torch(case):
    key = f"4-6-{case['outputs']}"
    act = torch.nn.Tanh() if case["hidden_activation"] == "tanh" else torch.nn.ReLU()
    model = torch.nn.Sequential(torch.nn.Linear(4, 6), act, torch.nn.Linear(6, case["outputs"]))
    with torch.no_grad():
        for linear, (w, b) in zip([model[0], model[2]], INITIAL[key]):
            linear.weight.copy_(torch.from_numpy(w.T.copy()))
            linear.bias.copy_(torch.from_numpy(b))
    if case["optimizer"] == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=case["learning_rate"], weight_decay=case["l2"])
    else:
        opt = torch.optim.SGD(model.parameters(), lr=case["learning_rate"], momentum=case["momentum"],
                              nesterov=case["nesterov"], weight_decay=case["l2"])
    x = torch.from_numpy(X)
    if case["task"] == "classes":
        y = torch.from_numpy(CLASSES)
        criterion = torch.nn.CrossEntropyLoss()
    elif case["task"] == "binary":
        y = torch.from_numpy(BINARY.astype(np.float32).reshape(-1, 1))
        criterion = torch.nn.BCEWithLogitsLoss()
    else:
        y = torch.from_numpy(VALUES[:, :case["outputs"]].copy())
        criterion = torch.nn.MSELoss()
    curve = []
    for _ in range(case["epochs"]):
        total = 0.0
        for start in range(0, N, case["batch_size"]):
            xb, yb = x[start:start + case["batch_size"]], y[start:start + case["batch_size"]]
            opt.zero_grad()
            loss = criterion(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item() * len(xb)
        curve.append(total / N)
    final = [(model[0].weight.detach().numpy().T, model[0].bias.detach().numpy()),
             (model[2].weight.detach().numpy().T, model[2].bias.detach().numpy())]
    return as_dict(final), curve


# ---------------------------------------------------------------- scikit-learn

def run_sklearn(case):
    key = f"4-6-{case['outputs']}"
    fixed = iter([(w.copy(), b.copy()) for w, b in INITIAL[key]])
    common = dict(hidden_layer_sizes=(6,), activation=case["hidden_activation"], solver=case["optimizer"],
                  alpha=case["l2"], batch_size=case["batch_size"], learning_rate=case["schedule"],
                  learning_rate_init=case["learning_rate"], power_t=case["power_t"],
                  max_iter=case["epochs"], shuffle=False, random_state=0, tol=case["tol"],
                  momentum=case["momentum"], nesterovs_momentum=case["nesterov"],
                  n_iter_no_change=case["n_iter_no_change"])
    if case["task"] in ("classes", "binary"):
        model = MLPClassifier(**common)
        y = CLASSES if case["task"] == "classes" else BINARY
    else:
        model = MLPRegressor(**common)
        y = VALUES[:, 0].copy()
    # The fixed weights replace scikit-learn's random draw, layer by layer, in its own _initialize.
    model._init_coef = lambda fan_in, fan_out, dtype: tuple(a.astype(dtype) for a in next(fixed))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)
    assert model.n_iter_ == case["epochs"], (case["name"], model.n_iter_)
    assert model.coefs_[0].dtype == np.float32
    return as_dict(list(zip(model.coefs_, model.intercepts_))), [float(v) for v in model.loss_curve_]


# ---------------------------------------------------------------- Keras

def run_keras(case):
    key = f"4-6-{case['outputs']}"
    reg = keras.regularizers.L2(case["l2"]) if case["l2"] > 0 else None
    model = keras.Sequential([
        keras.Input(shape=(4,)),
        keras.layers.Dense(6, activation=case["hidden_activation"], kernel_regularizer=reg),
        keras.layers.Dense(case["outputs"], kernel_regularizer=reg),
    ])
    for layer, (w, b) in zip(model.layers, INITIAL[key]):
        layer.set_weights([w, b])
    if case["optimizer"] == "adam":
        opt = keras.optimizers.Adam(learning_rate=case["learning_rate"])
    else:
        opt = keras.optimizers.SGD(learning_rate=case["learning_rate"], momentum=case["momentum"],
                                   nesterov=case["nesterov"])
    if case["task"] == "classes":
        loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        y = CLASSES
    elif case["task"] == "binary":
        loss = keras.losses.BinaryCrossentropy(from_logits=True)
        y = BINARY.astype(np.float32).reshape(-1, 1)
    else:
        loss = keras.losses.MeanSquaredError()
        y = VALUES[:, :case["outputs"]]
    model.compile(optimizer=opt, loss=loss)
    history = model.fit(X, y, batch_size=case["batch_size"], epochs=case["epochs"], shuffle=False, verbose=0)
    final = [(np.asarray(layer.get_weights()[0]), np.asarray(layer.get_weights()[1])) for layer in model.layers]
    return as_dict(final), [float(v) for v in history.history["loss"]]


def case(name, peer, **settings):
    base = dict(name=name, peer=peer, hidden_activation="tanh", task="classes", outputs=3,
                optimizer="adam", learning_rate=0.01, momentum=0.9, nesterov=False, l2=0.0,
                schedule="constant", power_t=0.5, tol=0.0, n_iter_no_change=10, batch_size=4, epochs=3)
    base.update(settings)
    if base["task"] == "values" and "outputs" not in settings:
        base["outputs"] = 1 if peer == "sklearn" else 2
    if base["task"] == "binary":
        base["outputs"] = 1
    base["loss"] = {"classes": "cross_entropy", "binary": "binary_cross_entropy"}.get(base["task"], "mse")
    return base


CASES = [
    case("torch_adam_ce_weight_decay", "pytorch", l2=1e-2),
    case("torch_adam_mse", "pytorch", task="values", hidden_activation="relu", batch_size=5),
    case("torch_sgd_momentum_mse_weight_decay", "pytorch", task="values", optimizer="sgd",
         learning_rate=0.05, l2=1e-2, hidden_activation="relu"),
    case("torch_sgd_nesterov_ce_weight_decay", "pytorch", optimizer="sgd", learning_rate=0.05,
         nesterov=True, l2=1e-2, batch_size=6),
    case("sklearn_adam_classifier", "sklearn", l2=1e-2),
    case("sklearn_adam_regressor", "sklearn", task="values", hidden_activation="relu", l2=1e-2),
    case("sklearn_sgd_constant_classifier", "sklearn", optimizer="sgd", learning_rate=0.05,
         nesterov=True, l2=1e-2),
    case("sklearn_sgd_invscaling_regressor", "sklearn", task="values", optimizer="sgd",
         learning_rate=0.05, schedule="invscaling", l2=1e-2, batch_size=5),
    case("sklearn_sgd_invscaling_classifier", "sklearn", optimizer="sgd", learning_rate=0.2,
         schedule="invscaling", power_t=0.25, nesterov=False, l2=1e-3),
    # tol 10 and n_iter_no_change 1: every epoch after the first "fails to improve", so after
    # epoch 3 the rate is divided by 5 and epochs 4 and 5 run at η/5.
    case("sklearn_sgd_adaptive_classifier", "sklearn", optimizer="sgd", learning_rate=0.05,
         schedule="adaptive", tol=10.0, n_iter_no_change=1, nesterov=True, l2=1e-2, epochs=5),
    case("sklearn_adam_binary_classifier", "sklearn", task="binary", l2=1e-2),
    case("torch_adam_bce_weight_decay", "pytorch", task="binary", l2=1e-2),
    case("keras_sgd_momentum_bce_l2", "keras", task="binary", optimizer="sgd", learning_rate=0.05, l2=1e-2),
    case("keras_adam_ce_l2", "keras", l2=1e-2),
    case("keras_adam_mse", "keras", task="values", hidden_activation="relu", batch_size=5),
    case("keras_sgd_momentum_mse_l2", "keras", task="values", optimizer="sgd", learning_rate=0.05,
         l2=1e-2, hidden_activation="relu"),
    case("keras_sgd_nesterov_ce_l2", "keras", optimizer="sgd", learning_rate=0.05, nesterov=True,
         l2=1e-2, batch_size=6),
]

RUNNERS = {"pytorch": run_torch, "sklearn": run_sklearn, "keras": run_keras}


def state_dict_fixture():
    torch.manual_seed(3)
    model = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(), torch.nn.Dropout(0.1),
                                torch.nn.Linear(16, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3))
    model.eval()
    path = os.path.join(FIXTURES, "pytorch_state_dict.safetensors")
    save_file(model.state_dict(), path)
    inputs = torch.from_numpy(X[:5].copy())
    with torch.no_grad():
        logits = model(inputs)
        probabilities = torch.softmax(logits, dim=1)
    expected = {
        "generator": "Tests/NeuralTests/Fixtures/reference/generate_parity_reference.py",
        "versions": VERSIONS,
        "architecture": "4-16-relu-8-tanh-3",
        "keys": sorted(model.state_dict().keys()),
        "inputs": X[:5].astype(np.float64).tolist(),
        "logits": logits.numpy().astype(np.float64).tolist(),
        "probabilities": probabilities.numpy().astype(np.float64).tolist(),
    }
    with open(os.path.join(FIXTURES, "pytorch_state_dict_expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


def main():
    torch.set_num_threads(1)
    cases = []
    for c in CASES:
        final, curve = RUNNERS[c["peer"]](c)
        c = dict(c)
        c["final"] = final
        c["loss_curve"] = curve
        cases.append(c)
    out = {
        "generator": "Tests/NeuralTests/Fixtures/reference/generate_parity_reference.py",
        "versions": VERSIONS,
        "weight_layout": "every weight is [inputSize, outputSize] row-major (y = x·W + b): torch's Linear.weight transposed, Keras's kernel and scikit-learn's coefs_ as they are",
        "inputs": X.astype(np.float64).tolist(),
        "classes": CLASSES.tolist(),
        "binary": BINARY.tolist(),
        "values": VALUES.astype(np.float64).tolist(),
        "initial": {k: as_dict(v) for k, v in INITIAL.items()},
        "cases": cases,
    }
    with open(os.path.join(FIXTURES, "parity_reference.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    state_dict_fixture()
    print("wrote", len(cases), "cases;", VERSIONS, file=sys.stderr)


if __name__ == "__main__":
    main()
