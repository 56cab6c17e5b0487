#!/usr/bin/env bash
# neural tune against scikit-learn's RandomizedSearchCV: the same space, trials, folds and epochs
# on scikit-learn's digits and breast_cancer sets (Benchmarks/peers/sklearn_search.py has the
# space). Prints the best cross-validated accuracy and the wall time of each, with the load
# average and the micro-kernel. Both include the final refit on all rows.
#
# Usage: Benchmarks/tune_compare.sh [TRIALS] [EPOCHS]   (defaults 20 and 50)
# scikit-learn runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from its environment, so
# its OpenBLAS picks its own kernel; neural is not affected by them.
set -euo pipefail
cd "$(dirname "$0")/.."
trials="${1:-20}"
epochs="${2:-50}"
folds=5
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

swift build -c release --product neural >/dev/null
neural="$(swift build -c release --show-bin-path)/neural"
python3 Benchmarks/peers/sklearn_search.py --export "$work"

space='hidden=[32],[64],[64,32]; learning-rate=loguniform(1e-4,1e-1); l2=loguniform(1e-6,1e-2); batch-size=16|32|64; activation=relu|tanh'
echo "kernel: $("$neural" info | grep -i kernel | head -1 | sed 's/^ *//')"
echo "uname: $(uname -sr), $(nproc) CPUs"
for data in digits breast_cancer; do
    for parallel in 1 2; do
        load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
        start=$(date +%s.%N)
        "$neural" tune "$work/$data.csv" --target target --space "$space" --trials "$trials" --folds "$folds" \
            --epochs "$epochs" --validation-split 0 --parallel "$parallel" --seed 0 --json \
            --model "$work/$data.safetensors" > "$work/neural.json"
        end=$(date +%s.%N)
        best=$(python3 -c "import json; d=json.load(open('$work/neural.json')); print(round(d['best']['mean'], 4), d['best']['configuration'])")
        printf 'neural  %-13s parallel %d  best %s  %.1f s  (load %s → %s)\n' "$data" "$parallel" "$best" \
            "$(echo "$end - $start" | bc)" "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)"
    done
    load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 Benchmarks/peers/sklearn_search.py --data "$data" \
        --trials "$trials" --folds "$folds" --epochs "$epochs" --jobs 2 > "$work/sklearn.json"
    python3 - "$work/sklearn.json" "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"sklearn {d['data']:<13} n_jobs {d['jobs']}    best {round(d['best_score'], 4)} {d['best_params']}  "
      f"{d['seconds_including_refit']:.1f} s  (load {sys.argv[2]} → {sys.argv[3]})")
print(f"        versions {d['versions']}  blas {d['blas']}")
PY
done
