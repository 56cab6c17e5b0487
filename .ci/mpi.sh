#!/usr/bin/env bash
# Data-parallel training over Open MPI: builds `neural` with the MPI trait and runs it under
# mpirun with 2 and 3 ranks (3 splits the batches unevenly), then once across two network
# namespaces joined by a veth pair. Every check names what it compares; any failure ends the
# script non-zero. Needs root for the namespaces (that part is skipped with a warning otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v mpirun >/dev/null || ! pkg-config --exists ompi-c 2>/dev/null; then
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends openmpi-bin libopenmpi-dev iproute2 >/dev/null
fi

# The default build must not have looked at Open MPI (the trait is off there).
if [ -f .build/debug.yaml ] && grep -q openmpi .build/debug.yaml; then
    echo "FAIL: the default build refers to Open MPI" >&2
    exit 1
fi

SCRATCH=.build-mpi
swift build -c release --traits MPI --scratch-path "$SCRATCH" 2>&1 | tail -1
NEURAL="$PWD/$SCRATCH/release/neural"
WORK="$(mktemp -d)"
MPIRUN=(mpirun --allow-run-as-root --oversubscribe)
# One thread per rank: the ranks share the machine's cores.
export NEURAL_THREADS=1
BAD_LINE="$(python3 .ci/mpi_data.py "$WORK" | sed -n 's/^ragged.csv: the extra field is on line //p')"

fail() { echo "FAIL: $*" >&2; exit 1; }
TRAIN=(train "$WORK/train.csv" --target y --hidden 32,16 --epochs 8 --batch-size 50 --seed 3 --quiet)
# The same flags but one (a flag may be given once, so this is a copy, not an addition).
TRAIN_EPOCHS_9=(train "$WORK/train.csv" --target y --hidden 32,16 --epochs 9 --batch-size 50 --seed 3 --quiet)

echo "-- one process: the reference run"
"$NEURAL" "${TRAIN[@]}" --model "$WORK/one.safetensors" > "$WORK/one.txt"
"$NEURAL" predict "$WORK/one.safetensors" "$WORK/holdout.csv" --output "$WORK/one-predictions.csv"

for ranks in 2 3; do
    echo "-- $ranks ranks: the same run as one process"
    "${MPIRUN[@]}" -np "$ranks" "$NEURAL" "${TRAIN[@]}" --distributed --model "$WORK/r$ranks.safetensors" > "$WORK/r$ranks.txt"
    grep -Eq "processes +$ranks, weights identical on every rank" "$WORK/r$ranks.txt" \
        || fail "$ranks ranks: the summary does not report identical weights on every rank: $(cat "$WORK/r$ranks.txt")"
    # float32 with only the order of the sums changed: measured about 1e-7 relative after 8
    # epochs; 1e-5 leaves that a hundredfold margin and still catches a row missed or counted
    # twice, or a penalty added on every rank (1e-4 and more).
    python3 .ci/mpi_weights.py "$WORK/one.safetensors" "$WORK/r$ranks.safetensors" 1e-5 \
        || fail "$ranks ranks: the weights differ from one process's by more than the tolerance"
    "$NEURAL" predict "$WORK/r$ranks.safetensors" "$WORK/holdout.csv" --output "$WORK/r$ranks-predictions.csv"
    cmp "$WORK/one-predictions.csv" "$WORK/r$ranks-predictions.csv" \
        || fail "$ranks ranks: the predictions on the held-out file differ from one process's"

    echo "-- $ranks ranks: the run repeats bit for bit"
    "${MPIRUN[@]}" -np "$ranks" "$NEURAL" "${TRAIN[@]}" --distributed --model "$WORK/r$ranks-again.safetensors" > /dev/null
    python3 .ci/mpi_weights.py "$WORK/r$ranks.safetensors" "$WORK/r$ranks-again.safetensors" 0 \
        || fail "$ranks ranks: a second run gave different weights"
done

