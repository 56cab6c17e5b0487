#!/usr/bin/env python3
"""The small-data comparison's settings, checked (run by .ci/small-data.sh; no timing).

For each of scikit-learn's five shipped data sets (written by Benchmarks/peers/small_sets.py with
`load_*`): `neural train` with the comparison's arguments (small_sets.neural_train_arguments)
must run all epochs; the model must be the same bytes with NEURAL_THREADS=1 and 2 (the same
command gives the same model whatever the machine's cores: these sets are tiny, so the run uses
one thread either way, and the kernels' 1-against-2-thread checks cover larger runs); and its score on the
held-out 20 % must be close to scikit-learn's with the same settings (sklearn_small.py), which
says the two programs are given the same problem. The models are not the same numbers (each
program draws its own initial weights and shuffles with its own generator), so the score
tolerance is that of two seeds: 3 test rows or 2 points of accuracy, whichever is more, for a
classifier (iris and wine have 30 and 36 test rows; on digits' 360, two seeds of either program
differ by 1–1.5 points), and 0.15 of R² for diabetes (89 test rows; both overfit it and land at
0.15–0.20).

Usage: small_data_check.py --binary PATH/TO/neural
"""
import argparse
import filecmp
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEERS = ROOT / "Benchmarks" / "peers"
sys.path.insert(0, str(PEERS))
import small_sets  # noqa: E402

R2_TOLERANCE = 0.15
ROWS_TOLERANCE = 3
ACCURACY_TOLERANCE = 0.02


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        sys.exit(f"FAIL {' '.join(map(str, command))}: exit {result.returncode}\n{result.stderr[-2000:]}")
    return result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    args = parser.parse_args()
    failures = 0
    with tempfile.TemporaryDirectory(prefix="neural-small-data-check.") as folder:
        written = json.loads(run([sys.executable, str(PEERS / "small_sets.py"), folder]).splitlines()[-1])
        print(f"scikit-learn {written['scikit-learn']}: wrote {', '.join(written['sets'])}")
        for name, described in written["sets"].items():
            train = Path(folder, f"{name}-train.csv")
            models = {}
            for threads in (1, 2):
                models[threads] = Path(folder, f"{name}-{threads}.safetensors")
                arguments = small_sets.neural_train_arguments(name, train, models[threads])
                environment = dict(os.environ, NEURAL_THREADS=str(threads))
                report = json.loads(run([args.binary, "train", *arguments, "--quiet", "--json"], env=environment))
                if report["epochs"] != small_sets.SETTINGS["epochs"] or report["stop_reason"] != "completed":
                    print(f"FAIL {name}: ran {report['epochs']} epochs ({report['stop_reason']}), "
                          f"not {small_sets.SETTINGS['epochs']}")
                    failures += 1
            if not filecmp.cmp(models[1], models[2], shallow=False):
                print(f"FAIL {name}: the model trained with NEURAL_THREADS=1 differs from the one with NEURAL_THREADS=2")
                failures += 1
            evaluation = json.loads(run([args.binary, "evaluate", str(models[1]), str(Path(folder, f"{name}-test.csv")),
                                         "--json"]))
            peer = json.loads(run([sys.executable, str(PEERS / "sklearn_small.py"), name, folder, "--json"]).splitlines()[-1])
            if described["task"] == "classification":
                ours, theirs = evaluation["accuracy"], peer["test_score"]
                tolerance = max(ROWS_TOLERANCE / described["test_rows"], ACCURACY_TOLERANCE)
                label = "accuracy"
            else:
                ours, theirs, tolerance, label = evaluation["r2"], peer["test_score"], R2_TOLERANCE, "R²"
            verdict = "ok  " if abs(ours - theirs) <= tolerance + 1e-12 else "FAIL"
            failures += verdict == "FAIL"
            print(f"{verdict} {name}: {described['train_rows']} training rows, test {label} neural {ours:.4f}, "
                  f"scikit-learn {theirs:.4f} (tolerance {tolerance:.3f}); NEURAL_THREADS=1 and 2 give the same model bytes")
    print(f"{failures} failure(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
