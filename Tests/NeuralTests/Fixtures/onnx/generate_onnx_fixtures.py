#!/usr/bin/env python3
"""Produces the ONNX import fixtures from the real exporters.

Run from the repository root:

    python3 Tests/NeuralTests/Fixtures/onnx/generate_onnx_fixtures.py

Writes, next to this script:
  - `torch_*.onnx`: `torch.onnx.export` of small `nn.Sequential` MLPs (Linear + one activation),
    once with the TorchScript exporter (`dynamo=False`, Gemm with transB=1 and Constant nodes)
    and, for a few, with the `torch.export` based exporter (`dynamo=True`, initializers, Pow).
  - `sklearn_*.onnx`: `skl2onnx.convert_sklearn` of MLPRegressor / MLPClassifier (MatMul + Add,
    label and probability outputs; `zipmap` off).
  - `onnx_fixtures.json`: for every file, the inputs, the peer's own outputs (PyTorch's forward pass,
    scikit-learn's `predict` / `predict_proba`) and onnxruntime's outputs for the same inputs.
  - `versions.json`: the versions of the libraries that produced them.

Everything is seeded; the files are small (a few kilobytes each).
"""
import json
import os
import platform
import warnings

import numpy as np
import onnx
import onnxruntime
import sklearn
import skl2onnx
import torch
from skl2onnx import convert_sklearn
from skl2onnx.common.data_types import FloatTensorType
from sklearn.neural_network import MLPClassifier, MLPRegressor

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
FEATURES = 4


def run_onnxruntime(path, inputs):
    session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    results = session.run(None, {name: np.asarray(inputs, dtype=np.float32)})
    outputs = {}
    for meta, value in zip(session.get_outputs(), results):
        if np.asarray(value).dtype.kind == "f":
            outputs[meta.name] = np.asarray(value, dtype=np.float64).tolist()
    return outputs


def torch_activation(name):
    return {
        "relu": torch.nn.ReLU(),
        "leaky_relu": torch.nn.LeakyReLU(0.2),
        "sigmoid": torch.nn.Sigmoid(),
        "tanh": torch.nn.Tanh(),
        "elu": torch.nn.ELU(alpha=0.7),
        "softplus": torch.nn.Softplus(),
        "gelu_tanh": torch.nn.GELU(approximate="tanh"),
    }[name]


def export_torch(model, path, dynamo):
    example = torch.randn(2, FEATURES)
    if dynamo:
        torch.onnx.export(
            model, (example,), path, input_names=["input"], output_names=["output"],
            dynamic_shapes=({0: torch.export.Dim("batch")},), opset_version=18, dynamo=True,
            external_data=False, verbose=False,
        )
    else:
        torch.onnx.export(
            model, (example,), path, input_names=["input"], output_names=["output"],
            dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}}, opset_version=17,
            dynamo=False,
        )


def main():
    torch.manual_seed(7)
    rng = np.random.default_rng(7)
    inputs = rng.normal(size=(5, FEATURES)).astype(np.float32)
    cases = []

    # PyTorch: one MLP per activation, TorchScript exporter.
    torch_models = [(f"torch_{name}", [name], None) for name in
                    ["relu", "leaky_relu", "sigmoid", "tanh", "elu", "softplus", "gelu_tanh"]]
    torch_models.append(("torch_deep_softmax", ["tanh", "relu"], "softmax"))
    for file_stem, activations, link in torch_models:
        layers, width = [], FEATURES
        for activation in activations:
            layers += [torch.nn.Linear(width, 6), torch_activation(activation)]
            width = 6
        layers.append(torch.nn.Linear(width, 3))
        if link == "softmax":
            layers.append(torch.nn.Softmax(dim=-1))
        model = torch.nn.Sequential(*layers).eval()
        for dynamo in ([False, True] if file_stem in ("torch_gelu_tanh", "torch_deep_softmax") else [False]):
            stem = file_stem + ("_dynamo" if dynamo else "")
            path = os.path.join(HERE, stem + ".onnx")
            export_torch(model, path, dynamo)
            with torch.no_grad():
                expected = model(torch.from_numpy(inputs)).numpy().astype(np.float64)
            cases.append({
                "file": stem + ".onnx", "producer": "torch", "activations": activations,
                "outputLink": link or "identity", "inputs": inputs.astype(np.float64).tolist(),
                "expected": expected.tolist(), "onnxruntime": run_onnxruntime(path, inputs),
            })

    # scikit-learn through skl2onnx.
    x_train = rng.normal(size=(60, FEATURES))
    y_regression = x_train @ np.array([1.0, -2.0, 0.5, 0.3]) + 0.1 * rng.normal(size=60)
    y_three = np.argmax(x_train[:, :3], axis=1)
    y_two = (x_train[:, 0] + x_train[:, 1] > 0).astype(int)
    sklearn_models = [
        ("sklearn_regressor_relu", MLPRegressor(hidden_layer_sizes=(6,), activation="relu", max_iter=300, random_state=0), y_regression, "predict"),
        ("sklearn_regressor_tanh", MLPRegressor(hidden_layer_sizes=(6, 5), activation="tanh", max_iter=300, random_state=0), y_regression, "predict"),
        ("sklearn_classifier_logistic", MLPClassifier(hidden_layer_sizes=(6,), activation="logistic", max_iter=300, random_state=0), y_three, "predict_proba"),
        ("sklearn_classifier_binary", MLPClassifier(hidden_layer_sizes=(5,), activation="relu", max_iter=300, random_state=0), y_two, "predict_proba"),
    ]
    for stem, model, targets, method in sklearn_models:
        model.fit(x_train, targets)
        onnx_model = convert_sklearn(
            model, initial_types=[("input", FloatTensorType([None, FEATURES]))],
            options={id(model): {"zipmap": False}} if method == "predict_proba" else None,
            target_opset=17,
        )
        path = os.path.join(HERE, stem + ".onnx")
        with open(path, "wb") as handle:
            handle.write(onnx_model.SerializeToString())
        expected = getattr(model, method)(inputs.astype(np.float64))
        expected = np.asarray(expected, dtype=np.float64).reshape(len(inputs), -1)
        cases.append({
            "file": stem + ".onnx", "producer": "sklearn", "activations": [model.activation],
            "outputLink": "identity" if method == "predict" else ("softmax" if len(model.classes_) > 2 else "sigmoid"),
            "inputs": inputs.astype(np.float64).tolist(), "expected": expected.tolist(),
            "onnxruntime": run_onnxruntime(path, inputs),
        })

    for case in cases:
        onnx.checker.check_model(onnx.load(os.path.join(HERE, case["file"])))
    with open(os.path.join(HERE, "onnx_fixtures.json"), "w") as handle:
        json.dump({"cases": cases}, handle, indent=1)
    versions = {
        "python": platform.python_version(), "numpy": np.__version__, "torch": torch.__version__,
        "onnx": onnx.__version__, "onnxruntime": onnxruntime.__version__,
        "skl2onnx": skl2onnx.__version__, "scikit-learn": sklearn.__version__,
    }
    with open(os.path.join(HERE, "versions.json"), "w") as handle:
        json.dump(versions, handle, indent=1)
        handle.write("\n")


if __name__ == "__main__":
    main()
