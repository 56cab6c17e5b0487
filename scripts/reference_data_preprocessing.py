#!/usr/bin/env python3
"""Reference values for the data layer's tests, computed by scikit-learn on the built-in data
sets (read from the same CSV text the library ships) and on small lists.

    pip install scikit-learn
    python3 scripts/reference_data_preprocessing.py

Writes Tests/NeuralTests/Fixtures/data/preprocessing_reference.json with the library versions.
"""
import json
import os
import re
import sys

import numpy as np
import sklearn
from sklearn.preprocessing import LabelEncoder, OneHotEncoder, StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")


def shipped_csv(name):
    """The CSV text inside Sources/Neural/Data/Datasets/<name>.swift."""
    with open(os.path.join(ROOT, "Sources", "Neural", "Data", "Datasets", name + ".swift")) as handle:
        source = handle.read()
    text = re.search(r'"""\n(.*?)"""', source, re.S).group(1)
    lines = [line.split(",") for line in text.strip().split("\n")]
    return lines[0], lines[1:]


def scaler(name, feature_count):
    header, rows = shipped_csv(name)
    features = np.array([[float(v) for v in row[:feature_count]] for row in rows])
    fitted = StandardScaler().fit(features)
    return {"columns": header[:feature_count], "mean": fitted.mean_.tolist(), "scale": fitted.scale_.tolist()}


iris_header, iris_rows = shipped_csv("Iris")
colors = ["red", "blue", "Green", "blue", "10", "2"]
reference = {
    "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scikit-learn": sklearn.__version__},
    "iris_standard_scaler": scaler("Iris", 4),
    "diabetes_standard_scaler": scaler("Diabetes", 10),
    "iris_label_encoder_classes": LabelEncoder().fit([row[4] for row in iris_rows]).classes_.tolist(),
    "integer_label_encoder": {"labels": [10, 2, 1, 2],
                              "classes": LabelEncoder().fit([10, 2, 1, 2]).classes_.tolist()},
    "one_hot_categories": {"values": colors,
                           "categories": OneHotEncoder().fit(np.array(colors).reshape(-1, 1)).categories_[0].tolist()},
}
path = os.path.join(ROOT, "Tests", "NeuralTests", "Fixtures", "data", "preprocessing_reference.json")
with open(path, "w") as handle:
    json.dump(reference, handle, indent=1)
    handle.write("\n")
print("wrote", path)
