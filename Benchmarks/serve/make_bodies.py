"""Writes the request bodies of the serving benchmark: for 1 and 100 rows of iris.csv, the
Open Inference Protocol request with one FP32 tensor [rows, 4], as JSON and as binary tensors
(JSON header, then the raw float32 values; the header's length goes in
Inference-Header-Content-Length). The tensor is named INPUT (`input` for neural serve,
`input-0` for MLServer's scikit-learn runtime); both servers get the same bytes otherwise.

Usage: make_bodies.py iris.csv OUTDIR INPUT_NAME
"""
import csv
import json
import os
import struct
import sys

data, out, name = sys.argv[1:4]
with open(data) as f:
    rows = [[float(r[c]) for c in ("sepal_length", "sepal_width", "petal_length", "petal_width")] for r in csv.DictReader(f)]
for count in (1, 100):
    chunk = (rows * 2)[:count]
    body = {"inputs": [{"name": name, "datatype": "FP32", "shape": [count, 4], "data": [v for r in chunk for v in r]}]}
    with open(os.path.join(out, f"json-{count}.body"), "wb") as f:
        f.write(json.dumps(body).encode())
    raw = struct.pack("<%df" % (4 * count), *[v for r in chunk for v in r])
    header = json.dumps({"inputs": [{"name": name, "datatype": "FP32", "shape": [count, 4],
                                     "parameters": {"binary_data_size": len(raw)}}],
                         "parameters": {"binary_data_output": True}}).encode()
    with open(os.path.join(out, f"binary-{count}.body"), "wb") as f:
        f.write(header + raw)
    with open(os.path.join(out, f"binary-{count}.length"), "w") as f:
        f.write(str(len(header)))
