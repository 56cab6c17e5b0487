#!/usr/bin/env python3
"""scikit-learn's five shipped data sets as CSV files, for the small-data comparison
(`Benchmarks/compare --small-data`) and its CI check (`.ci/small-data.sh`).

Usage: small_sets.py DIR [--sets iris,wine,breast_cancer,digits,diabetes]

For each set, `load_<name>()` from scikit-learn (the data ship inside the package: nothing is
downloaded), split 80/20 by `train_test_split(random_state=0)` (stratified by class for the four
classification sets), written as DIR/<name>-train.csv and DIR/<name>-test.csv: one column per
feature under scikit-learn's feature name, then the column `target` (the class name for iris,
wine and breast_cancer, the digit for digits, the disease progression for diabetes). Numbers are
written with Python's `repr`, so both programs read the same float64 values. Prints one JSON line
describing what was written.

The settings both programs train with are here too (SETTINGS), so the comparison and the check
read them from one place.
"""
import argparse
import json
import sys
from pathlib import Path

# name → (task, target rows are class names)
SETS = {
    "iris": "classification",
    "wine": "classification",
    "breast_cancer": "classification",
    "digits": "classification",
    "diabetes": "regression",
}
TEST_FRACTION = 0.2
SPLIT_SEED = 0

# The settings: one hidden layer of 64 ReLU units, Adam at 1e-3, batches of 32, 300 epochs,
# no validation split, scikit-learn's L2 alpha 1e-4, shuffled every epoch, and no stopping rule
# (both programs run all 300 epochs).
SETTINGS = {"hidden": 64, "activation": "relu", "learning_rate": 1e-3, "batch_size": 32,
            "epochs": 300, "alpha": 1e-4, "seed": 0}


def neural_train_arguments(name, train_csv, model_path, settings=SETTINGS):
    """The `neural train` arguments (after the executable) for set `name` with `settings`."""
    arguments = [str(train_csv), "--target", "target", "--model", str(model_path),
                 "--hidden", str(settings["hidden"]), "--activation", settings["activation"],
                 "--optimizer", "adam", "--learning-rate", repr(settings["learning_rate"]),
                 "--batch-size", str(settings["batch_size"]), "--epochs", str(settings["epochs"]),
                 "--l2", repr(settings["alpha"]), "--seed", str(settings["seed"]),
                 "--validation-split", "0", "--parity", "sklearn",
                 # scikit-learn's stopping rule, made unable to fire (as for scikit-learn below).
                 "--tol", "0", "--n-iter-no-change", str(settings["epochs"])]
    if name == "breast_cancer":
        # Two classes: one logistic output, as MLPClassifier has (Neural's default is softmax).
        arguments += ["--output-activation", "sigmoid"]
    return arguments


def load(name):
    """(features float64 [n, d], targets, feature names, whether targets are class names)."""
    import sklearn.datasets
    data = getattr(sklearn.datasets, f"load_{name}")()
    names = [str(n) for n in getattr(data, "feature_names", [])] or \
        [f"x{i}" for i in range(data.data.shape[1])]
    if name == "digits":
        names = [f"pixel_{i // 8}_{i % 8}" for i in range(data.data.shape[1])]
    if SETS[name] == "classification" and name != "digits":
        targets = [str(data.target_names[t]) for t in data.target]
    elif SETS[name] == "classification":
        targets = [str(int(t)) for t in data.target]
    else:
        targets = [repr(float(t)) for t in data.target]
    return data.data, data.target, names, targets


def write(folder, names):
    from sklearn.model_selection import train_test_split
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in names:
        features, labels, columns, targets = load(name)
        indices = list(range(len(targets)))
        stratify = labels if SETS[name] == "classification" else None
        train, test = train_test_split(indices, test_size=TEST_FRACTION, random_state=SPLIT_SEED,
                                       stratify=stratify)
        header = ",".join(_quoted(c) for c in columns + ["target"])
        for part, rows in (("train", train), ("test", test)):
            lines = [header] + [",".join([repr(float(v)) for v in features[i]] + [_quoted(targets[i])])
                                for i in sorted(rows)]
            path = folder / f"{name}-{part}.csv"
            path.write_text("\n".join(lines) + "\n")
        written[name] = {"task": SETS[name], "train_rows": len(train), "test_rows": len(test),
                         "features": features.shape[1]}
    return written


def _quoted(text):
    return f'"{text}"' if any(c in text for c in ',"\n') else text


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder")
    parser.add_argument("--sets", default=",".join(SETS))
    args = parser.parse_args()
    names = args.sets.split(",")
    unknown = [n for n in names if n not in SETS]
    if unknown:
        sys.exit(f"small_sets.py: unknown data sets {unknown}; known: {', '.join(SETS)}")
    import sklearn
    print(json.dumps({"scikit-learn": sklearn.__version__, "sets": write(args.folder, names)}))


if __name__ == "__main__":
    main()
