#!/usr/bin/env python3
"""JAX on the MLP benchmark workload (see workload.py): a jitted train step per batch, or the whole
epoch in one jitted `lax.scan`; and jitted forward-pass inference. Compilation happens in a
warm-up and is not timed. XLA ignores thread settings on CPU: pin with taskset for one thread.

With `--mode scan` the epoch is `samples // batch` full batches (the remainder is dropped, and
samples/s counts the samples actually processed).

Usage: jax_mlp.py train [--mode step|scan] [--batch-size 128] [--threads 2] [--json]
       jax_mlp.py infer [--batch-size 1,10000] [--threads 2] [--json]
"""
import time

import workload

args = workload.parse_arguments(__doc__, train_modes=["step", "scan"])
workload.setup_threads(args.threads)

import os  # noqa: E402

os.environ.setdefault("JAX_PLATFORMS", "cpu")
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

versions = {"jax": jax.__version__, "numpy": np.__version__}


def init(key):
    params = []
    for a, b in zip(workload.WIDTHS, workload.WIDTHS[1:]):
        key, sub = jax.random.split(key)
        bound = 1 / np.sqrt(a)
        params.append((jax.random.uniform(sub, (a, b), jnp.float32, -bound, bound), jnp.zeros((b,), jnp.float32)))
    return params


def forward(params, x):
    for w, b in params[:-1]:
        x = jax.nn.relu(x @ w + b)
    w, b = params[-1]
    return x @ w + b


def loss_function(params, x, y):
    logits = forward(params, x)
    return -jnp.mean(jnp.take_along_axis(jax.nn.log_softmax(logits), y[:, None], axis=1))


def adam_init(params):
    zeros = jax.tree_util.tree_map(jnp.zeros_like, params)
    return (zeros, zeros, jnp.zeros((), jnp.float32))


def adam(params, grads, state, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
    m, v, t = state
    t = t + 1
    m = jax.tree_util.tree_map(lambda m, g: b1 * m + (1 - b1) * g, m, grads)
    v = jax.tree_util.tree_map(lambda v, g: b2 * v + (1 - b2) * g * g, v, grads)
    step = lr / (1 - b1 ** t)
    root = jnp.sqrt(1 - b2 ** t)
    params = jax.tree_util.tree_map(lambda p, m, v: p - step * m / (jnp.sqrt(v) / root + eps), params, m, v)
    return params, (m, v, t)


def step(carry, batch):
    params, state = carry
    x, y = batch
    loss, grads = jax.value_and_grad(loss_function)(params, x, y)
    params, state = adam(params, grads, state)
    return (params, state), loss


def train():
    x_np, y_np = workload.data(args.samples, args.seed)
    x, y = jnp.asarray(x_np), jnp.asarray(y_np.astype(np.int32))
    params = init(jax.random.PRNGKey(args.seed))
    state = adam_init(params)
    batch = args.batch_size
    n = x.shape[0]
    key = jax.random.PRNGKey(args.seed + 1)
    seconds = []
    if args.mode == "step":
        jit_step = jax.jit(step)

        def gather(x, y, indices):
            return x[indices], y[indices]
        jit_gather = jax.jit(gather)

        def epoch(params, state, key):
            order = jax.random.permutation(key, n)
            carry = (params, state)
            loss = None
            for start in range(0, n, batch):
                carry, loss = jit_step(carry, jit_gather(x, y, order[start:start + batch]))
            loss.block_until_ready()
            return carry

        # Warm-up: compile for full and partial batches.
        order = jax.random.permutation(key, n)
        carry = (params, state)
        for start in list(range(0, 4 * batch, batch)) + ([n - n % batch] if n % batch else []):
            carry, loss = jit_step(carry, jit_gather(x, y, order[start:start + batch]))
        loss.block_until_ready()
        processed = n
        for _ in range(args.epochs):
            key, sub = jax.random.split(key)
            start = time.perf_counter()
            params, state = epoch(params, state, sub)
            seconds.append(time.perf_counter() - start)
        name = "jax-jit-step"
    else:
        steps = n // batch

        @jax.jit
        def epoch(params, state, key):
            order = jax.random.permutation(key, n)[: steps * batch]
            xs = x[order].reshape(steps, batch, workload.INPUT)
            ys = y[order].reshape(steps, batch)
            (params, state), losses = jax.lax.scan(step, (params, state), (xs, ys))
            return params, state, losses[-1]

        params, state, loss = epoch(params, state, key)  # compiles (and runs once)
        loss.block_until_ready()
        processed = steps * batch
        for _ in range(args.epochs):
            key, sub = jax.random.split(key)
            start = time.perf_counter()
            params, state, loss = epoch(params, state, sub)
            loss.block_until_ready()
            seconds.append(time.perf_counter() - start)
        name = "jax-scan"
    return workload.train_result(name, args, seconds, processed, versions)


def infer():
    x_np, _ = workload.data(max(args.batch_sizes), args.seed)
    params = init(jax.random.PRNGKey(args.seed))
    jit_forward = jax.jit(forward)
    results = []
    for batch in args.batch_sizes:
        xb = jnp.asarray(x_np[:batch])
        times = workload.time_calls(lambda: jit_forward(params, xb).block_until_ready(), batch)
        results.append(workload.infer_result("jax", batch, args.threads, times, versions))
    return results


workload.emit(args, train() if args.task == "train" else infer())
