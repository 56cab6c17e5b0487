"""The MLP benchmark workload shared by the peer scripts (issue 6), the same shapes and the same
construction as `neural-bench train` / `infer` (Benchmarks/neural-bench/SyntheticWorkload.swift):

- 60,000 × 784 float32 features uniform in [-1, 1); a fixed teacher T (784 × 10, standard normal);
  class = argmax(x · T). numpy's generator, so the numbers differ from Neural's, the shapes do not.
- 784-256-128-10, ReLU, logits out; softmax + categorical cross-entropy; Adam lr 1e-3; shuffled.
- Work per training sample: 2·P forward + 2·P weight gradients + 2·(P − 784·256) input gradients,
  P = 235,146, i.e. 1,009,468 FLOPs.

Import this module BEFORE numpy/torch/jax in a peer script: `setup_threads` must set the thread
variables before those libraries start their pools.
"""
import argparse
import json
import os
import platform
import statistics
import sys
import time

INPUT, HIDDEN, CLASSES = 784, (256, 128), 10
WIDTHS = (INPUT,) + HIDDEN + (CLASSES,)
PARAMETERS = sum(a * b + b for a, b in zip(WIDTHS, WIDTHS[1:]))  # 235,146
TRAIN_FLOPS_PER_SAMPLE = 2 * PARAMETERS + 2 * PARAMETERS + 2 * (PARAMETERS - INPUT * HIDDEN[0])
INFER_FLOPS_PER_SAMPLE = 2 * PARAMETERS
SAMPLES = 60_000


def parse_arguments(description, train_modes=None):
    """`train` or `infer` with the common options."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("task", choices=["train", "infer"])
    parser.add_argument("--batch-size", default=None,
                        help="train: one batch size (default 128); infer: a list (default 1,10000)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--samples", type=int, default=SAMPLES)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--json", action="store_true")
    if train_modes:
        parser.add_argument("--mode", choices=train_modes, default=train_modes[0])
    args = parser.parse_args()
    if args.task == "train":
        args.batch_size = int(args.batch_size or 128)
    else:
        args.batch_sizes = [int(b) for b in (args.batch_size or "1,10000").split(",")]
    return args


def setup_threads(threads):
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
                 "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
        os.environ[name] = str(threads)


def data(samples, seed):
    """(x float32 [samples, 784], labels int64 [samples])."""
    import numpy as np
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, size=(samples, INPUT)).astype(np.float32)
    teacher = rng.standard_normal((INPUT, CLASSES)).astype(np.float32)
    labels = np.argmax(x @ teacher, axis=1).astype(np.int64)
    return x, labels


def blas_description(threads):
    """numpy's BLAS as threadpoolctl sees it (string), limited to `threads`."""
    try:
        import threadpoolctl
    except ImportError:
        return "threadpoolctl not installed"
    threadpoolctl.threadpool_limits(limits=threads, user_api="blas")
    infos = [info for info in threadpoolctl.threadpool_info() if info.get("user_api") == "blas"]
    return "; ".join(f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')} "
                     f"threads={i.get('num_threads')}" for i in infos) or "none found"


def environment_note():
    unset = [v for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if v not in os.environ]
    return ("OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset" if len(unset) == 2
            else "WARNING: " + ", ".join(v for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
                                         if v in os.environ) + " set")


def train_result(framework, args, epoch_seconds, samples_processed, versions, **extra):
    seconds = statistics.median(epoch_seconds)
    rate = samples_processed / seconds
    result = {
        "framework": framework, "batch_size": args.batch_size, "threads": args.threads,
        "samples": samples_processed, "epochs": len(epoch_seconds),
        "samples_per_second": rate, "seconds_per_epoch": seconds, "epoch_seconds": epoch_seconds,
        "gflops": rate * TRAIN_FLOPS_PER_SAMPLE * 1e-9, "flops_per_sample": TRAIN_FLOPS_PER_SAMPLE,
        "peak_rss_mb": peak_rss_mb(), "versions": versions, "environment": environment_note(),
    }
    result.update(extra)
    return result


def time_calls(call, batch_size, minimum_seconds=0.5):
    """Median/p10/p90 wall time of single calls after 0.1 s of warm-up: at least 2,000 calls at
    batch 1, at least 10 otherwise, for at least `minimum_seconds` (at most 100,000 calls)."""
    end = time.perf_counter() + 0.1
    while time.perf_counter() < end:
        call()
    minimum_calls = 2000 if batch_size == 1 else 10
    times = []
    end = time.perf_counter() + minimum_seconds
    while len(times) < minimum_calls or (time.perf_counter() < end and len(times) < 100_000):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    times.sort()
    return times


def infer_result(framework, batch_size, threads, times, versions, **extra):
    middle = statistics.median(times)
    rate = batch_size / middle
    result = {
        "framework": framework, "batch_size": batch_size, "threads": threads,
        "latency_us": middle * 1e6, "latency_p10_us": times[int(0.1 * len(times))] * 1e6,
        "latency_p90_us": times[min(len(times) - 1, int(0.9 * len(times)))] * 1e6,
        "samples_per_second": rate, "gflops": rate * INFER_FLOPS_PER_SAMPLE * 1e-9,
        "calls": len(times), "versions": versions, "environment": environment_note(),
    }
    result.update(extra)
    return result


def peak_rss_mb():
    import resource
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib * 1024 / 1e6 if platform.system() == "Linux" else kib / 1e6


def emit(args, results):
    """JSON (one object for train, a list for infer) or text lines."""
    if args.json:
        print(json.dumps(results))
        return
    for r in results if isinstance(results, list) else [results]:
        if "seconds_per_epoch" in r:
            print(f"{r['framework']}: batch {r['batch_size']}, {r['threads']} thread(s): "
                  f"{r['samples_per_second']:.0f} samples/s, {r['seconds_per_epoch']:.3f} s/epoch, "
                  f"{r['gflops']:.1f} GFLOP/s, peak RSS {r['peak_rss_mb']:.0f} MB ({r['environment']})")
        else:
            print(f"{r['framework']}: batch {r['batch_size']}: median {r['latency_us']:.1f} µs per call, "
                  f"{r['samples_per_second']:.0f} samples/s ({r['environment']})")


def log(message):
    print(message, file=sys.stderr, flush=True)
