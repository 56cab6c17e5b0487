#!/usr/bin/env python3
"""Reference fill values for Neural's Imputer, computed by scikit-learn's SimpleImputer.

Run:  python3 generate_imputer_reference.py
Writes ../imputer_reference.json with the library versions used. Each case is a small CSV
(numbers and text, missing values written as empty fields or NA) whose first `train_rows` rows
are the training rows; SimpleImputer is fitted on those rows with strategy mean, median and
most_frequent for the numeric columns and most_frequent for the text columns (SimpleImputer's
mean and median do not apply to text). Numbers are parsed as float32 first, as Neural reads them.
"""
import json
import os
import platform

import numpy as np
import sklearn
from sklearn.impute import SimpleImputer

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def cases():
    yield {
        # Ties: numbers 2 and 3 twice each (most_frequent takes the smaller, 2); an even count
        # of six values (the median is the mean of the middle two, 2.5); text "a" and "b" twice
        # each (the smaller, "a"). The last two rows are not training rows: their values must
        # not move the statistics.
        "name": "ties",
        "numeric": {"x": ["4", "1", "2", "2", "3", "3", "", "100", "100"]},
        "text": {"t": ["b", "a", "b", "a", "NA", "c", "c", "c", "c"]},
        "train_rows": 7,
    }
    rng = np.random.default_rng(15)
    rows = 60
    numeric = {}
    for name, scale in (("height", 20.0), ("weight", 3.5), ("count", 0)):
        if scale:
            values = rng.normal(50, scale, rows).round(2)
        else:
            values = rng.integers(0, 6, rows).astype(float)
        text = [f"{v:g}" for v in values]
        for index in rng.choice(rows, 9, replace=False):
            text[index] = "" if index % 2 else "NA"
        numeric[name] = text
    colours = rng.choice(["red", "green", "blue", "Blue"], rows, p=[0.3, 0.3, 0.3, 0.1]).tolist()
    for index in rng.choice(rows, 7, replace=False):
        colours[index] = ""
    yield {"name": "random", "numeric": numeric, "text": {"colour": colours}, "train_rows": 48}


def missing(value):
    return value == "" or value.lower() in ("na", "nan")


def reference(case):
    train = case["train_rows"]
    result = {"name": case["name"], "train_rows": train, "columns": {}}
    for name, values in case["numeric"].items():
        column = np.array([[np.nan if missing(v) else float(np.float32(v))] for v in values[:train]])
        fills = {}
        for strategy in ("mean", "median", "most_frequent"):
            imputer = SimpleImputer(strategy=strategy).fit(column)
            fills[strategy] = float(imputer.statistics_[0])
        result["columns"][name] = {"kind": "numeric", "values": values, "fills": fills}
    for name, values in case["text"].items():
        column = np.array([[np.nan if missing(v) else v] for v in values[:train]], dtype=object)
        imputer = SimpleImputer(strategy="most_frequent").fit(column)
        result["columns"][name] = {"kind": "text", "values": values,
                                   "fills": {"most_frequent": imputer.statistics_[0]}}
    return result


def main():
    document = {
        "generator": "Tests/NeuralTests/Fixtures/reference/generate_imputer_reference.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__,
                     "scikit-learn": sklearn.__version__},
        "cases": [reference(case) for case in cases()],
    }
    with open(os.path.join(FIXTURES, "imputer_reference.json"), "w") as file:
        json.dump(document, file, indent=1)
        file.write("\n")


if __name__ == "__main__":
    main()
