"""Reference values for Neural's LinearRegression, LogisticRegression, MLPClassifier and
MLPRegressor, from scikit-learn and numpy.

Writes ../lecture_model_reference.json:
  versions: library versions used
  linear: a noisy linear problem (float32-rounded) and numpy.linalg.lstsq's weights and bias
  logistic_binary: two overlapping Gaussian classes, standardised; scikit-learn's
                   LogisticRegression(C=np.inf) (unpenalised, penalty=None before 1.8) coef_, intercept_, predict_proba[:, 1], accuracy
  logistic_multinomial: three overlapping Gaussian classes; the same with the softmax model
  mlp_classifier: iris, standardised with the training rows' mean and std, a stratified 70/30
                  split; MLPClassifier's train and test accuracy with the settings recorded
  mlp_regressor: y = sin(2 x1) + x2² − 0.5 x3 + noise, 300 rows; MLPRegressor's train and test R²

Every data set is stored as float32-rounded values, as the Swift side reads them.
Run: python3 generate_lecture_model_reference.py
"""
import json
import os
import platform

import numpy as np
import sklearn
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor

rng = np.random.default_rng(2024)


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def standardise(train, test):
    mean, std = train.mean(axis=0), train.std(axis=0)
    return f32((train - mean) / std), f32((test - mean) / std)


out = {"versions": {"python": platform.python_version(), "numpy": np.__version__,
                    "scikit-learn": sklearn.__version__}}

# Linear regression.
lx = f32(rng.normal(size=(60, 3)))
ly = f32(lx @ np.array([1.5, -0.7, 0.25]) + 2.0 + 0.1 * rng.normal(size=60))
design = np.hstack([lx, np.ones((60, 1))])
solution, *_ = np.linalg.lstsq(design, ly, rcond=None)
out["linear"] = {"inputs": lx.tolist(), "targets": ly.tolist(), "weights": solution[:-1].tolist(),
                 "bias": float(solution[-1])}

# Logistic regression, binary: two Gaussians whose means are 2 apart (about 16% overlap).
n = 100
bx = np.vstack([rng.normal([0, 0], 1, size=(n, 2)), rng.normal([1.6, 1.2], 1, size=(n, 2))])
bx = f32((bx - bx.mean(axis=0)) / bx.std(axis=0))
by = np.array([0] * n + [1] * n)
model = LogisticRegression(C=np.inf, tol=1e-12, max_iter=100000).fit(bx, by)
out["logistic_binary"] = {"inputs": bx.tolist(), "labels": by.tolist(), "coef": model.coef_.tolist(),
                          "intercept": model.intercept_.tolist(),
                          "probabilities": model.predict_proba(bx)[:, 1].tolist(),
                          "accuracy": float(model.score(bx, by))}

# Logistic regression, three classes.
centres = np.array([[0, 0], [2, 0.5], [0.8, 2]])
mx = np.vstack([rng.normal(c, 0.9, size=(60, 2)) for c in centres])
mx = f32((mx - mx.mean(axis=0)) / mx.std(axis=0))
my = np.repeat([0, 1, 2], 60)
model = LogisticRegression(C=np.inf, tol=1e-12, max_iter=100000).fit(mx, my)
out["logistic_multinomial"] = {"inputs": mx.tolist(), "labels": my.tolist(),
                               "probabilities": model.predict_proba(mx).tolist(),
                               "accuracy": float(model.score(mx, my))}

# MLPClassifier on iris.
iris = load_iris()
xtr, xte, ytr, yte = train_test_split(iris.data, iris.target, test_size=0.3, stratify=iris.target, random_state=0)
xtr, xte = standardise(xtr, xte)
settings = {"hidden_layer_sizes": [16], "activation": "relu", "solver": "adam", "alpha": 1e-4,
            "learning_rate_init": 0.01, "max_iter": 300, "random_state": 0}
accuracies = []
for seed in range(5):
    clf = MLPClassifier(**{**settings, "hidden_layer_sizes": tuple(settings["hidden_layer_sizes"]),
                           "random_state": seed}).fit(xtr, ytr)
    accuracies.append((clf.score(xtr, ytr), clf.score(xte, yte), clf.n_iter_))
out["mlp_classifier"] = {"train_inputs": xtr.tolist(), "train_labels": [iris.target_names[i] for i in ytr],
                         "test_inputs": xte.tolist(), "test_labels": [iris.target_names[i] for i in yte],
                         "settings": settings,
                         "train_accuracy": float(np.mean([a[0] for a in accuracies])),
                         "test_accuracy": float(np.mean([a[1] for a in accuracies])),
                         "n_iter": [int(a[2]) for a in accuracies],
                         "note": "accuracies are the mean over random_state 0..4"}

# MLPRegressor on a smooth nonlinear function.
rx = rng.uniform(-1.5, 1.5, size=(300, 3))
ry = np.sin(2 * rx[:, 0]) + rx[:, 1] ** 2 - 0.5 * rx[:, 2] + 0.1 * rng.normal(size=300)
xtr, xte, ytr, yte = train_test_split(rx, ry, test_size=0.3, random_state=0)
xtr, xte = f32(xtr), f32(xte)
ytr, yte = f32(ytr), f32(yte)
settings = {"hidden_layer_sizes": [32], "activation": "tanh", "solver": "adam", "alpha": 1e-4, "tol": 1e-5, "n_iter_no_change": 20,
            "learning_rate_init": 0.01, "max_iter": 500, "random_state": 0}
scores = []
for seed in range(5):
    reg = MLPRegressor(**{**settings, "hidden_layer_sizes": tuple(settings["hidden_layer_sizes"]),
                          "random_state": seed}).fit(xtr, ytr)
    scores.append((reg.score(xtr, ytr), reg.score(xte, yte), reg.n_iter_))
out["mlp_regressor"] = {"train_inputs": xtr.tolist(), "train_targets": ytr.tolist(),
                        "test_inputs": xte.tolist(), "test_targets": yte.tolist(), "settings": settings,
                        "train_r2": float(np.mean([s[0] for s in scores])),
                        "test_r2": float(np.mean([s[1] for s in scores])),
                        "n_iter": [int(s[2]) for s in scores],
                        "note": "R² values are the mean over random_state 0..4"}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lecture_model_reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path))
for key in ["logistic_binary", "logistic_multinomial"]:
    print(key, out[key]["accuracy"])
print("mlp_classifier", out["mlp_classifier"]["train_accuracy"], out["mlp_classifier"]["test_accuracy"], out["mlp_classifier"]["n_iter"])
print("mlp_regressor", out["mlp_regressor"]["train_r2"], out["mlp_regressor"]["test_r2"], out["mlp_regressor"]["n_iter"])
