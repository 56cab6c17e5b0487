#!/usr/bin/env python3
"""numpy's GEMM (its bundled OpenBLAS) on the shapes of `neural-bench gemm`, timed the same way:
median, min and max GFLOP/s over N samples, each at least 20 ms of back-to-back calls.

Usage: numpy_gemm.py --threads N [--samples 15] [--json]

The thread count is set through OPENBLAS_NUM_THREADS before numpy is imported, and through
threadpoolctl when it is installed (which also reports the BLAS in use, on stderr).
"""
import argparse
import json
import os
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, required=True)
parser.add_argument("--samples", type=int, default=15)
parser.add_argument("--json", action="store_true")
args = parser.parse_args()

os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
os.environ["OMP_NUM_THREADS"] = str(args.threads)

import numpy as np  # noqa: E402  (after the thread variables)

try:
    import threadpoolctl
except ImportError:
    threadpoolctl = None

# (m, k, n, transpose_a, transpose_b), as in Benchmarks/neural-bench/GEMMBenchmark.swift.
SHAPES = [
    (128, 784, 256, False, False), (128, 256, 128, False, False), (128, 128, 10, False, False),
    (32, 784, 256, False, False), (512, 784, 256, False, False), (1024, 1024, 1024, False, False),
    (784, 128, 256, True, False), (128, 256, 784, False, True),
]


def measure(m, k, n, ta, tb):
    rng = np.random.default_rng(42)
    a = rng.uniform(-1, 1, (k, m) if ta else (m, k)).astype(np.float32)
    b = rng.uniform(-1, 1, (n, k) if tb else (k, n)).astype(np.float32)
    # Transposed views: numpy passes them to cblas_sgemm with the transpose flag (no copy).
    op_a = a.T if ta else a
    op_b = b.T if tb else b
    c = np.empty((m, n), dtype=np.float32)
    flops = 2.0 * m * n * k
    repeats = 1
    while True:
        start = time.perf_counter()
        for _ in range(repeats):
            np.matmul(op_a, op_b, out=c)
        if time.perf_counter() - start >= 0.02:
            break
        repeats *= 2
    rates = []
    for _ in range(args.samples):
        start = time.perf_counter()
        for _ in range(repeats):
            np.matmul(op_a, op_b, out=c)
        rates.append(flops * repeats / (time.perf_counter() - start) * 1e-9)
    rates.sort()
    return {
        "m": m, "k": k, "n": n, "transpose_a": ta, "transpose_b": tb, "threads": args.threads,
        "gflops_median": rates[len(rates) // 2], "gflops_min": rates[0], "gflops_max": rates[-1],
    }


def run():
    return [measure(*shape) for shape in SHAPES]


if threadpoolctl is not None:
    with threadpoolctl.threadpool_limits(limits=args.threads, user_api="blas"):
        blas = [
            {k: info.get(k) for k in ("internal_api", "version", "architecture", "num_threads", "filepath")}
            for info in threadpoolctl.threadpool_info() if info.get("user_api") == "blas"
        ]
        print(f"numpy {np.__version__}, BLAS: {json.dumps(blas)}", file=sys.stderr)
        results = run()
else:
    print(f"numpy {np.__version__} (threadpoolctl not installed; BLAS threads from "
          f"OPENBLAS_NUM_THREADS={args.threads})", file=sys.stderr)
    results = run()

if args.json:
    print(json.dumps(results, indent=2))
else:
    for r in results:
        print(f"{r['m']}×{r['k']}×{r['n']} ta={r['transpose_a']} tb={r['transpose_b']} "
              f"threads={r['threads']}: {r['gflops_median']:.1f} [{r['gflops_min']:.1f} … {r['gflops_max']:.1f}]")
