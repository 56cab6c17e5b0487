#!/usr/bin/env python3
"""Reference values for Neural's Metrics, computed by scikit-learn.

Run:  python3 generate_metrics_reference.py
Writes ../metrics_reference.json with the library versions used. Probabilities and regression
values are float32 (what Neural's models output), so log_loss clips with float32's machine epsilon.
"""
import json
import os
import platform

import numpy as np
import sklearn
from sklearn import metrics


FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def f32(values):
    return np.asarray(values, dtype=np.float32)


def as_json_floats(array):
    # float(np.float32) is the exact double of the float32, which Swift parses back to the same Float.
    return np.asarray(array, dtype=np.float64).tolist()


CLASSIFICATION_CASES = [
    {
        "name": "binary",
        "class_count": 2,
        "actual": [0, 1, 1, 0, 1, 0, 0, 1, 1, 1],
        "predicted": [0, 1, 0, 0, 1, 1, 0, 1, 1, 0],
        "probabilities": [[0.8, 0.2], [0.3, 0.7], [0.6, 0.4], [0.9, 0.1], [0.05, 0.95],
                          [0.45, 0.55], [0.7, 0.3], [0.2, 0.8], [0.35, 0.65], [0.51, 0.49]],
        "weights": None,
    },
    {
        # Probabilities of class 1 only, including exact 0 and 1 (clipped to [eps, 1 - eps]).
        "name": "binary_positive_column_clipped",
        "class_count": 2,
        "actual": [0, 1, 1, 0, 1, 0],
        "predicted": [0, 1, 0, 1, 1, 0],
        "probabilities": [[0.0], [1.0], [0.0], [1.0], [0.9], [0.25]],
        "weights": None,
    },
    {
        # Four classes; class 3 occurs in the actual labels but is never predicted (its precision
        # is 0/0 → 0), class 2 is predicted once but never occurs (recall 0/0 → 0).
        "name": "multiclass_class_never_predicted",
        "class_count": 4,
        "actual": [0, 1, 1, 0, 3, 3, 1, 0, 1, 3, 0, 1],
        "predicted": [0, 1, 0, 0, 1, 0, 1, 0, 2, 1, 1, 1],
        "probabilities": [[0.7, 0.1, 0.1, 0.1], [0.1, 0.6, 0.2, 0.1], [0.5, 0.3, 0.1, 0.1],
                          [0.8, 0.1, 0.05, 0.05], [0.2, 0.4, 0.1, 0.3], [0.4, 0.3, 0.1, 0.2],
                          [0.1, 0.7, 0.1, 0.1], [0.6, 0.2, 0.1, 0.1], [0.1, 0.3, 0.5, 0.1],
                          [0.25, 0.35, 0.1, 0.3], [0.3, 0.4, 0.2, 0.1], [0.0, 1.0, 0.0, 0.0]],
        "weights": None,
    },
    {
        # Five classes of which class 4 occurs nowhere: scikit-learn's macro average (labels not
        # given) skips it; per-class scores are asked for all five with labels=range(5).
        "name": "multiclass_class_absent_everywhere",
        "class_count": 5,
        "actual": [0, 1, 2, 3, 0, 1, 2, 3, 2, 2],
        "predicted": [0, 2, 2, 3, 1, 1, 2, 0, 2, 3],
        "probabilities": None,
        "weights": None,
    },
    {
        "name": "multiclass_weighted",
        "class_count": 3,
        "actual": [0, 1, 2, 2, 1, 0, 2, 1],
        "predicted": [0, 2, 2, 1, 1, 0, 2, 0],
        "probabilities": [[0.6, 0.3, 0.1], [0.2, 0.3, 0.5], [0.1, 0.2, 0.7], [0.2, 0.5, 0.3],
                          [0.3, 0.4, 0.3], [0.5, 0.25, 0.25], [0.05, 0.15, 0.8], [0.4, 0.35, 0.25]],
        "weights": [1.0, 2.0, 0.5, 1.5, 1.0, 3.0, 0.25, 2.0],
    },
]

