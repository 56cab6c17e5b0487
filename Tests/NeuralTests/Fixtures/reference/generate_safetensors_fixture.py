#!/usr/bin/env python3
"""Safetensors files written by Hugging Face's `safetensors` package, for Neural's reader tests.

Run:  python3 generate_safetensors_fixture.py
Writes:
  ../python_written.safetensors         F32 tensors (a matrix, a vector, a scalar, an empty
                                        tensor, a 3-D tensor) and string metadata
  ../python_written_dtypes.safetensors  the same kind of values stored as F16 and F64
  ../python_written_expected.json       every tensor's shape and its values as float32 bit
                                        patterns (after conversion to float32), the metadata,
                                        and the library versions
"""
import json
import os
import platform

import numpy as np
import safetensors
from safetensors.numpy import save_file


FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def bits(array):
    return np.ascontiguousarray(array, dtype=np.float32).view(np.uint32).ravel().tolist()


def main():
    generator = np.random.default_rng(20261129)
    float32_tensors = {
        "layers.0.weight": generator.standard_normal((3, 4)).astype(np.float32),
        "layers.0.bias": np.array([0.5, -0.25, 1e-30, -0.0], dtype=np.float32),
        "scale": np.array(3.25, dtype=np.float32),
        "empty": np.zeros((0, 3), dtype=np.float32),
        "cube": np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 7,
        "specials": np.array([np.inf, -np.inf, np.finfo(np.float32).max,
                              np.finfo(np.float32).smallest_subnormal], dtype=np.float32),
    }
    metadata = {
        "neural.format_version": "1",
        "note": "written by Python's safetensors",
        "unicode": "é ✓ 😀 \"quoted\"",
        "json": json.dumps({"hidden": [8, 4], "activation": "relu", "unicode": "é ✓"}),
    }
    save_file(float32_tensors, os.path.join(FIXTURES, "python_written.safetensors"), metadata=metadata)

    half = (generator.standard_normal((2, 5)) * 10).astype(np.float16)
    half_specials = np.array([np.float16(6.1e-05), np.float16(5.96e-08), -np.float16(65504), np.float16(np.inf)],
                             dtype=np.float16)
    double = generator.standard_normal((4, 2)) * 1e3
    dtype_tensors = {"half": half, "half_specials": half_specials, "double": double}
    save_file(dtype_tensors, os.path.join(FIXTURES, "python_written_dtypes.safetensors"))

    expected = {
        "generator": "Tests/NeuralTests/Fixtures/reference/generate_safetensors_fixture.py",
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "safetensors": safetensors.__version__,
        },
        "python_written.safetensors": {
            "metadata": metadata,
            "tensors": {name: {"shape": list(array.shape), "bits": bits(array)}
                        for name, array in float32_tensors.items()},
        },
        "python_written_dtypes.safetensors": {
            "metadata": {},
            "tensors": {name: {"shape": list(array.shape), "bits": bits(array.astype(np.float32))}
                        for name, array in dtype_tensors.items()},
        },
    }
    with open(os.path.join(FIXTURES, "python_written_expected.json"), "w") as output:
        json.dump(expected, output, indent=1, ensure_ascii=False)
        output.write("\n")


if __name__ == "__main__":
    main()