echo "-- 3 ranks: regression with early stopping and a test split agrees with one process"
VALUES=(train "$WORK/values.csv" --target price --hidden 16 --epochs 60 --batch-size 40 --early-stopping
        --patience 3 --test-split 0.2 --learning-rate 0.01 --quiet)
"$NEURAL" "${VALUES[@]}" --model "$WORK/v1.safetensors" > "$WORK/v1.txt"
"${MPIRUN[@]}" -np 3 "$NEURAL" "${VALUES[@]}" --distributed --model "$WORK/v3.safetensors" > "$WORK/v3.txt"
python3 .ci/mpi_weights.py "$WORK/v1.safetensors" "$WORK/v3.safetensors" 1e-5 \
    || fail "regression: the weights differ from one process's"
[ "$(grep '^  epochs' "$WORK/v1.txt")" = "$(grep '^  epochs' "$WORK/v3.txt")" ] \
    || fail "regression: early stopping ended at a different epoch: $(grep '^  epochs' "$WORK/v1.txt" "$WORK/v3.txt")"

echo "-- --shard on 2 and 3 ranks: each holds its share; preprocessing and split equal one process's"
# quoted.csv has quoted notes with line breaks, missing numbers and text, and rare cities.
SHARD=(train "$WORK/quoted.csv" --target y --hidden 16 --epochs 30 --batch-size 32 --learning-rate 0.01
       --validation-split 0.1 --test-split 0.2 --max-categories 3 --seed 4 --json --quiet)
"$NEURAL" "${SHARD[@]}" --model "$WORK/shard1.safetensors" > "$WORK/shard1.json"
for ranks in 2 3; do
    "${MPIRUN[@]}" -np "$ranks" "$NEURAL" "${SHARD[@]}" --distributed --shard --model "$WORK/shard$ranks.safetensors" \
        > "$WORK/shard$ranks.json"
    python3 .ci/mpi_shard.py "$WORK/shard1.safetensors" "$WORK/shard$ranks.safetensors" \
        || fail "--shard on $ranks ranks: the preprocessing differs from one process's"
    # The batches differ (each rank shuffles its own rows), so the weights do; on the same
    # held-out rows the accuracy stays within 0.05 of one process's (measured within 0.02).
    python3 - "$WORK/shard1.json" "$WORK/shard$ranks.json" <<'PY' || fail "--shard on $ranks ranks: rows or accuracy differ from one process's"
import json, sys
one, sharded = (json.load(open(path)) for path in sys.argv[1:3])
print("rows", one["rows"], sharded["rows"], "accuracy", one["metrics"]["accuracy"], sharded["metrics"]["accuracy"])
sys.exit(0 if one["rows"] == sharded["rows"] and one["metrics_on"] == sharded["metrics_on"] == "test"
         and abs(one["metrics"]["accuracy"] - sharded["metrics"]["accuracy"]) <= 0.05 else 1)
PY
done
"$NEURAL" "${SHARD[@]}" --missing most-frequent --model "$WORK/shard-mf1.safetensors" > /dev/null
"${MPIRUN[@]}" -np 3 "$NEURAL" "${SHARD[@]}" --missing most-frequent --distributed --shard \
    --model "$WORK/shard-mf3.safetensors" > /dev/null
python3 .ci/mpi_shard.py "$WORK/shard-mf1.safetensors" "$WORK/shard-mf3.safetensors" \
    || fail "--shard --missing most-frequent: the preprocessing differs from one process's"

echo "-- --shard: a bad row in the last share is named by its line in the whole file, once"
set +e
"$NEURAL" train "$WORK/ragged.csv" --target y --model "$WORK/x.safetensors" 2> "$WORK/ragged-one.err" > /dev/null
"${MPIRUN[@]}" -np 3 "$NEURAL" train "$WORK/ragged.csv" --target y --distributed --shard --model "$WORK/x.safetensors" \
    > "$WORK/ragged.out" 2> "$WORK/ragged.err"
