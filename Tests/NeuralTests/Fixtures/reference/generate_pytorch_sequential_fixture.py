#!/usr/bin/env python3
"""A model file written by PyTorch itself, for the test that Neural reads it without a transpose.

Run:  python3 generate_pytorch_sequential_fixture.py
Writes:
  ../pytorch_sequential/sequential.safetensors  the state_dict of `Net` (below) saved with
      safetensors.torch.save_file, tensors as PyTorch holds them (`layers.<i>.weight` [out, in],
      `layers.<i>.bias` [out]), with the two metadata keys that make it a Neural model file of
      format version 2: the format version and the architecture. PyTorch's activation modules
      sit at the odd indices of the nn.Sequential and carry no tensors; in Neural's layer list
      each one is a dropout of rate 0 (the identity), so that the layer indices, and so the
      tensor names, are the same.
  ../pytorch_sequential/expected.json  the inputs, torch's outputs on them (float32, as lists
      of floats), the state_dict's names and shapes, and the library versions.
"""
import json
import os
import platform

import numpy as np
import safetensors
import torch
from safetensors.torch import save_file
from torch import nn

FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pytorch_sequential")


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        # 3 → 4 (tanh) → 4 (relu) → 2: the middle layer is square, so a transposed reading would
        # load without a shape error and only the outputs would show it.
        self.layers = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 2))

    def forward(self, x):
        return self.layers(x)


def main():
    torch.manual_seed(20261203)
    model = Net().eval()
    architecture = [
        {"type": "dense", "inputSize": 3, "outputSize": 4, "activation": {"name": "tanh"}},
        {"type": "dropout", "rate": 0},
        {"type": "dense", "inputSize": 4, "outputSize": 4, "activation": {"name": "relu"}},
        {"type": "dropout", "rate": 0},
        {"type": "dense", "inputSize": 4, "outputSize": 2},
    ]
    metadata = {"neural.format_version": "2", "neural.architecture": json.dumps(architecture)}
    os.makedirs(FOLDER, exist_ok=True)
    state = {name: tensor.contiguous() for name, tensor in model.state_dict().items()}
    save_file(state, os.path.join(FOLDER, "sequential.safetensors"), metadata=metadata)

    inputs = torch.tensor([[0.5, -1.0, 2.0], [0.0, 0.0, 0.0], [-1.5, 0.25, 0.75], [3.0, -2.0, -0.5]],
                          dtype=torch.float32)
    with torch.no_grad():
        outputs = model(inputs)
    expected = {
        "generator": "Tests/NeuralTests/Fixtures/reference/generate_pytorch_sequential_fixture.py",
        "versions": {
            "python": platform.python_version(),
            "torch": torch.__version__,
            "numpy": np.__version__,
            "safetensors": safetensors.__version__,
        },
        "tensors": {name: list(tensor.shape) for name, tensor in state.items()},
        "inputs": inputs.tolist(),
        "outputs": outputs.tolist(),
    }
    with open(os.path.join(FOLDER, "expected.json"), "w") as output:
        json.dump(expected, output, indent=1)
        output.write("\n")


if __name__ == "__main__":
    main()
