#!/usr/bin/env python3
"""onnxruntime inference on the MLP benchmark network (see workload.py): the 784-256-128-10 ReLU
network built in PyTorch and exported with torch.onnx (logits out, dynamic batch), run by an
InferenceSession with intra_op_num_threads = --threads.

Usage: onnxruntime_mlp.py infer [--batch-size 1,10000] [--threads 2] [--json]
"""
import os
import tempfile

import workload

args = workload.parse_arguments(__doc__)
workload.setup_threads(args.threads)
if args.task != "infer":
    raise SystemExit("onnxruntime_mlp.py: only 'infer' is measured (onnxruntime does not train this)")

import numpy as np  # noqa: E402
import onnxruntime  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(args.threads)
torch.manual_seed(args.seed)
versions = {"onnxruntime": onnxruntime.__version__, "torch": torch.__version__, "numpy": np.__version__}


def export(path):
    layers = []
    for i, (a, b) in enumerate(zip(workload.WIDTHS, workload.WIDTHS[1:])):
        layers.append(torch.nn.Linear(a, b))
        if i < len(workload.WIDTHS) - 2:
            layers.append(torch.nn.ReLU())
    net = torch.nn.Sequential(*layers).eval()
    example = torch.zeros(1, workload.INPUT)
    torch.onnx.export(net, (example,), path, input_names=["x"], output_names=["logits"],
                      dynamic_axes={"x": {0: "batch"}, "logits": {0: "batch"}}, dynamo=False)


x, _ = workload.data(max(args.batch_sizes), args.seed)
with tempfile.TemporaryDirectory() as directory:
    path = os.path.join(directory, "mlp.onnx")
    export(path)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = args.threads
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(path, options, providers=["CPUExecutionProvider"])
results = []
for batch in args.batch_sizes:
    feed = {"x": np.ascontiguousarray(x[:batch])}
    times = workload.time_calls(lambda: session.run(None, feed), batch)
    results.append(workload.infer_result("onnxruntime", batch, args.threads, times, versions))
workload.emit(args, results)