code=$?
set -e
[ "$code" != 0 ] || fail "ragged row: the job exited 0"
grep -q "line $BAD_LINE" "$WORK/ragged.err" || fail "ragged row: line $BAD_LINE not named: $(cat "$WORK/ragged.err")"
[ "$(grep '^error:' "$WORK/ragged.err")" = "$(grep '^error:' "$WORK/ragged-one.err")" ] \
    || fail "ragged row: not one process's message, once: $(cat "$WORK/ragged.err") vs $(cat "$WORK/ragged-one.err")"
[ ! -e "$WORK/x.safetensors" ] || fail "ragged row: a model was written"

echo "-- --shard with standard input is refused"
set +e
"${MPIRUN[@]}" -np 2 "$NEURAL" train - --target y --distributed --shard --model "$WORK/x.safetensors" \
    < "$WORK/quoted.csv" > /dev/null 2> "$WORK/stdin.err"
code=$?
set -e
[ "$code" != 0 ] || fail "--shard with standard input: the job exited 0"
grep -q "Standard input (-) cannot be split by byte ranges" "$WORK/stdin.err" || fail "--shard with standard input: $(cat "$WORK/stdin.err")"

echo "-- --shard with --from is refused"
set +e
"${MPIRUN[@]}" -np 2 "$NEURAL" train "$WORK/quoted.csv" --target y --distributed --shard --from "$WORK/shard1.safetensors" \
    --model "$WORK/x.safetensors" > /dev/null 2> "$WORK/from.err"
code=$?
set -e
[ "$code" != 0 ] || fail "--shard --from: the job exited 0"
grep -q "shard cannot be combined with --from" "$WORK/from.err" || fail "--shard --from: $(cat "$WORK/from.err")"

echo "-- tune --shard is refused (every trial trains on all the rows)"
set +e
"${MPIRUN[@]}" -np 2 "$NEURAL" tune "$WORK/train.csv" --target y --space "l2=0.001|0.01" --search grid --folds 2 \
    --distributed --shard --no-refit > /dev/null 2> "$WORK/tune-shard.err"
code=$?
set -e
[ "$code" != 0 ] || fail "tune --shard: the job exited 0"
grep -q "shard applies to neural train" "$WORK/tune-shard.err" || fail "tune --shard: $(cat "$WORK/tune-shard.err")"

echo "-- a rank reading different data, or given different flags, is refused by name"
set +e
"${MPIRUN[@]}" -np 1 "$NEURAL" "${TRAIN[@]}" --distributed --model "$WORK/x.safetensors" : \
    -np 1 "$NEURAL" train "$WORK/other.csv" "${TRAIN[@]:2}" --distributed --model "$WORK/x.safetensors" \
    > "$WORK/mismatch.out" 2> "$WORK/mismatch.err"
code=$?
set -e
[ "$code" != 0 ] || fail "different data: the job exited 0"
grep -q "Rank 1 reads a data file ($WORK/other.csv) that differs from rank 0.s ($WORK/train.csv)" "$WORK/mismatch.err" || fail "different data: $(cat "$WORK/mismatch.err")"
[ ! -e "$WORK/x.safetensors" ] || fail "different data: a model was written"
[ "$(grep -c '^error:' "$WORK/mismatch.err")" = 1 ] || fail "different data: rank 0 alone reports: $(cat "$WORK/mismatch.err")"
set +e
"${MPIRUN[@]}" -np 1 "$NEURAL" "${TRAIN[@]}" --distributed --model "$WORK/x.safetensors" : \
    -np 1 "$NEURAL" "${TRAIN_EPOCHS_9[@]}" --distributed --model "$WORK/x.safetensors" \
    > "$WORK/mismatch.out" 2> "$WORK/mismatch.err"
code=$?
set -e
[ "$code" != 0 ] || fail "different flags: the job exited 0"
grep -q "Rank 1 was started with different training settings" "$WORK/mismatch.err" \
    || fail "different flags: $(cat "$WORK/mismatch.err")"

