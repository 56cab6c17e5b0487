"""Records scikit-learn's successive-halving schedules and selections for the Swift tests.

Each case runs HalvingRandomSearchCV with a stand-in classifier whose score is a fixed function
of its candidate number `a` and of the resource `epochs`: score(a, r) = ((37·a + 11·r) mod 997)
/ 997 + a·1e-7, distinct for distinct a within one iteration, with a ranking that changes from
one iteration to the next. The list of a-values sampled for the first iteration, the schedule
attributes (n_candidates_, n_resources_, n_iterations_, n_required_iterations_,
n_possible_iterations_, min_resources_), every iteration's evaluated candidates in their order,
and the best candidate are written to halving_reference.json.

Run: python3 Tests/NeuralTests/Fixtures/reference/generate_halving_reference.py
"""
import json
import platform
import sys
from pathlib import Path

import numpy as np
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.model_selection import HalvingRandomSearchCV, KFold


def score_of(a, epochs):
    return ((37 * a + 11 * epochs) % 997) / 997 + a * 1e-7


class Stand_in(ClassifierMixin, BaseEstimator):
    def __init__(self, a=0, epochs=1):
        self.a = a
        self.epochs = epochs

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.zeros(len(X))

    def score(self, X, y):
        return score_of(self.a, self.epochs)


CASES = [
    # name, candidates, max_epochs, min_resources, factor, aggressive
    ("27 candidates, exhaust", 27, 200, "exhaust", 3, False),
    ("30 candidates, exhaust", 30, 200, "exhaust", 3, False),
    ("20 candidates, smallest", 20, 200, "smallest", 3, False),
    ("243 candidates (log rounds down), exhaust", 243, 500, "exhaust", 3, False),
    ("50 candidates, min 10, factor 2", 50, 100, 10, 2, False),
    ("50 candidates, min 10, factor 2, aggressive", 50, 100, 10, 2, True),
    ("12 candidates, min 5, factor 4", 12, 60, 5, 4, False),
    ("40 candidates, factor 2.5", 40, 90, "exhaust", 2.5, False),
]

X = np.zeros((20, 1))
y = np.array([0, 1] * 10)
cases = []
for name, n, max_epochs, min_resources, factor, aggressive in CASES:
    search = HalvingRandomSearchCV(
        Stand_in(), {"a": list(range(n))}, n_candidates=n, factor=factor, resource="epochs",
        max_resources=max_epochs, min_resources=min_resources, aggressive_elimination=aggressive,
        cv=KFold(2), random_state=0, refit=False)
    search.fit(X, y)
    results = search.cv_results_
    iterations = []
    for itr in range(search.n_iterations_):
        indices = np.flatnonzero(results["iter"] == itr)
        iterations.append([int(results["params"][i]["a"]) for i in indices])
    cases.append({
        "name": name,
        "candidates": n,
        "max_epochs": max_epochs,
        "min_resources": min_resources,
        "factor": factor,
        "aggressive_elimination": aggressive,
        "n_candidates": [int(c) for c in search.n_candidates_],
        "n_resources": [int(r) for r in search.n_resources_],
        "n_iterations": int(search.n_iterations_),
        "n_required_iterations": int(search.n_required_iterations_),
        "n_possible_iterations": int(search.n_possible_iterations_),
        "min_resources_": int(search.min_resources_),
        "evaluated": iterations,
        "best": int(results["params"][search.best_index_]["a"]),
    })

out = {
    "versions": {"python": platform.python_version(), "numpy": np.__version__, "scikit-learn": sklearn.__version__},
    "score": "((37*a + 11*epochs) % 997) / 997 + a*1e-7",
    "cases": cases,
}
path = Path(__file__).resolve().parent.parent / "halving_reference.json"
path.write_text(json.dumps(out, indent=1) + "\n")
print(f"wrote {path}", file=sys.stderr)
