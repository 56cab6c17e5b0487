#!/usr/bin/env bash
# scikit-learn's five shipped data sets (iris, wine, breast_cancer, digits, diabetes), written to
# CSV by Benchmarks/peers/small_sets.py with `load_*`, trained by `neural train` with the settings
# of `Benchmarks/compare --small-data` and by scikit-learn with the same settings: every epoch
# runs, 1 and 2 threads give the same model bytes, and the held-out scores agree
# (.ci/small_data_check.py). No timing: the comparison of speed is the benchmark's.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet scikit-learn
# The debug build `swift test` made (nothing to rebuild in CI).
swift build --product neural 2>&1 | tail -1
python3 .ci/small_data_check.py --binary "$(swift build --show-bin-path)/neural"
