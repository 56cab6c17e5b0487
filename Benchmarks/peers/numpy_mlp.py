#!/usr/bin/env python3
"""A plain numpy implementation of the MLP benchmark workload (see workload.py): forward,
softmax + cross-entropy delta, backward and Adam written out with numpy's matmul (its OpenBLAS)
and in-place elementwise operations; and forward-pass inference.

Usage: numpy_mlp.py train [--batch-size 128] [--threads 2] [--json]
       numpy_mlp.py infer [--batch-size 1,10000] [--threads 2] [--json]
"""
import time

import workload

args = workload.parse_arguments(__doc__)
workload.setup_threads(args.threads)

import numpy as np  # noqa: E402

blas = workload.blas_description(args.threads)
workload.log(f"numpy {np.__version__}, BLAS: {blas}")
versions = {"numpy": np.__version__, "blas": blas}


def init(rng):
    params = []
    for a, b in zip(workload.WIDTHS, workload.WIDTHS[1:]):
        bound = 1 / np.sqrt(a)
        params.append(rng.uniform(-bound, bound, (a, b)).astype(np.float32))
        params.append(np.zeros(b, np.float32))
    return params


def forward(params, x):
    w1, b1, w2, b2, w3, b3 = params
    a1 = np.maximum(x @ w1 + b1, 0)
    a2 = np.maximum(a1 @ w2 + b2, 0)
    return a2 @ w3 + b3


def train():
    x, y = workload.data(args.samples, args.seed)
    rng = np.random.default_rng(args.seed + 1)
    params = init(rng)
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    beta1, beta2, lr, eps = 0.9, 0.999, 1e-3, 1e-8
    t = 0
    batch = args.batch_size

    def step(indices):
        nonlocal t
        w1, b1, w2, b2, w3, b3 = params
        xb, yb = x[indices], y[indices]
        rows = xb.shape[0]
        a1 = xb @ w1
        a1 += b1
        np.maximum(a1, 0, out=a1)
        a2 = a1 @ w2
        a2 += b2
        np.maximum(a2, 0, out=a2)
        z = a2 @ w3
        z += b3
        # Softmax + cross-entropy: delta = (softmax(z) − onehot(y)) / rows.
        z -= z.max(axis=1, keepdims=True)
        np.exp(z, out=z)
        z /= z.sum(axis=1, keepdims=True)
        z[np.arange(rows), yb] -= 1
        z *= np.float32(1 / rows)
        d3 = z
        grads = [None] * 6
        grads[4] = a2.T @ d3
        grads[5] = d3.sum(axis=0)
        d2 = d3 @ w3.T
        d2 *= a2 > 0
        grads[2] = a1.T @ d2
        grads[3] = d2.sum(axis=0)
        d1 = d2 @ w2.T
        d1 *= a1 > 0
        grads[0] = xb.T @ d1
        grads[1] = d1.sum(axis=0)
        t += 1
        step_size = np.float32(lr / (1 - beta1 ** t))
        root = np.float32(np.sqrt(1 - beta2 ** t))
        for p, g, mi, vi in zip(params, grads, m, v):
            mi *= np.float32(beta1)
            mi += np.float32(1 - beta1) * g
            vi *= np.float32(beta2)
            g *= g
            g *= np.float32(1 - beta2)
            vi += g
            denominator = np.sqrt(vi)
            denominator /= root
            denominator += np.float32(eps)
            p -= step_size * mi / denominator

    def epoch():
        order = rng.permutation(x.shape[0])
        for start in range(0, x.shape[0], batch):
            step(order[start:start + batch])

    order = rng.permutation(x.shape[0])
    for start in range(0, 8 * batch, batch):
        step(order[start:start + batch])
    seconds = []
    for _ in range(args.epochs):
        start = time.perf_counter()
        epoch()
        seconds.append(time.perf_counter() - start)
    return workload.train_result("numpy", args, seconds, x.shape[0], versions)


def infer():
    x, _ = workload.data(max(args.batch_sizes), args.seed)
    params = init(np.random.default_rng(args.seed + 1))
    results = []
    for batch in args.batch_sizes:
        xb = x[:batch]
        times = workload.time_calls(lambda: forward(params, xb), batch)
        results.append(workload.infer_result("numpy", batch, args.threads, times, versions))
    return results


workload.emit(args, train() if args.task == "train" else infer())
