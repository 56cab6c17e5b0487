"""Trains scikit-learn's MLPClassifier with the shape of `neural train`'s default network
(4 inputs, one hidden layer of 100 ReLU units, 3 classes; Adam) on iris.csv, with the features
standardised as neural standardises them, and saves it for MLServer's scikit-learn runtime.

Usage: train_sklearn.py iris.csv model.joblib
"""
import csv
import sys

import joblib
import numpy as np
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

with open(sys.argv[1]) as f:
    rows = list(csv.DictReader(f))
x = np.array([[float(r[c]) for c in ("sepal_length", "sepal_width", "petal_length", "petal_width")] for r in rows], dtype=np.float32)
y = np.array([r["species"] for r in rows])
model = make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=(100,), max_iter=200, random_state=0))
model.fit(x, y)
joblib.dump(model, sys.argv[2])
print(f"scikit-learn MLP trained, accuracy {model.score(x, y):.3f}")