REGRESSION_CASES = [
    {
        # The lecture's worked MSE example: ŷ = (1.5, 1.2, .2, 1) against y = (1.6, 1.5, .7, 3).
        "name": "lecture_example",
        "actual": [[1.6], [1.5], [0.7], [3.0]],
        "predicted": [[1.5], [1.2], [0.2], [1.0]],
        "weights": None,
    },
    {
        "name": "single_output",
        "actual": [[3.0], [-0.5], [2.0], [7.0], [4.25], [-1.5]],
        "predicted": [[2.5], [0.0], [2.0], [8.0], [3.75], [-2.0]],
        "weights": None,
    },
    {
        "name": "two_outputs_weighted",
        "actual": [[0.5, 1.0], [-1.0, 1.0], [7.0, -6.0], [2.0, 3.5]],
        "predicted": [[0.0, 2.0], [-1.0, 2.0], [8.0, -5.0], [1.5, 3.0]],
        "weights": [1.0, 0.5, 2.0, 1.5],
    },
    {
        # Constant target predicted perfectly: R² is 1 (force_finite=True).
        "name": "constant_target_perfect",
        "actual": [[2.5], [2.5], [2.5], [2.5]],
        "predicted": [[2.5], [2.5], [2.5], [2.5]],
        "weights": None,
    },
    {
        # Constant target predicted imperfectly: R² is 0 instead of −inf (force_finite=True).
        "name": "constant_target_imperfect",
        "actual": [[2.5], [2.5], [2.5], [2.5]],
        "predicted": [[2.5], [3.0], [2.0], [2.5]],
        "weights": None,
    },
]


def classification_reference(case):
    k = case["class_count"]
    actual = np.asarray(case["actual"])
    predicted = np.asarray(case["predicted"])
    weights = None if case["weights"] is None else np.asarray(case["weights"], dtype=np.float64)
    labels = list(range(k))
    precision, recall, f1, support = metrics.precision_recall_fscore_support(
        actual, predicted, labels=labels, average=None, zero_division=0, sample_weight=weights)
    macro = metrics.precision_recall_fscore_support(
        actual, predicted, average="macro", zero_division=0, sample_weight=weights)
    expected = {
        "accuracy": metrics.accuracy_score(actual, predicted, sample_weight=weights),
        "precision_macro": macro[0],
        "recall_macro": macro[1],
        "f1_macro": macro[2],
        "precision": precision.tolist(),
        "recall": recall.tolist(),
        "f1": f1.tolist(),
        "support": np.asarray(support, dtype=np.float64).tolist() if weights is None else
        [float(weights[actual == c].sum()) for c in labels],
        "confusion_matrix": np.asarray(
            metrics.confusion_matrix(actual, predicted, labels=labels, sample_weight=weights),
            dtype=np.float64).tolist(),
        "log_loss": None,
    }
    probabilities = None
    if case["probabilities"] is not None:
        probabilities = f32(case["probabilities"])
        scored = probabilities[:, 0] if probabilities.shape[1] == 1 else probabilities
        expected["log_loss"] = metrics.log_loss(actual, scored, labels=labels, sample_weight=weights)
    return {
        "name": case["name"],
        "class_count": k,
        "actual": case["actual"],
        "predicted": case["predicted"],
        "probabilities": None if probabilities is None else as_json_floats(probabilities),
        "weights": case["weights"],
        "expected": {key: (float(value) if isinstance(value, (float, np.floating)) else value)
                     for key, value in expected.items()},
    }


def regression_reference(case):
    actual = f32(case["actual"])
    predicted = f32(case["predicted"])
    weights = None if case["weights"] is None else np.asarray(case["weights"], dtype=np.float64)
    # scikit-learn computes in the inputs' precision; give it the float32 values as float64 so
    # its arithmetic matches Neural's Double accumulation of Float inputs.
    a64 = actual.astype(np.float64)
    p64 = predicted.astype(np.float64)
    return {
        "name": case["name"],
        "actual": as_json_floats(actual),
        "predicted": as_json_floats(predicted),
        "weights": case["weights"],
        "expected": {
            "mse": float(metrics.mean_squared_error(a64, p64, sample_weight=weights)),
            "rmse": float(metrics.root_mean_squared_error(a64, p64, sample_weight=weights)),
            "mae": float(metrics.mean_absolute_error(a64, p64, sample_weight=weights)),
            "r2": float(metrics.r2_score(a64, p64, sample_weight=weights)),
        },
    }


def main():
    reference = {
        "generator": "Tests/NeuralTests/Fixtures/reference/generate_metrics_reference.py",
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scikit-learn": sklearn.__version__,
        },
        "classification": [classification_reference(case) for case in CLASSIFICATION_CASES],
        "regression": [regression_reference(case) for case in REGRESSION_CASES],
    }
    with open(os.path.join(FIXTURES, "metrics_reference.json"), "w") as output:
        json.dump(reference, output, indent=1)
        output.write("\n")


if __name__ == "__main__":
    main()
