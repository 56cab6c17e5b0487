#!/usr/bin/env python3
"""scikit-learn's MLPClassifier on the MLP benchmark workload (see workload.py): one epoch is
`fit` with solver='adam', max_iter=1, the batch size, alpha=0 (no L2 term, as in the other
frameworks), shuffled; inference is `predict_proba` (its forward pass includes the softmax).

Usage: sklearn_mlp.py train [--batch-size 128] [--threads 2] [--json]
       sklearn_mlp.py infer [--batch-size 1,10000] [--threads 2] [--json]
"""
import time
import warnings

import workload

args = workload.parse_arguments(__doc__)
workload.setup_threads(args.threads)

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402

warnings.filterwarnings("ignore", category=ConvergenceWarning)
blas = workload.blas_description(args.threads)
workload.log(f"numpy {np.__version__}, BLAS: {blas}")
versions = {"scikit-learn": sklearn.__version__, "numpy": np.__version__, "blas": blas}


def classifier(batch):
    return MLPClassifier(hidden_layer_sizes=workload.HIDDEN, activation="relu", solver="adam",
                         learning_rate_init=1e-3, batch_size=batch, max_iter=1, shuffle=True,
                         alpha=0.0, tol=0.0, random_state=args.seed)


def train():
    x, y = workload.data(args.samples, args.seed)
    classifier(args.batch_size).fit(x[:8 * args.batch_size], y[:8 * args.batch_size])  # warm-up
    seconds = []
    for epoch in range(args.epochs):
        model = classifier(args.batch_size)
        start = time.perf_counter()
        model.fit(x, y)
        seconds.append(time.perf_counter() - start)
    return workload.train_result("scikit-learn", args, seconds, x.shape[0], versions)


def infer():
    x, y = workload.data(max(max(args.batch_sizes), 2000), args.seed)
    model = classifier(200).fit(x[:2000], y[:2000])
    results = []
    for batch in args.batch_sizes:
        xb = x[:batch]
        times = workload.time_calls(lambda: model.predict_proba(xb), batch)
        results.append(workload.infer_result("scikit-learn", batch, args.threads, times, versions))
    return results


workload.emit(args, train() if args.task == "train" else infer())
