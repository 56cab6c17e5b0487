#!/usr/bin/env python3
"""Runs ONNX graphs that take the CSV columns (`neural export --input columns`) in onnxruntime.

Usage: check_onnx_columns.py REQUEST.json

REQUEST.json is a list of {"model": path, "csv": path}. For each model this runs
`onnx.checker.check_model(full_check=True)`, then feeds the CSV file to onnxruntime (CPU) the way
a user of a scikit-learn pipeline converted by skl2onnx does: one array of shape [rows, 1] per
graph input, named after its column; float32 for a float input (an empty field, NA or NaN in any
case becomes NaN) and str for a string input (the field's text as it is, so a missing value arrives
as "", "NA" or "NaN"). Columns the graph does not take (the target) are ignored. It prints one JSON
document on stdout:

    {"versions": {...}, "results": [{"model": path, "inputs": {name: "float"|"string"},
                                     "outputs": {name: [...]}}, ...]}

A model that fails the checker or the runtime makes the script exit with status 1 and a message on
stderr naming the model.
"""
import csv
import json
import sys

import numpy as np
import onnx
import onnxruntime

MISSING = {"", "na", "nan"}


def number(text):
    return float("nan") if text.strip().lower() in MISSING else float(text)


def main():
    with open(sys.argv[1]) as handle:
        request = json.load(handle)
    results = []
    for item in request:
        path = item["model"]
        with open(item["csv"], newline="") as handle:
            rows = list(csv.DictReader(handle))
        try:
            model = onnx.load(path)
            onnx.checker.check_model(model, full_check=True)
            session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
            feeds, kinds = {}, {}
            for graph_input in session.get_inputs():
                name = graph_input.name
                if graph_input.type == "tensor(string)":
                    feeds[name] = np.array([[row[name]] for row in rows], dtype=object)
                    kinds[name] = "string"
                else:
                    feeds[name] = np.array([[number(row[name])] for row in rows], dtype=np.float32)
                    kinds[name] = "float"
            values = session.run(None, feeds)
        except Exception as error:  # report which model failed, then fail
            print(f"{path}: {type(error).__name__}: {error}", file=sys.stderr)
            sys.exit(1)
        outputs = {}
        for meta, value in zip(session.get_outputs(), values):
            array = np.asarray(value)
            outputs[meta.name] = array.tolist() if array.dtype == object else array.astype(np.float64).tolist()
        results.append({"model": path, "inputs": kinds, "outputs": outputs})
    versions = {"onnx": onnx.__version__, "onnxruntime": onnxruntime.__version__, "numpy": np.__version__}
    json.dump({"versions": versions, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
