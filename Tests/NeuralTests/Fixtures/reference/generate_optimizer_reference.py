#!/usr/bin/env python3
"""Reference numbers for Neural's optimizers, gradient clipping and learning-rate schedules.

Run from the package root:

    pip install torch scikit-learn keras jax
    KERAS_BACKEND=jax python3 Tests/NeuralTests/Fixtures/reference/generate_optimizer_reference.py

It writes two files next to this script's parent folder (Tests/NeuralTests/Fixtures/):

optimizer_reference.json
------------------------
{
  "generator": path of this script,
  "versions": {"python", "numpy", "torch", "sklearn", "keras", "jax"},
  "optimizers": [            # each case: an optimizer run by the real library, in float32
                             # (scikit-learn's AdamOptimizer/SGDOptimizer run in float64)
    {"name": unique id, "library": "torch" | "keras" | "sklearn",
     "optimizer": "sgd" | "adam" | "adamw" | "rmsprop" | "adagrad",
     "settings": {hyperparameters, in the library's own names},
     "initial": θ0 (list of floats),
     "gradients": [g for step 1, g for step 2, …] (each a list like θ0),
     "learning_rates": [η for step 1, …],
     "trajectory": [θ after step 1, θ after step 2, …]}
  ],
  "clipping": [
    {"name", "kind": "norm" | "value", "max_norm" or "clip_value",
     "gradients": [tensor as flat list, …]   # several tensors, concatenated = one flat vector,
     "norm_before": total 2-norm returned by clip_grad_norm_ (norm cases),
     "clipped": [tensor after clipping, …]}
  ],
  "schedules": [             # PyTorch schedulers, stepped once per epoch
    {"name", "library": "torch", "scheduler": "StepLR" | "ExponentialLR" | "CosineAnnealingLR"
       | "LinearLR+CosineAnnealingLR" | "ReduceLROnPlateau",
     "settings": {…}, "base_lr",
     "metrics": [value passed to step() at the end of epoch i]   (ReduceLROnPlateau only),
     "rates": [learning rate in use during epoch i, i = 0, 1, …]}
  ],
  "sklearn_schedules": [     # the rate scikit-learn's SGDOptimizer used at every batch of a real
                             # MLPRegressor(solver='sgd').fit, recorded by wrapping _get_updates
    {"name", "learning_rate": "invscaling" | "adaptive", "settings": {…},
     "n_samples", "batch_size", "early_stopping",
     "loss_curve": loss_curve_ (training loss per epoch),
     "validation_scores": validation_scores_ or null,
     "step_rates": [[rate at each batch of epoch 0], [… epoch 1], …],
     "epochs_run": n_iter_, "stopped_early": n_iter_ < max_iter}
  ]
}

mlp_trajectory_reference.json
-----------------------------
Full-batch Adam (torch.optim.Adam, lr 1e-2, defaults otherwise) for 20 steps on a 3-5-4-2 MLP,
in float32, from fixed initial weights on 8 fixed samples:
{
  "generator", "versions",
  "weight_layout": explanation string: every weight is stored as [inputSize, outputSize] row-major,
                   i.e. torch's Linear.weight transposed, matching Neural's Dense (y = x·W + b),
  "inputs": [[x0, x1, x2] × 8],
  "networks": [
    {"name": "tanh_mse" | "relu_softmax_cross_entropy",
     "hidden_activation": "tanh" | "relu", "output": "identity" | "softmax",
     "loss": "mse_mean_over_all_elements" (torch MSELoss: mean over 8·2 elements)
           | "cross_entropy_mean_over_batch" (torch CrossEntropyLoss on logits and class indices),
     "targets": [[y0, y1] × 8] (regression) | [class index × 8] (classification),
     "learning_rate": 0.01, "steps": 20,
     "initial": {"layers.0.weight": [[…]] (3×5), "layers.0.bias": […] (5),
                 "layers.1.weight" (5×4), "layers.1.bias" (4), "layers.2.weight" (4×2), "layers.2.bias" (2)},
     "losses": [loss at the weights before step k, k = 1…20],
     "final_loss": loss after the 20th step,
     "final": weights after 20 steps, same keys and layout as "initial"}
  ]
}
"""

import json
import os
import platform

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "jax")