echo "-- an error only rank 1 finds (its data file is missing) while rank 0 waits in a collective: the job ends, none waits"
set +e
timeout 60 "${MPIRUN[@]}" -np 1 "$NEURAL" "${TRAIN[@]}" --distributed --model "$WORK/lone.safetensors" : \
    -np 1 "$NEURAL" train "$WORK/missing.csv" --target y --hidden 32,16 --epochs 8 --batch-size 50 --seed 3 --quiet \
    --distributed --model "$WORK/lone.safetensors" > /dev/null 2> "$WORK/lone.err"
code=$?
set -e
[ "$code" != 124 ] || fail "an error on one rank: the job hung"
[ "$code" = 2 ] || fail "an error on one rank: exit $code, expected 2: $(cat "$WORK/lone.err")"
grep -q 'The data file ".*missing.csv" does not exist' "$WORK/lone.err" || fail "an error on one rank: $(cat "$WORK/lone.err")"
[ ! -e "$WORK/lone.safetensors" ] || fail "an error on one rank: a model was written"

# A run long enough to be interrupted: 5 to 40 ms per epoch on 2 ranks, idle or loaded. mpirun
# passes a SIGINT on to the ranks as SIGTERM about 2 s after it gets it (its own abort path), so the
# run must outlast that on an idle machine: 3000 epochs take about 15 s there.
LONG=(train "$WORK/train.csv" --target y --hidden 64,64 --epochs 3000 --batch-size 32 --seed 5 --quiet)

# Waits (up to 60 s) until $1 exists.
await_file() {
    for _ in $(seq 600); do [ -e "$1" ] && return 0; sleep 0.1; done
    fail "$1 did not appear"
}

echo "-- SIGINT to mpirun: every rank stops at the same batch, one checkpoint, and --resume finishes the run"
"${MPIRUN[@]}" -np 2 "$NEURAL" "${LONG[@]}" --distributed --checkpoint-every 20 \
    --model "$WORK/s.safetensors" > "$WORK/s.out" 2> "$WORK/s.err" &
job=$!
await_file "$WORK/s.checkpoint.safetensors"
sleep 1
kill -INT "$job"
set +e; wait "$job"; code=$?; set -e
[ "$code" != 0 ] || fail "SIGINT: the run finished before the signal (exit 0); make it longer"
grep -q "the checkpoint is saved in" "$WORK/s.err" || fail "SIGINT: no checkpoint message: $(cat "$WORK/s.err")"
[ ! -e "$WORK/s.safetensors" ] || fail "SIGINT: a model was written"
"${MPIRUN[@]}" -np 2 "$NEURAL" "${LONG[@]}" --distributed --model "$WORK/s.safetensors" \
    --resume "$WORK/s.checkpoint.safetensors" > "$WORK/s-resumed.out"
"${MPIRUN[@]}" -np 2 "$NEURAL" "${LONG[@]}" --distributed --model "$WORK/s-whole.safetensors" > /dev/null
python3 .ci/mpi_weights.py "$WORK/s-whole.safetensors" "$WORK/s.safetensors" 0 \
    || fail "SIGINT: the resumed run ended with other weights than an uninterrupted one"

echo "-- SIGKILL to rank 0: the job ends non-zero, the checkpoint is intact, and --resume finishes"
"${MPIRUN[@]}" -np 2 "$NEURAL" "${LONG[@]}" --distributed --checkpoint-every 1 \
    --model "$WORK/k.safetensors" > "$WORK/k.out" 2> "$WORK/k.err" &
job=$!
await_file "$WORK/k.checkpoint.safetensors"
sleep 1
rank0=""
for pid in $(pgrep -P "$job"); do
    if tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep -qx "OMPI_COMM_WORLD_RANK=0"; then rank0="$pid"; fi
