"""scikit-learn's RandomizedSearchCV on the search `neural tune` runs in Benchmarks/tune_compare.sh.

Also writes the data sets as CSV (--export DIR): scikit-learn's digits (1797 × 64, 10 classes) and
breast_cancer (569 × 30, 2 classes), target column `target`, so both programs read the same rows.

The space is the one tune_compare.sh gives `neural tune --space`:
  hidden=[32],[64],[64,32]; learning-rate=loguniform(1e-4,1e-1); l2=loguniform(1e-6,1e-2);
  batch-size=16|32|64; activation=relu|tanh
as MLPClassifier(solver="adam", max_iter=EPOCHS) parameters: hidden_layer_sizes, learning_rate_init,
alpha (the same penalty convention as --l2), batch_size, activation; 5-fold stratified shuffled
folds; scoring accuracy. Prints one JSON line: best mean CV accuracy, its parameters, wall time,
versions and the BLAS threadpoolctl reports.
"""
import argparse
import json
import platform
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import scipy
import sklearn
from scipy.stats import loguniform
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import RandomizedSearchCV, StratifiedKFold
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

LOADERS = {"digits": load_digits, "breast_cancer": load_breast_cancer}


def export(folder):
    for name, loader in LOADERS.items():
        data = loader()
        header = ",".join([f"x{i}" for i in range(data.data.shape[1])] + ["target"])
        rows = [",".join([repr(float(v)) for v in x] + [str(int(t))]) for x, t in zip(data.data, data.target)]
        Path(folder, f"{name}.csv").write_text(header + "\n" + "\n".join(rows) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--export")
    parser.add_argument("--data", choices=sorted(LOADERS))
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.export:
        export(args.export)
        return
    data = LOADERS[args.data]()
    space = {
        "mlpclassifier__hidden_layer_sizes": [(32,), (64,), (64, 32)],
        "mlpclassifier__learning_rate_init": loguniform(1e-4, 1e-1),
        "mlpclassifier__alpha": loguniform(1e-6, 1e-2),
        "mlpclassifier__batch_size": [16, 32, 64],
        "mlpclassifier__activation": ["relu", "tanh"],
    }
    # Standardisation inside the pipeline, so it is fitted on each fold's training rows, as neural does.
    model = make_pipeline(StandardScaler(), MLPClassifier(solver="adam", max_iter=args.epochs, random_state=args.seed))
    search = RandomizedSearchCV(model, space, n_iter=args.trials, scoring="accuracy", n_jobs=args.jobs,
                                cv=StratifiedKFold(args.folds, shuffle=True, random_state=args.seed),
                                random_state=args.seed, refit=True)
    warnings.simplefilter("ignore", ConvergenceWarning)
    started = time.perf_counter()
    search.fit(data.data, data.target)
    seconds = time.perf_counter() - started
    try:
        from threadpoolctl import threadpool_info
        blas = [{k: i.get(k) for k in ("internal_api", "version", "architecture", "num_threads")} for i in threadpool_info()]
    except ImportError:
        blas = "threadpoolctl not installed"
    print(json.dumps({
        "data": args.data, "trials": args.trials, "folds": args.folds, "epochs": args.epochs, "jobs": args.jobs,
        "best_score": search.best_score_, "best_params": {k.split("__")[1]: str(v) for k, v in search.best_params_.items()},
        "seconds_including_refit": seconds,
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
                     "scikit-learn": sklearn.__version__},
        "blas": blas,
    }))


if __name__ == "__main__":
    sys.exit(main())