import jax  # noqa: E402
import keras  # noqa: E402
import sklearn  # noqa: E402
import torch  # noqa: E402
from sklearn.neural_network import MLPRegressor  # noqa: E402
from sklearn.neural_network import _stochastic_optimizers as sk_optimizers  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.dirname(HERE)
GENERATOR = "Tests/NeuralTests/Fixtures/reference/generate_optimizer_reference.py"

torch.set_num_threads(1)


def versions():
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "torch": torch.__version__,
        "sklearn": sklearn.__version__,
        "keras": keras.__version__,
        "jax": jax.__version__,
    }


def floats(values):
    """Plain Python floats; float32 values convert exactly."""
    return [float(v) for v in np.asarray(values).ravel()]


# MARK: - Optimizers

THETA0 = [0.1, -0.2, 0.3]
GRADIENTS3 = [[0.5, -1.0, 2.0], [-0.2, 0.3, 1.5], [0.1, -0.05, -1.0]]


def torch_case(name, optimizer, settings, initial, gradients, rates):
    theta = torch.tensor(initial, dtype=torch.float32, requires_grad=True)
    factory = {
        "sgd": torch.optim.SGD,
        "adam": torch.optim.Adam,
        "adamw": torch.optim.AdamW,
        "rmsprop": torch.optim.RMSprop,
        "adagrad": torch.optim.Adagrad,
    }[optimizer]
    opt = factory([theta], lr=rates[0], **settings)
    trajectory = []
    for gradient, rate in zip(gradients, rates):
        for group in opt.param_groups:
            group["lr"] = rate
        theta.grad = torch.tensor(gradient, dtype=torch.float32)
        opt.step()
        trajectory.append(floats(theta.detach().numpy()))
    return {"name": name, "library": "torch", "optimizer": optimizer, "settings": settings,
            "initial": floats(np.float32(initial)), "gradients": [floats(np.float32(g)) for g in gradients],
            "learning_rates": rates, "trajectory": trajectory}


def keras_case(name, settings, initial, gradients, rate):
    variable = keras.Variable(np.asarray(initial, np.float32))
    opt = keras.optimizers.Adam(learning_rate=rate, **settings)
    trajectory = []
    for gradient in gradients:
        opt.apply_gradients([(np.asarray(gradient, np.float32), variable)])
        trajectory.append(floats(np.asarray(variable.value)))
    return {"name": name, "library": "keras", "optimizer": "adam", "settings": settings,
            "initial": floats(np.float32(initial)), "gradients": [floats(np.float32(g)) for g in gradients],
            "learning_rates": [rate] * len(gradients), "trajectory": trajectory}


