#!/usr/bin/env python3
"""scikit-learn's `fit` on one of the small data sets written by small_sets.py, with the settings
`neural train` gets in the same comparison (small_sets.SETTINGS): the peer side of
`Benchmarks/compare --small-data`.

Usage: sklearn_small.py NAME DIR [--epochs 300] [--json]

Reads DIR/NAME-train.csv and DIR/NAME-test.csv, builds

- classes: StandardScaler → MLPClassifier(hidden_layer_sizes=(64,), activation="relu",
  solver="adam", learning_rate_init=1e-3, batch_size=32, alpha=1e-4, max_iter=300, shuffle=True,
  tol=0, n_iter_no_change=300, early_stopping=False, random_state=0);
- values (diabetes): the same MLPRegressor inside TransformedTargetRegressor(StandardScaler()),
  since `neural train` standardises a regression target and predicts in its units;

times `fit` alone (perf_counter, and the process's CPU time, around the call; reading the CSV, importing scikit-learn and the
process start are outside it), checks that all epochs ran (`n_iter_`), and prints one JSON line:
fit seconds, epochs run, the test score (accuracy, or R² for values), versions and the BLAS that
threadpoolctl reports. `tol=0` with `n_iter_no_change` equal to the epochs makes scikit-learn's
stopping rule unable to fire: a fit stops when the loss has failed to improve on more than
n_iter_no_change epochs, which 300 epochs cannot reach.
"""
import argparse
import csv
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import sklearn
from sklearn.compose import TransformedTargetRegressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, str(Path(__file__).resolve().parent))
from small_sets import SETS, SETTINGS  # noqa: E402


def read(path, task):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    x = np.array([[float(v) for v in row[:-1]] for row in rows[1:]])
    targets = [row[-1] for row in rows[1:]]
    y = np.array([float(t) for t in targets]) if task == "regression" else np.array(targets)
    return x, y


def estimator(task, epochs):
    common = dict(hidden_layer_sizes=(SETTINGS["hidden"],), activation=SETTINGS["activation"],
                  solver="adam", learning_rate_init=SETTINGS["learning_rate"],
                  batch_size=SETTINGS["batch_size"], alpha=SETTINGS["alpha"], max_iter=epochs,
                  shuffle=True, tol=0.0, n_iter_no_change=epochs, early_stopping=False,
                  random_state=SETTINGS["seed"])
    if task == "classification":
        return make_pipeline(StandardScaler(), MLPClassifier(**common))
    return TransformedTargetRegressor(regressor=make_pipeline(StandardScaler(), MLPRegressor(**common)),
                                      transformer=StandardScaler())


def blas():
    try:
        import threadpoolctl
    except ImportError:
        return "threadpoolctl not installed"
    return "; ".join(f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')} threads={i.get('num_threads')}"
                     for i in threadpoolctl.threadpool_info() if i.get("user_api") == "blas") or "none found"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("name", choices=sorted(SETS))
    parser.add_argument("folder")
    parser.add_argument("--epochs", type=int, default=SETTINGS["epochs"])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    task = SETS[args.name]
    x, y = read(Path(args.folder, f"{args.name}-train.csv"), task)
    x_test, y_test = read(Path(args.folder, f"{args.name}-test.csv"), task)
    model = estimator(task, args.epochs)
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    start, cpu_start = time.perf_counter(), time.process_time()
    model.fit(x, y)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    mlp = (model.regressor_ if task == "regression" else model)[-1]
    result = {"framework": "scikit-learn", "data_set": args.name, "task": task, "rows": len(y),
              "fit_seconds": seconds, "fit_cpu_seconds": cpu_seconds, "epochs_run": int(mlp.n_iter_),
              "score_name": "accuracy" if task == "classification" else "r2",
              "test_score": float(model.score(x_test, y_test)),
              "versions": {"scikit-learn": sklearn.__version__, "numpy": np.__version__}, "blas": blas()}
    if mlp.n_iter_ != args.epochs:
        sys.exit(f"sklearn_small.py: {args.name} stopped after {mlp.n_iter_} of {args.epochs} epochs")
    print(json.dumps(result) if args.json else
          f"{args.name}: fit {seconds:.3f} s, {mlp.n_iter_} epochs, test {result['score_name']} {result['test_score']:.4f}")


if __name__ == "__main__":
    main()
