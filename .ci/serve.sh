#!/usr/bin/env bash
# `neural serve` (the Serve trait): builds it, runs its route tests, then starts the real binary
# on loopback ports and calls it with real clients: tritonclient[http] with JSON and then binary
# tensors (every prediction checked against `neural predict` on the same CSV), curl (KServe v2
# JSON, CSV compared byte for byte with `neural predict`, errors, token, limits), a bounded load
# test of 64 connections, reloads (--watch and SIGHUP, a bad file keeps the old model) and a
# SIGTERM that lets a request in flight finish. Every server is killed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== serve: Python client (tritonclient[http])"
python3 -m pip install --quiet 'tritonclient[http]' numpy

scratch=.build-serve
echo "== serve: swift build --traits Serve, then the server's tests"
swift build --scratch-path "$scratch" --traits Serve --build-tests
swift test --scratch-path "$scratch" --traits Serve --skip-build --filter NeuralServerTests 2>&1 | tail -3
neural="$(pwd)/$scratch/debug/neural"

work=$(mktemp -d "${TMPDIR:-/tmp}/neural-serve-ci.XXXXXX")
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "error: $*" >&2; exit 1; }

# start NAME ARGS…: starts `neural serve ARGS --port 0` in the background and sets PORT.
start() {
    local name=$1; shift
    "$neural" serve "$@" --port 0 >"$work/$name.out" 2>"$work/$name.err" &
    pids+=($!)
    last_pid=$!
    for _ in $(seq 1 300); do
        if grep -q "listening on" "$work/$name.out" 2>/dev/null; then
            PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/$name.out" | head -1)
            return 0
        fi
        kill -0 "$last_pid" 2>/dev/null || { cat "$work/$name.err" >&2; fail "neural serve $* exited at start"; }
        sleep 0.1
    done
    fail "neural serve $* did not start listening within 30 s"
}

cd "$work"
echo "== serve: models (iris, diabetes, and iris with a text column)"
"$neural" demo --export-data . >/dev/null
python3 - <<'PY'
import csv
with open("iris.csv") as f, open("mixed.csv", "w", newline="") as g:
    rows = list(csv.DictReader(f))
    w = csv.writer(g)
    w.writerow(["sepal_length", "petal_length", "width", "species"])
    for r in rows:
        w.writerow([r["sepal_length"], r["petal_length"], "wide" if float(r["sepal_width"]) >= 3 else "narrow", r["species"]])
PY
"$neural" train iris.csv --target species --epochs 30 --model iris.safetensors --quiet >/dev/null
"$neural" train diabetes.csv --target progression --epochs 20 --model diabetes.safetensors --quiet >/dev/null
"$neural" train mixed.csv --target species --epochs 30 --model mixed.safetensors --quiet >/dev/null
"$neural" predict iris.safetensors iris.csv --probabilities >iris.predict.csv
"$neural" predict mixed.safetensors mixed.csv --probabilities >mixed.predict.csv
"$neural" predict diabetes.safetensors diabetes.csv >diabetes.predict.csv

start main iris.safetensors diabetes.safetensors mixed.safetensors
main_pid=$last_pid
url="http://127.0.0.1:$PORT"
echo "serving on $url"

echo "== serve: tritonclient[http], JSON then binary tensors"
for mode in json binary; do
    for model in iris diabetes mixed; do
        python3 "$OLDPWD/.ci/serve/triton_check.py" "127.0.0.1:$PORT" "$model" "$model.csv" "$model.predict.csv" "$mode"
    done
done