def sklearn_adam_case(name, initial, gradients, rate):
    """scikit-learn's AdamOptimizer (float64 arithmetic, defaults β1 0.9, β2 0.999, ε 1e-8)."""
    params = [np.asarray(initial, np.float64)]
    opt = sk_optimizers.AdamOptimizer(params, learning_rate_init=rate)
    trajectory = []
    for gradient in gradients:
        opt.update_params(params, [np.asarray(gradient, np.float64)])
        trajectory.append(floats(params[0]))
    return {"name": name, "library": "sklearn", "optimizer": "adam",
            "settings": {"beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-8},
            "initial": floats(initial), "gradients": [floats(g) for g in gradients],
            "learning_rates": [rate] * len(gradients), "trajectory": trajectory}


def sklearn_sgd_case(name, settings, initial, gradients, rates):
    """scikit-learn's SGDOptimizer (float64); the rate is set before each step."""
    params = [np.asarray(initial, np.float64)]
    opt = sk_optimizers.SGDOptimizer(params, learning_rate_init=rates[0], **settings)
    trajectory = []
    for gradient, rate in zip(gradients, rates):
        opt.learning_rate = rate
        opt.update_params(params, [np.asarray(gradient, np.float64)])
        trajectory.append(floats(params[0]))
    return {"name": name, "library": "sklearn", "optimizer": "sgd", "settings": settings,
            "initial": floats(initial), "gradients": [floats(g) for g in gradients],
            "learning_rates": rates, "trajectory": trajectory}


def optimizer_cases():
    cases = []
    one_step = [[1.0, 1e-6]]
    three = [[0.5], [-0.2], [0.1]]
    # Adam, one step from θ = 0 with gradient 1 and 1e-6, lr 1e-3, in both ε placements.
    cases.append(torch_case("adam_pytorch_one_step", "adam", {}, [0.0, 0.0], one_step, [1e-3]))
    cases.append(keras_case("adam_keras_one_step", {"epsilon": 1e-8}, [0.0, 0.0], one_step, 1e-3))
    cases.append(sklearn_adam_case("adam_sklearn_one_step", [0.0, 0.0], one_step, 1e-3))
    # Three steps with gradients 0.5, −0.2, 0.1.
    cases.append(torch_case("adam_pytorch_three_steps", "adam", {}, [0.0], three, [1e-3] * 3))
    cases.append(keras_case("adam_keras_three_steps", {"epsilon": 1e-8}, [0.0], three, 1e-3))
    cases.append(sklearn_adam_case("adam_sklearn_three_steps", [0.0], three, 1e-3))
    # AMSGrad: the second moment falls after the large first gradient, so the maximum matters.
    ams = [[1.0, -2.0, 0.5], [0.1, 0.2, 0.4], [0.05, -0.1, 0.6], [0.2, 0.3, -0.1]]
    cases.append(torch_case("adam_pytorch_amsgrad", "adam", {"amsgrad": True}, THETA0, ams, [1e-2] * 4))
    cases.append(keras_case("adam_keras_amsgrad", {"epsilon": 1e-8, "amsgrad": True}, THETA0, ams, 1e-2))
    cases.append(torch_case("adam_pytorch_weight_decay", "adam", {"weight_decay": 0.1}, THETA0, GRADIENTS3, [1e-2] * 3))
    cases.append(torch_case("adamw_pytorch", "adamw", {}, [1.0, -2.0, 0.5], GRADIENTS3, [1e-2] * 3))
    cases.append(torch_case("adamw_pytorch_decay_0.1_amsgrad", "adamw", {"weight_decay": 0.1, "amsgrad": True},
                            [1.0, -2.0, 0.5], ams, [1e-2] * 4))
    # SGD: lr 0.1, μ 0.9, two steps of gradient 1, classical and Nesterov.
    cases.append(torch_case("sgd_pytorch_momentum", "sgd", {"momentum": 0.9}, [0.0], [[1.0], [1.0]], [0.1, 0.1]))
    cases.append(torch_case("sgd_pytorch_nesterov", "sgd", {"momentum": 0.9, "nesterov": True}, [0.0], [[1.0], [1.0]], [0.1, 0.1]))
    cases.append(torch_case("sgd_pytorch_plain", "sgd", {}, THETA0, GRADIENTS3, [0.1] * 3))
    cases.append(torch_case("sgd_pytorch_dampening", "sgd", {"momentum": 0.9, "dampening": 0.5}, THETA0, GRADIENTS3, [0.1] * 3))
    cases.append(torch_case("sgd_pytorch_weight_decay_nesterov", "sgd",
                            {"momentum": 0.8, "nesterov": True, "weight_decay": 0.05}, THETA0, GRADIENTS3, [0.1, 0.05, 0.02]))
    cases.append(sklearn_sgd_case("sgd_sklearn_momentum", {"momentum": 0.9, "nesterov": False}, THETA0, GRADIENTS3, [0.1, 0.05, 0.02]))
    cases.append(sklearn_sgd_case("sgd_sklearn_nesterov", {"momentum": 0.9, "nesterov": True}, THETA0, GRADIENTS3, [0.1, 0.05, 0.02]))
    # RMSProp and Adagrad.
    rates = [1e-2] * 3
    cases.append(torch_case("rmsprop_pytorch_plain", "rmsprop", {}, THETA0, GRADIENTS3, rates))
    cases.append(torch_case("rmsprop_pytorch_centered", "rmsprop", {"centered": True}, THETA0, GRADIENTS3, rates))
    cases.append(torch_case("rmsprop_pytorch_momentum", "rmsprop", {"momentum": 0.9}, THETA0, GRADIENTS3, rates))
    cases.append(torch_case("rmsprop_pytorch_centered_momentum_decay", "rmsprop",
                            {"centered": True, "momentum": 0.5, "weight_decay": 0.1, "alpha": 0.9}, THETA0, GRADIENTS3, rates))
    cases.append(torch_case("adagrad_pytorch_plain", "adagrad", {}, THETA0, GRADIENTS3, [0.1] * 3))
    cases.append(torch_case("adagrad_pytorch_decay_accumulator", "adagrad",
                            {"lr_decay": 0.1, "initial_accumulator_value": 0.1, "weight_decay": 0.05}, THETA0, GRADIENTS3, [0.1] * 3))
    return cases


# MARK: - Clipping

def clipping_cases():
    tensors = [[3.0, -4.0, 0.5, 1.5], [2.0, -0.25]]
    cases = []
    for max_norm in (1.0, 100.0):
        grads = [torch.tensor(t, dtype=torch.float32) for t in tensors]
        params = [torch.zeros_like(g, requires_grad=True) for g in grads]
        for p, g in zip(params, grads):
            p.grad = g.clone()
        norm = torch.nn.utils.clip_grad_norm_(params, max_norm)
        cases.append({"name": f"norm_{max_norm}", "kind": "norm", "max_norm": max_norm,
                      "gradients": [floats(np.float32(t)) for t in tensors], "norm_before": float(norm),
                      "clipped": [floats(p.grad.numpy()) for p in params]})
    grads = [torch.tensor(t, dtype=torch.float32) for t in tensors]
    params = [torch.zeros_like(g, requires_grad=True) for g in grads]
    for p, g in zip(params, grads):
        p.grad = g.clone()
    torch.nn.utils.clip_grad_value_(params, 0.5)
    cases.append({"name": "value_0.5", "kind": "value", "clip_value": 0.5,
                  "gradients": [floats(np.float32(t)) for t in tensors],
                  "clipped": [floats(p.grad.numpy()) for p in params]})
    return cases


# MARK: - PyTorch schedulers

def torch_rates(make, epochs, base_lr, metrics=None):
    theta = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([theta], lr=base_lr)
    scheduler = make(opt)
    rates = []
    for epoch in range(epochs):
        rates.append(opt.param_groups[0]["lr"])
        opt.step()
        if metrics is None:
            scheduler.step()
        else:
            scheduler.step(metrics[epoch])
    return rates


def schedule_cases():
    S = torch.optim.lr_scheduler
    cases = []

    def add(name, scheduler, settings, base_lr, epochs, make, metrics=None):
        case = {"name": name, "library": "torch", "scheduler": scheduler, "settings": settings, "base_lr": base_lr,
                "rates": torch_rates(make, epochs, base_lr, metrics)}
        if metrics is not None:
            case["metrics"] = metrics
        cases.append(case)

    add("step_lr", "StepLR", {"step_size": 3, "gamma": 0.5}, 0.1, 12,
        lambda o: S.StepLR(o, step_size=3, gamma=0.5))
    add("exponential_lr", "ExponentialLR", {"gamma": 0.9}, 0.1, 12, lambda o: S.ExponentialLR(o, gamma=0.9))
    add("cosine_annealing_lr", "CosineAnnealingLR", {"T_max": 10, "eta_min": 0.001}, 0.1, 11,
        lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.001))
    add("linear_warmup_cosine", "LinearLR+CosineAnnealingLR",
        {"start_factor": 0.1, "end_factor": 1.0, "total_iters": 3, "T_max": 7, "eta_min": 0.0}, 0.1, 11,
        lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.1, end_factor=1.0, total_iters=3),
                                     S.CosineAnnealingLR(o, T_max=7, eta_min=0.0)], milestones=[3]))
    losses = [1.0, 0.9, 0.9, 0.95, 0.899, 0.91, 0.92, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.49, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6]
    add("plateau_min_rel", "ReduceLROnPlateau",
        {"mode": "min", "factor": 0.5, "patience": 2, "threshold": 0.01, "threshold_mode": "rel",
         "cooldown": 1, "min_lr": 0.01, "eps": 1e-8}, 0.1, len(losses),
        lambda o: S.ReduceLROnPlateau(o, mode="min", factor=0.5, patience=2, threshold=0.01,
                                      threshold_mode="rel", cooldown=1, min_lr=0.01, eps=1e-8), losses)
    add("plateau_min_abs", "ReduceLROnPlateau",
        {"mode": "min", "factor": 0.1, "patience": 1, "threshold": 0.05, "threshold_mode": "abs",
         "cooldown": 0, "min_lr": 0.0, "eps": 1e-8}, 0.1, len(losses),
        lambda o: S.ReduceLROnPlateau(o, mode="min", factor=0.1, patience=1, threshold=0.05,
                                      threshold_mode="abs", cooldown=0, min_lr=0.0, eps=1e-8), losses)
    scores = [0.5, 0.6, 0.6, 0.61, 0.62, 0.62, 0.7, 0.7, 0.7, 0.7, 0.71, 0.69, 0.69, 0.69]
    add("plateau_max_rel", "ReduceLROnPlateau",
        {"mode": "max", "factor": 0.3, "patience": 1, "threshold": 0.02, "threshold_mode": "rel",
         "cooldown": 2, "min_lr": 0.0, "eps": 1e-8}, 0.1, len(scores),
        lambda o: S.ReduceLROnPlateau(o, mode="max", factor=0.3, patience=1, threshold=0.02,
                                      threshold_mode="rel", cooldown=2, min_lr=0.0, eps=1e-8), scores)
    # eps: the third reduction (1e-3·0.1 → 1e-4) is smaller than eps = 5e-4 and is skipped.
    add("plateau_eps", "ReduceLROnPlateau",
        {"mode": "min", "factor": 0.1, "patience": 0, "threshold": 1e-4, "threshold_mode": "rel",
         "cooldown": 0, "min_lr": 0.0, "eps": 5e-4}, 0.1, 6,
        lambda o: S.ReduceLROnPlateau(o, mode="min", factor=0.1, patience=0, eps=5e-4), [1.0] * 6)
    return cases


