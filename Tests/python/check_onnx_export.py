#!/usr/bin/env python3
"""Checks ONNX files exported by Neural with the real `onnx` checker and onnxruntime.

Usage: check_onnx_export.py REQUEST.json

REQUEST.json is a list of {"model": path, "inputs": [[float, ...], ...]}. For each model this runs
`onnx.checker.check_model(full_check=True)` (which includes shape inference), then runs the model in
onnxruntime (CPU) on the inputs as float32, and prints one JSON document on stdout:

    {"versions": {...}, "results": [{"model": path, "opset": n, "ir_version": n,
                                     "outputs": {name: [[float, ...], ...]}}, ...]}

A model that fails the checker or the runtime makes the script exit with status 1 and a message on
stderr naming the model.
"""
import json
import sys

import numpy as np
import onnx
import onnxruntime


def main():
    with open(sys.argv[1]) as handle:
        request = json.load(handle)
    results = []
    for item in request:
        path = item["model"]
        try:
            model = onnx.load(path)
            onnx.checker.check_model(model, full_check=True)
            session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
            input_name = session.get_inputs()[0].name
            values = session.run(None, {input_name: np.asarray(item["inputs"], dtype=np.float32)})
        except Exception as error:  # report which model failed, then fail
            print(f"{path}: {type(error).__name__}: {error}", file=sys.stderr)
            sys.exit(1)
        outputs = {meta.name: np.asarray(value, dtype=np.float64).tolist()
                   for meta, value in zip(session.get_outputs(), values)}
        opset = next((entry.version for entry in model.opset_import if entry.domain in ("", "ai.onnx")), None)
        results.append({"model": path, "opset": opset, "ir_version": model.ir_version, "outputs": outputs})
    versions = {"onnx": onnx.__version__, "onnxruntime": onnxruntime.__version__, "numpy": np.__version__}
    json.dump({"versions": versions, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