done
[ -n "$rank0" ] || fail "SIGKILL: rank 0 not found among mpirun's children"
kill -KILL "$rank0"
set +e; wait "$job"; code=$?; set -e
[ "$code" != 0 ] || fail "SIGKILL: the job exited 0 after a rank was killed"
[ ! -e "$WORK/k.safetensors" ] || fail "SIGKILL: a model was written"
sleep 1
! pgrep -f "$WORK/k.safetensors" >/dev/null || fail "SIGKILL: a rank is still running"
"${MPIRUN[@]}" -np 2 "$NEURAL" "${LONG[@]}" --distributed --model "$WORK/k.safetensors" \
    --resume "$WORK/k.checkpoint.safetensors" > "$WORK/k-resumed.out" \
    || fail "SIGKILL: resuming from the checkpoint failed"
grep -q "weights identical on every rank" "$WORK/k-resumed.out" || fail "SIGKILL: resumed run: $(cat "$WORK/k-resumed.out")"
[ -e "$WORK/k.safetensors" ] || fail "SIGKILL: the resumed run wrote no model"

echo "-- tune --distributed on 2 and 3 ranks: the trials spread over the ranks, rank 0 keeps the study, one process's result"
TUNE=(tune "$WORK/train.csv" --target y --space "hidden=[8],[16];learning-rate=0.01|0.003|0.001" --search grid
      --folds 3 --epochs 60 --n-iter-no-change 1000 --batch-size 50 --seed 3)
"$NEURAL" "${TUNE[@]}" --study "$WORK/t1.jsonl" --model "$WORK/t1.safetensors" > "$WORK/t1.txt"
for ranks in 2 3; do
    # Each rank reports its CPU time (bash's `time`), to show that every rank ran trials.
    "${MPIRUN[@]}" -np "$ranks" bash -c 'TIMEFORMAT="rank $OMPI_COMM_WORLD_RANK cpu %U"; time "$0" "$@"' \
        "$NEURAL" "${TUNE[@]}" --distributed --study "$WORK/t$ranks.jsonl" \
        --model "$WORK/t$ranks.safetensors" > "$WORK/t$ranks.txt" 2> "$WORK/t$ranks.err"
    # Six trials on N ranks: each rank runs 6/N of them (rank 0 also refits the best one), so
    # the busiest rank uses less than twice the CPU of the idlest; a rank running no trial
    # would use only its start-up time, a small fraction of the others'.
    python3 - "$ranks" "$WORK/t$ranks.err" <<'PY' || fail "tune on $ranks ranks: the trials were not spread over the ranks: $(cat "$WORK/t$ranks.err")"
import re, sys
ranks, text = int(sys.argv[1]), open(sys.argv[2]).read()
cpu = {int(rank): float(seconds) for rank, seconds in re.findall(r"rank (\d+) cpu ([0-9.]+)", text)}
print("CPU seconds per rank:", cpu)
sys.exit(0 if sorted(cpu) == list(range(ranks)) and min(cpu.values()) * 2 > max(cpu.values()) else 1)
PY
    python3 .ci/mpi_study.py "$WORK/t1.jsonl" "$WORK/t$ranks.jsonl" \
        || fail "tune on $ranks ranks: the study differs from one process's"
    python3 .ci/mpi_weights.py "$WORK/t1.safetensors" "$WORK/t$ranks.safetensors" 0 \
        || fail "tune on $ranks ranks: the refitted best model differs from one process's"
    [ "$(grep '^Best: ' "$WORK/t1.txt")" = "$(grep '^Best: ' "$WORK/t$ranks.txt")" ] \
        || fail "tune on $ranks ranks: another best trial: $(grep '^Best: ' "$WORK/t$ranks.txt")"
    grep -q "on each of $ranks processes" "$WORK/t$ranks.txt" || fail "tune on $ranks ranks: $(head -3 "$WORK/t$ranks.txt")"
done

