"""Reference values for Neural's lecture estimators, from scikit-learn and numpy.

Writes ../estimator_reference.json:
  versions: library versions used
  perceptron: for each case, the data (row order is the training order), eta, epochs and
              scikit-learn's Perceptron(shuffle=False, tol=None) coef_/intercept_ after training
  least_squares: data, numpy.linalg.lstsq solution (weights, bias) and Ridge solutions

Run: python3 generate_estimator_reference.py
"""
import json
import os
import platform

import numpy as np
import sklearn
from sklearn.linear_model import Perceptron, Ridge

rng = np.random.default_rng(7)
out = {
    "versions": {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scikit-learn": sklearn.__version__,
    }
}

# The notes' table made binary: target 1 when y >= 5.
notes_x = np.array([[2, 3], [3, 5], [1, 0], [3, 1]], dtype=np.float64)
notes_t = np.array([0, 1, 0, 1])

# A separable 3-feature set from a fixed teacher, with a margin.
teacher = np.array([1.5, -2.0, 0.5])
xs = rng.uniform(-1, 1, size=(200, 3))
margin = xs @ teacher + 0.2
keep = np.abs(margin) > 0.3
xs = xs[keep][:40]
ts = (xs @ teacher + 0.2 > 0).astype(int)

cases = []
for name, x, t, eta in [("notes", notes_x, notes_t, 1.0), ("separable", xs, ts, 0.5)]:
    model = Perceptron(eta0=eta, shuffle=False, tol=None, max_iter=50, fit_intercept=True, penalty=None)
    model.fit(x, t)
    cases.append({
        "name": name,
        "inputs": x.tolist(),
        "targets": t.tolist(),
        "eta": eta,
        "max_iter": 50,
        "weights": model.coef_[0].tolist(),
        "bias": float(model.intercept_[0]),
        "training_accuracy": float(model.score(x, t)),
    })
out["perceptron"] = cases

# Least squares on a noisy linear problem; and the notes' table (y on x1, x2).
lx = rng.normal(size=(30, 3))
ly = lx @ np.array([0.7, -1.2, 2.0]) + 0.3 + 0.05 * rng.normal(size=30)
ls = []
for name, x, y in [("noisy", lx, ly), ("notes", notes_x, np.array([4, 6, 2, 5], dtype=np.float64))]:
    # Solve on the float32-rounded data that the Swift side reads.
    x = x.astype(np.float32).astype(np.float64)
    y = y.astype(np.float32).astype(np.float64)
    design = np.hstack([x, np.ones((x.shape[0], 1))])
    solution, *_ = np.linalg.lstsq(design, y, rcond=None)
    ridge = Ridge(alpha=0.5, fit_intercept=True).fit(x, y)
    ls.append({
        "name": name,
        "inputs": x.tolist(),
        "targets": y.tolist(),
        "weights": solution[:-1].tolist(),
        "bias": float(solution[-1]),
        "ridge_alpha": 0.5,
        "ridge_weights": ridge.coef_.tolist(),
        "ridge_bias": float(ridge.intercept_),
    })
out["least_squares"] = ls

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "estimator_reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path))
