#!/usr/bin/env python3
"""Opens a .safetensors file with Hugging Face's `safetensors` package and prints what it holds.

Usage: python3 check_safetensors.py FILE.safetensors
Prints one JSON object: {"versions": {...}, "metadata": {...}, "tensors": {name: {"dtype": "...",
"shape": [...], "bits": [uint32, ...]}}} where `bits` are the float32 bit patterns of the values
(so a comparison can be bit-exact, NaN payloads and signed zeros included). Exits non-zero with a
message on stderr if the package refuses the file. Neural's tests run it on files Neural wrote.
"""
import json
import platform
import sys

import numpy as np
import safetensors
from safetensors import safe_open
from safetensors.numpy import load_file


def main(path):
    tensors = load_file(path)  # the package's full validation of header, offsets and coverage
    with safe_open(path, framework="np") as handle:
        metadata = handle.metadata() or {}
        names = list(handle.keys())
    result = {
        "versions": {"python": platform.python_version(), "numpy": np.__version__,
                     "safetensors": safetensors.__version__},
        "metadata": metadata,
        "tensors": {},
    }
    for name in names:
        array = tensors[name]
        if array.dtype != np.float32:
            raise SystemExit(f"{path}: tensor {name} has dtype {array.dtype}, expected float32")
        result["tensors"][name] = {
            "dtype": str(array.dtype),
            "shape": list(array.shape),
            "bits": np.ascontiguousarray(array).view(np.uint32).ravel().tolist(),
        }
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: check_safetensors.py FILE.safetensors")
    main(sys.argv[1])