echo "== serve: curl, KServe v2 REST"
curl -sf "$url/v2/health/live" >/dev/null || fail "liveness"
curl -sf "$url/v2/models/iris/ready" >/dev/null || fail "model readiness"
curl -sf -X POST "$url/v2/models/iris/infer" -H 'Content-Type: application/json' -d '{
  "id": "curl-1",
  "inputs": [
    {"name": "sepal_length", "shape": [2], "datatype": "FP32", "data": [5.1, 6.7]},
    {"name": "sepal_width",  "shape": [2], "datatype": "FP32", "data": [3.5, 3.0]},
    {"name": "petal_length", "shape": [2], "datatype": "FP32", "data": [1.4, 5.2]},
    {"name": "petal_width",  "shape": [2], "datatype": "FP32", "data": [0.2, 2.3]}],
  "outputs": [{"name": "prediction"}]}' >curl.json
printf 'sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n' >two.csv
"$neural" predict iris.safetensors two.csv >two.predict.csv
python3 - <<'PY'
import csv, json
response = json.load(open("curl.json"))
assert response["id"] == "curl-1" and response["model_name"] == "iris", response
outputs = response["outputs"]
assert [o["name"] for o in outputs] == ["prediction"], outputs
labels = [row[0] for row in list(csv.reader(open("two.predict.csv")))[1:]]
assert outputs[0]["data"] == labels and outputs[0]["shape"] == [2], (outputs, labels)
print(f"curl KServe v2 JSON: {labels} as neural predict")
PY
for model in iris mixed; do
    curl -sf -X POST "$url/v2/models/$model/infer?probabilities=true" -H 'Content-Type: text/csv' \
        --data-binary "@$model.csv" >"$model.served.csv"
    cmp "$model.served.csv" "$model.predict.csv" || fail "CSV answer of $model differs from neural predict --probabilities"
done
curl -sf -X POST "$url/v2/models/diabetes/infer" -H 'Content-Type: text/csv' --data-binary @diabetes.csv >diabetes.served.csv
cmp diabetes.served.csv diabetes.predict.csv || fail "CSV answer of diabetes differs from neural predict"
echo "curl CSV: the answers of iris, mixed and diabetes are byte for byte neural predict's"

status() { curl -s -o "$work/body.json" -w '%{http_code}' "$@"; }
[ "$(status "$url/v2/models/unknown")" = 404 ] || fail "unknown model is not 404"
[ "$(status -X POST "$url/v2/models/iris/infer" -d '{"inputs": [')" = 400 ] || fail "bad JSON is not 400"
grep -q '"error":"The request body is not valid JSON' body.json || fail "bad JSON error body: $(cat body.json)"
[ "$(status -X POST "$url/v2/models/iris/infer" -d '{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":[1,2,"x",4]}]}')" = 400 ] \
    || fail "a string in an FP32 tensor is not 400"
grep -q 'row 0, column 2' body.json || fail "the error does not name the row and column: $(cat body.json)"
echo "curl errors: 404 and 400 with {\"error\": …} naming the tensor, row and column"

echo "== serve: load test, 64 connections (bounded: 40 requests each, 120 s)"
python3 "$OLDPWD/.ci/serve/load_test.py" 127.0.0.1 "$PORT" mixed mixed.csv mixed.predict.csv \
    --columns sepal_length:numeric,petal_length:numeric,width:text --connections 64 --requests 40 --timeout 120
curl -sf "$url/metrics" >metrics.txt
grep -q 'neural_inference_requests_total{model="mixed",code="200"}' metrics.txt || fail "metrics lack the request counts"
grep -q 'neural_batch_rows_count' metrics.txt || fail "metrics lack the batch histogram"
echo "metrics: $(grep -c '' metrics.txt) lines; largest batch bucket used: $(grep '^neural_batch_rows_bucket' metrics.txt | awk '$2>0' | head -1)"