echo "-- tune --distributed killed by SIGKILL: the study resumes and ends as one process's"
# About 1 to 3 s a trial, so that the kill lands between trials 4 and 10.
KTUNE=(tune "$WORK/train.csv" --target y --space "hidden=[32],[64],[32,32];learning-rate=loguniform(1e-3,3e-2)"
       --search random --trials 10 --folds 3 --epochs 300 --n-iter-no-change 1000 --batch-size 32 --seed 11 --no-refit)
"$NEURAL" "${KTUNE[@]}" --study "$WORK/k1.jsonl" > /dev/null
"${MPIRUN[@]}" -np 2 "$NEURAL" "${KTUNE[@]}" --distributed --study "$WORK/k2.jsonl" > "$WORK/k2.out" 2> "$WORK/k2.err" &
job=$!
# Wait until two waves (four trials) are in the study, then kill rank 0, which holds it.
for _ in $(seq 1200); do
    [ -e "$WORK/k2.jsonl" ] && [ "$(wc -l < "$WORK/k2.jsonl")" -ge 5 ] && break
    sleep 0.1
done
rank0=""
for pid in $(pgrep -P "$job"); do
    if tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep -qx "OMPI_COMM_WORLD_RANK=0"; then rank0="$pid"; fi
done
[ -n "$rank0" ] || fail "tune SIGKILL: rank 0 not found among mpirun's children (the study has $(wc -l < "$WORK/k2.jsonl") lines)"
kill -KILL "$rank0"
set +e; wait "$job"; code=$?; set -e
[ "$code" != 0 ] || fail "tune SIGKILL: the job exited 0 after rank 0 was killed"
done_before=$(($(wc -l < "$WORK/k2.jsonl") - 1))
[ "$done_before" -lt 10 ] || fail "tune SIGKILL: all trials had finished before the kill; make them longer"
"${MPIRUN[@]}" -np 3 "$NEURAL" "${KTUNE[@]}" --distributed --study "$WORK/k2.jsonl" > "$WORK/k2-resumed.out" 2> "$WORK/k2-resumed.err" \
    || fail "tune SIGKILL: resuming failed: $(cat "$WORK/k2-resumed.err")"
grep -q "Resuming $WORK/k2.jsonl: $done_before trial" "$WORK/k2-resumed.out" \
    || fail "tune SIGKILL: the resumed run did not start from the $done_before trials done: $(head -3 "$WORK/k2-resumed.out")"
python3 .ci/mpi_study.py "$WORK/k1.jsonl" "$WORK/k2.jsonl" \
    || fail "tune SIGKILL: the resumed study differs from an uninterrupted one-process study"
[ "$(grep '^Best: ' "$WORK/k2-resumed.out")" != "" ] || fail "tune SIGKILL: no best trial: $(cat "$WORK/k2-resumed.out")"

echo "-- tune --distributed with a study another search holds: every rank stops, none waits"
exec 9> "$WORK/k1.jsonl.lock"
flock 9
set +e
timeout 30 "${MPIRUN[@]}" -np 2 "$NEURAL" "${TUNE[@]}" --distributed --study "$WORK/k1.jsonl" --no-refit \
    > /dev/null 2> "$WORK/locked.err"
code=$?
set -e
exec 9>&-
[ "$code" != 124 ] || fail "tune with a locked study: the job hung"
[ "$code" != 0 ] || fail "tune with a locked study: the job exited 0"
grep -q "another search is writing it" "$WORK/locked.err" || fail "tune with a locked study: $(cat "$WORK/locked.err")"

echo "-- two network namespaces joined by a veth pair"
if [ "$(id -u)" = 0 ] && command -v ip >/dev/null && ip netns add "nrl-probe-$$" 2>/dev/null; then
    ip netns delete "nrl-probe-$$"
    .ci/mpi_netns.sh "$NEURAL" "$WORK" "${TRAIN[@]}"
else
    echo "warning: cannot create network namespaces (needs root and iproute2); the veth test is skipped" >&2
fi

rm -rf "$WORK"
echo "MPI tests passed"
