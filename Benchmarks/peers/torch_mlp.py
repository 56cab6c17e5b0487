#!/usr/bin/env python3
"""PyTorch on the MLP benchmark workload (see workload.py): eager or torch.compile training of one
epoch (after a warm-up that also compiles), and forward-pass inference.

Usage: torch_mlp.py train [--mode eager|compile] [--batch-size 128] [--threads 2] [--json]
       torch_mlp.py infer [--batch-size 1,10000] [--threads 2] [--json]
"""
import time

import workload

args = workload.parse_arguments(__doc__, train_modes=["eager", "compile"])
workload.setup_threads(args.threads)

import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(args.threads)
torch.manual_seed(args.seed)
versions = {"torch": torch.__version__, "numpy": np.__version__}


def model():
    layers = []
    for i, (a, b) in enumerate(zip(workload.WIDTHS, workload.WIDTHS[1:])):
        layers.append(torch.nn.Linear(a, b))
        if i < len(workload.WIDTHS) - 2:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def train():
    x_np, y_np = workload.data(args.samples, args.seed)
    x, y = torch.from_numpy(x_np), torch.from_numpy(y_np)
    net = model()
    forward = torch.compile(net) if args.mode == "compile" else net
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_function = torch.nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(args.seed)
    batch = args.batch_size

    def step(indices):
        xb, yb = x[indices], y[indices]  # gather the shuffled rows into a batch
        optimizer.zero_grad(set_to_none=True)
        loss = loss_function(forward(xb), yb)
        loss.backward()
        optimizer.step()
        return loss

    def epoch():
        order = torch.randperm(x.shape[0], generator=generator)
        for start in range(0, x.shape[0], batch):
            step(order[start:start + batch])

    # Warm-up (and compilation): full batches and the epoch's last, partial batch size.
    order = torch.randperm(x.shape[0], generator=generator)
    for start in range(0, 8 * batch, batch):
        step(order[start:start + batch])
    remainder = x.shape[0] % batch
    if remainder:
        step(order[:remainder])
    seconds = []
    for _ in range(args.epochs):
        start = time.perf_counter()
        epoch()
        seconds.append(time.perf_counter() - start)
    name = "torch.compile" if args.mode == "compile" else "pytorch-eager"
    return workload.train_result(name, args, seconds, x.shape[0], versions)


def infer():
    x_np, _ = workload.data(max(args.batch_sizes), args.seed)
    net = model().eval()
    results = []
    with torch.inference_mode():
        for batch in args.batch_sizes:
            xb = torch.from_numpy(x_np[:batch])
            times = workload.time_calls(lambda: net(xb), batch)
            results.append(workload.infer_result("pytorch", batch, args.threads, times, versions))
    return results


workload.emit(args, train() if args.task == "train" else infer())