echo "== serve: token, limits"
echo "s3cret-token" >token
start guarded iris.safetensors --token-file token --max-request-bytes 1000 --max-request-rows 5
[ "$(status "http://127.0.0.1:$PORT/v2/health/live")" = 200 ] || fail "liveness needs no token"
[ "$(status "http://127.0.0.1:$PORT/v2/health/ready")" = 401 ] || fail "readiness without a token is not 401"
[ "$(status -H 'Authorization: Bearer wrong' "http://127.0.0.1:$PORT/v2/models/iris")" = 401 ] || fail "a wrong token is not 401"
[ "$(status -H 'Authorization: Bearer s3cret-token' "http://127.0.0.1:$PORT/v2/models/iris")" = 200 ] || fail "the token is refused"
[ "$(status -H 'Authorization: Bearer s3cret-token' -H 'Content-Type: text/csv' --data-binary @iris.csv \
    "http://127.0.0.1:$PORT/v2/models/iris/infer")" = 413 ] || fail "a body over --max-request-bytes is not 413"
head -8 iris.csv >eight.csv
[ "$(status -H 'Authorization: Bearer s3cret-token' -H 'Content-Type: text/csv' --data-binary @eight.csv \
    "http://127.0.0.1:$PORT/v2/models/iris/infer")" = 413 ] || fail "rows over --max-request-rows is not 413"
echo "token and limits: 401 without the token (200 for liveness), 413 over the body and row limits"

echo "== serve: reload (--watch and SIGHUP); a bad file keeps the old model"
cp iris.safetensors live.safetensors
start watched live.safetensors --watch --watch-interval 0.2
watched_pid=$last_pid
live="http://127.0.0.1:$PORT/v2/models/live"
printf 'not a model' >bad.tmp && mv bad.tmp live.safetensors
for _ in $(seq 1 50); do grep -q "reload of live" "$work/watched.err" && break; sleep 0.1; done
grep -q "reload of live .* failed; the previous model keeps serving" "$work/watched.err" || fail "the failed reload is not logged"
curl -sf -X POST "$live/infer" -H 'Content-Type: text/csv' --data-binary @two.csv >after-bad.csv
cmp after-bad.csv two.predict.csv || fail "the old model stopped serving after a bad file"
cp diabetes.safetensors new.tmp && mv new.tmp live.safetensors
for _ in $(seq 1 50); do grep -q "reloaded live" "$work/watched.err" && break; sleep 0.1; done
curl -sf "$live" | grep -q '"task":"regression"' || fail "--watch did not load the new file"
cp iris.safetensors live.safetensors
kill -HUP "$watched_pid"
for _ in $(seq 1 50); do curl -sf "$live" | grep -q '"task":"classification"' && break; sleep 0.1; done
curl -sf "$live" | grep -q '"task":"classification"' || fail "SIGHUP did not reload"
grep -q "SIGHUP: reloading" "$work/watched.err" || fail "SIGHUP is not logged"
echo "reload: a bad file kept the old model (logged), --watch and SIGHUP loaded the new ones"

echo "== serve: SIGTERM drains the request in flight, then exits 0"
python3 -c "
import csv
rows = list(csv.reader(open('iris.csv')))
with open('big.csv', 'w') as f:
    f.write(','.join(rows[0]) + '\n')
    for i in range(6000): f.write(','.join(rows[1 + i % 150]) + '\n')
"
"$neural" predict iris.safetensors big.csv >big.predict.csv
# About 2.5 s of upload at 50 kB/s: the signal arrives while the request is being received.
curl -s -o big.served.csv -w '%{http_code}' --limit-rate 50k -X POST "$url/v2/models/iris/infer" \
    -H 'Content-Type: text/csv' --data-binary @big.csv >big.status &
curl_pid=$!
sleep 1
kill -TERM "$main_pid"
wait "$curl_pid"
[ "$(cat big.status)" = 200 ] || fail "the request in flight during SIGTERM got $(cat big.status)"
cmp big.served.csv big.predict.csv || fail "the request in flight during SIGTERM got a wrong answer"
set +e
wait "$main_pid"
code=$?
set -e
[ "$code" = 0 ] || fail "neural serve exited $code after SIGTERM"
echo "SIGTERM: the request in flight was answered (6000 rows), then the server exited 0"
echo "serve: all checks passed"
