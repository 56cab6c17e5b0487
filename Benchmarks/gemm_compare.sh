#!/usr/bin/env bash
# Neural's GEMM next to numpy's (OpenBLAS) on the same shapes, in the same run, and the ratio
# Neural / numpy of the median GFLOP/s per shape and thread count (and of the best samples, which
# on a busy machine show the undisturbed speed of each).
#
# Usage: Benchmarks/gemm_compare.sh [--threads 1,2] [--samples 15] [--rounds 1]
# The two programs run alternately per thread count so that both see the same machine load. With
# --rounds N (for a machine shared with other work) the whole alternation is repeated N times and
# each side reports, per shape, the round with its best median: the least disturbed measurement,
# chosen the same way for both.
set -euo pipefail
cd "$(dirname "$0")/.."

threads="1,2"
samples=15
rounds=1
while [ $# -gt 0 ]; do
    case "$1" in
        --threads) threads="$2"; shift 2 ;;
        --samples) samples="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        *) echo "usage: $0 [--threads 1,2] [--samples N] [--rounds N]" >&2; exit 2 ;;
    esac
done

python="${PYTHON:-python3}"
swift build -c release --product neural-bench >/dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //') ($(nproc) CPUs)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
echo "neural: $(.build/release/neural-bench gemm --help >/dev/null && echo "engine ${NEURAL_BLAS:-builtin}")"
echo "numpy is run with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for its command only"
echo "  (env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE), so OpenBLAS picks its kernel for this CPU."

echo "rounds: $rounds (per shape and side: the round with the best median)"

IFS=',' read -ra counts <<< "$threads"
for round in $(seq 1 "$rounds"); do
    for t in "${counts[@]}"; do
        .build/release/neural-bench gemm --threads "$t" --samples "$samples" --json > "$out/neural-$t-$round.json"
        env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$python" Benchmarks/peers/numpy_gemm.py \
            --threads "$t" --samples "$samples" --json > "$out/numpy-$t-$round.json"
    done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"

"$python" - "$out" "$rounds" "${counts[@]}" <<'PY'
import json, sys
out, rounds, counts = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def load(name):
    rows = {}
    for t in counts:
        for round in range(1, rounds + 1):
            for r in json.load(open(f"{out}/{name}-{t}-{round}.json")):
                key = (r["m"], r["k"], r["n"], r["transpose_a"], r["transpose_b"], r["threads"])
                if key not in rows or r["gflops_median"] > rows[key]["gflops_median"]:
                    rows[key] = r
    return rows
neural, numpy = load("neural"), load("numpy")
print()
print("| shape (m×k×n) | op | threads | Neural GFLOP/s median [min … max] | numpy GFLOP/s median [min … max] | ratio of medians | ratio of maxima |")
print("|---|---|---:|---:|---:|---:|---:|")
for key, r in neural.items():
    m, k, n, ta, tb, t = key
    p = numpy.get(key)
    op = "AᵀB" if ta else ("ABᵀ" if tb else "AB")
    fmt = lambda x: f"{x['gflops_median']:.1f} [{x['gflops_min']:.1f} … {x['gflops_max']:.1f}]"
    ratio = f"{r['gflops_median'] / p['gflops_median']:.2f}" if p else "n/a"
    ratio_max = f"{r['gflops_max'] / p['gflops_max']:.2f}" if p else "n/a"
    print(f"| {m}×{k}×{n} | {op} | {t} | {fmt(r)} | {fmt(p) if p else 'n/a'} | {ratio} | {ratio_max} |")
PY
