#!/usr/bin/env bash
# The serving benchmark: `neural serve` (release build, Serve trait) and MLServer (its
# scikit-learn runtime, an MLPClassifier of the same shape trained on the same iris.csv), both on
# loopback, under the same load from wrk: requests/s and p50/p99 latency at 1, 16 and 64
# connections, for 1-row and 100-row requests, with JSON and with binary tensors (Open Inference
# Protocol, one FP32 tensor [rows, 4]). Each cell runs SECONDS seconds (default 10) after a
# 2-second warm-up. Prints a Markdown table; a cell a server cannot answer (HTTP status other
# than 200 on a check request) says so instead of a figure.
#
# MLServer runs with "parallel_workers": 0 (inference in the server process): with its default
# pool, MLServer 1.7.1 on Python 3.11 here fails to start the worker ("There is no current event
# loop in thread 'MainThread'") and never becomes ready.
#
# Usage: Benchmarks/serve/run.sh [SECONDS]
# Needs: wrk (apt-get install wrk) and python3; MLServer goes into Benchmarks/serve/.venv
# (or the virtual environment named by MLSERVER_VENV) on first use.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
seconds=${1:-10}
command -v wrk >/dev/null || { echo "error: the benchmark needs wrk (apt-get install wrk)" >&2; exit 2; }

echo "== building neural (release, Serve trait)" >&2
swift build -c release --traits Serve --scratch-path .build-serve-release --product neural >&2
neural="$root/.build-serve-release/release/neural"
venv=${MLSERVER_VENV:-$root/Benchmarks/serve/.venv}
if [ ! -x "$venv/bin/mlserver" ]; then
    echo "== installing MLServer into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet mlserver mlserver-sklearn scikit-learn >&2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/neural-serve-bench.XXXXXX")
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    sleep 1
    for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

"$neural" demo --export-data "$work" >/dev/null
"$neural" train "$work/iris.csv" --target species --model "$work/iris.safetensors" --quiet >/dev/null
mkdir -p "$work/mlserver/iris" "$work/bodies-neural" "$work/bodies-mlserver"
"$venv/bin/python" Benchmarks/serve/train_sklearn.py "$work/iris.csv" "$work/mlserver/iris/model.joblib" >&2
cat >"$work/mlserver/settings.json" <<JSON
{"host": "127.0.0.1", "http_port": 18091, "grpc_port": 18092, "metrics_port": 18093, "debug": false, "parallel_workers": 0}
JSON
cat >"$work/mlserver/iris/model-settings.json" <<JSON
{"name": "iris", "implementation": "mlserver_sklearn.SKLearnModel", "parameters": {"uri": "./model.joblib"}}
JSON
python3 Benchmarks/serve/make_bodies.py "$work/iris.csv" "$work/bodies-neural" input
python3 Benchmarks/serve/make_bodies.py "$work/iris.csv" "$work/bodies-mlserver" input-0

"$neural" serve "$work/iris.safetensors" --port 18090 >"$work/neural.log" 2>&1 &
pids+=($!)
(cd "$work/mlserver" && exec "$venv/bin/mlserver" start . >"$work/mlserver.log" 2>&1) &
pids+=($!)
for url in http://127.0.0.1:18090/v2/models/iris/ready http://127.0.0.1:18091/v2/models/iris/ready; do
    for _ in $(seq 1 600); do curl -sf "$url" >/dev/null 2>&1 && break; sleep 0.1; done
    curl -sf "$url" >/dev/null || { echo "error: $url is not ready" >&2; cat "$work"/*.log >&2; exit 1; }
done

echo "load average before: $(cat /proc/loadavg)" >&2
printf '| server | tensors | rows/request | connections | requests/s | rows/s | p50 | p99 |\n|---|---|---:|---:|---:|---:|---:|---:|\n'
for server in neural mlserver; do
    port=18090; [ "$server" = mlserver ] && port=18091
    url="http://127.0.0.1:$port/v2/models/iris/infer"
    for format in json binary; do
        for rows in 1 100; do
            body="$work/bodies-$server/$format-$rows.body"
            headers=(-H "Content-Type: application/json")
            export BODY="$body" HEADER_1="Content-Type: application/json"
            unset HEADER_2
            if [ "$format" = binary ]; then
                length=$(cat "$work/bodies-$server/binary-$rows.length")
                headers+=(-H "Inference-Header-Content-Length: $length")
                export HEADER_2="Inference-Header-Content-Length: $length"
            fi
            check=$(curl -s -o "$work/check.out" -w '%{http_code}' -X POST "${headers[@]}" --data-binary "@$body" "$url")
            for connections in 1 16 64; do
                if [ "$check" != 200 ]; then
                    printf '| %s | %s | %d | %d | not supported (HTTP %s: %s) | | | |\n' "$server" "$format" "$rows" "$connections" \
                        "$check" "$(head -c 120 "$work/check.out" | tr '\n|' '  ')"
                    continue
                fi
                threads=$(( connections < 2 ? 1 : 2 ))
                wrk -t "$threads" -c "$connections" -d 2s -s Benchmarks/serve/post.lua "$url" >/dev/null
                result=$(wrk -t "$threads" -c "$connections" -d "${seconds}s" -s Benchmarks/serve/post.lua "$url" | grep '^RESULT')
                eval "${result#RESULT }"
                rate=$(python3 -c "print(f'{$requests / $duration:,.0f}')")
                rowrate=$(python3 -c "print(f'{$requests * $rows / $duration:,.0f}')")
                p50=$(python3 -c "print(f'{$p50_us / 1000:.2f} ms')")
                p99=$(python3 -c "print(f'{$p99_us / 1000:.2f} ms')")
                note=""; [ "$errors" != 0 ] && note=" ($errors errors)"
                printf '| %s | %s | %d | %d | %s%s | %s | %s | %s |\n' "$server" "$format" "$rows" "$connections" "$rate" "$note" "$rowrate" "$p50" "$p99"
            done
        done
    done
done
echo "load average after: $(cat /proc/loadavg)" >&2
echo "kernel: $("$neural" info 2>/dev/null | grep -i kernel | head -1)" >&2
echo "mlserver: $("$venv/bin/pip" show mlserver 2>/dev/null | grep '^Version')  scikit-learn: $("$venv/bin/pip" show scikit-learn 2>/dev/null | grep '^Version')" >&2