# MARK: - scikit-learn's own runs

def sklearn_schedule_run(name, learning_rate, settings, early_stopping=False, n_samples=10, batch_size=4, max_iter=30):
    rng = np.random.RandomState(0)
    X = rng.uniform(-1, 1, size=(n_samples, 3))
    y = X @ np.array([1.5, -2.0, 0.5]) + 0.3 * np.sin(3 * X[:, 0]) + 0.1 * rng.normal(size=n_samples)
    recorded = []
    original = sk_optimizers.SGDOptimizer._get_updates

    def recording(self, grads):
        recorded.append(self.learning_rate)
        return original(self, grads)

    sk_optimizers.SGDOptimizer._get_updates = recording
    try:
        model = MLPRegressor(hidden_layer_sizes=(4,), solver="sgd", learning_rate=learning_rate, batch_size=batch_size,
                             shuffle=False, random_state=0, max_iter=max_iter, early_stopping=early_stopping,
                             momentum=0.9, **settings)
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(X, y)
    finally:
        sk_optimizers.SGDOptimizer._get_updates = original
    n_train = n_samples if not early_stopping else n_samples - max(1, int(round(n_samples * model.validation_fraction)))
    per_epoch = -(-n_train // batch_size)
    step_rates = [recorded[i:i + per_epoch] for i in range(0, len(recorded), per_epoch)]
    return {"name": name, "learning_rate": learning_rate, "settings": settings, "n_samples": n_train,
            "batch_size": batch_size, "early_stopping": early_stopping,
            "loss_curve": [float(v) for v in model.loss_curve_],
            "validation_scores": None if model.validation_scores_ is None else [float(v) for v in model.validation_scores_],
            "step_rates": step_rates, "epochs_run": model.n_iter_, "stopped_early": bool(model.n_iter_ < max_iter)}


def sklearn_schedule_cases():
    return [
        sklearn_schedule_run("invscaling", "invscaling",
                             {"learning_rate_init": 0.05, "power_t": 0.5, "n_iter_no_change": 1000}, max_iter=8),
        sklearn_schedule_run("invscaling_power_0.25", "invscaling",
                             {"learning_rate_init": 0.01, "power_t": 0.25, "n_iter_no_change": 1000}, max_iter=6),
        # A tolerance so large that no epoch after the first counts as an improvement: the rate is
        # divided by 5 every n_iter_no_change + 1 epochs until it is ≤ 1e-6, then training stops.
        sklearn_schedule_run("adaptive_forced_plateaus", "adaptive",
                             {"learning_rate_init": 0.01, "tol": 1e9, "n_iter_no_change": 1}, max_iter=40),
        # A realistic tolerance on a loss that flattens out.
        sklearn_schedule_run("adaptive_training_loss", "adaptive",
                             {"learning_rate_init": 0.02, "tol": 1e-3, "n_iter_no_change": 2}, max_iter=60),
        # Early stopping: scikit-learn watches the validation R² (higher is better) instead.
        sklearn_schedule_run("adaptive_validation_score", "adaptive",
                             {"learning_rate_init": 0.02, "tol": 1e-3, "n_iter_no_change": 2, "validation_fraction": 0.2},
                             early_stopping=True, n_samples=12, max_iter=60),
    ]


# MARK: - MLP trajectory

def mlp_trajectories():
    rng = np.random.RandomState(42)
    inputs = rng.uniform(-1, 1, size=(8, 3)).astype(np.float32)
    sizes = [3, 5, 4, 2]
    initial = {}
    for i in range(3):
        bound = 1 / np.sqrt(sizes[i])
        initial[f"layers.{i}.weight"] = rng.uniform(-bound, bound, size=(sizes[i], sizes[i + 1])).astype(np.float32)
        initial[f"layers.{i}.bias"] = rng.uniform(-bound, bound, size=(sizes[i + 1],)).astype(np.float32)
    regression_targets = np.stack([np.sin(inputs[:, 0]) + inputs[:, 1], inputs[:, 2] * inputs[:, 0]], axis=1).astype(np.float32)
    class_targets = (inputs[:, 0] + 0.5 * inputs[:, 1] > 0).astype(np.int64)

    def run(name, activation, output, loss_name, targets):
        layers = []
        for i in range(3):
            linear = torch.nn.Linear(sizes[i], sizes[i + 1])
            with torch.no_grad():
                # Neural stores W as [in, out] (y = x·W + b); torch's Linear.weight is [out, in].
                linear.weight.copy_(torch.from_numpy(initial[f"layers.{i}.weight"].T.copy()))
                linear.bias.copy_(torch.from_numpy(initial[f"layers.{i}.bias"]))
            layers.append(linear)
            if i < 2:
                layers.append(torch.nn.Tanh() if activation == "tanh" else torch.nn.ReLU())
        model = torch.nn.Sequential(*layers)
        x = torch.from_numpy(inputs)
        if loss_name == "mse_mean_over_all_elements":
            criterion = torch.nn.MSELoss()
            t = torch.from_numpy(targets)
        else:
            criterion = torch.nn.CrossEntropyLoss()
            t = torch.from_numpy(targets)
        opt = torch.optim.Adam(model.parameters(), lr=1e-2)
        losses = []
        for _ in range(20):
            opt.zero_grad()
            loss = criterion(model(x), t)
            losses.append(float(loss.detach()))
            loss.backward()
            opt.step()
        with torch.no_grad():
            final_loss = float(criterion(model(x), t))
        final = {}
        for i, index in enumerate([0, 2, 4]):
            final[f"layers.{i}.weight"] = model[index].weight.detach().numpy().T.tolist()
            final[f"layers.{i}.bias"] = model[index].bias.detach().numpy().tolist()
        return {"name": name, "hidden_activation": activation, "output": output, "loss": loss_name,
                "targets": targets.tolist(), "learning_rate": 1e-2, "steps": 20,
                "initial": {k: v.tolist() for k, v in initial.items()},
                "losses": losses, "final_loss": final_loss, "final": final}

    return {
        "generator": GENERATOR,
        "versions": versions(),
        "weight_layout": "Each layers.i.weight is [inputSize, outputSize] row-major (torch's Linear.weight "
                         "transposed), matching Neural's Dense: y = x·W + b with x [batch, inputSize].",
        "inputs": inputs.tolist(),
        "networks": [
            run("tanh_mse", "tanh", "identity", "mse_mean_over_all_elements", regression_targets),
            run("relu_softmax_cross_entropy", "relu", "softmax", "cross_entropy_mean_over_batch", class_targets),
        ],
    }


def main():
    reference = {
        "generator": GENERATOR,
        "versions": versions(),
        "optimizers": optimizer_cases(),
        "clipping": clipping_cases(),
        "schedules": schedule_cases(),
        "sklearn_schedules": sklearn_schedule_cases(),
    }
    with open(os.path.join(FIXTURES, "optimizer_reference.json"), "w") as f:
        json.dump(reference, f, indent=1)
        f.write("\n")
    with open(os.path.join(FIXTURES, "mlp_trajectory_reference.json"), "w") as f:
        json.dump(mlp_trajectories(), f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
