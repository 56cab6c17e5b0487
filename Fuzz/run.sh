#!/usr/bin/env bash
# Builds the fuzzers and runs each for SECONDS seconds (default 60) from the committed seed
# corpus. New inputs go to a temporary folder, never into Fuzz/corpus. Exits non-zero when a
# fuzzer finds a crash, a sanitizer error, a timeout or excess memory; the input that caused it
# is kept in Fuzz/.build/findings/<target>/ and its path is printed.
#
# Usage: Fuzz/run.sh [SECONDS] [csv|model|onnx|pytorch|request ...]   (all five when none is named)
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv model onnx pytorch request)

Fuzz/build.sh "${targets[@]}" || { echo "error: building the fuzzers failed" >&2; exit 2; }

# Swift's own crash handler would inspect the dying process under AddressSanitizer and bury the
# trap's "Fatal error" message under a report about itself; leave crashes to libFuzzer.
export SWIFT_BACKTRACE=enable=no

work=$(mktemp -d "${TMPDIR:-/tmp}/neural-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
status=0
for target in "${targets[@]}"; do
    case "$target" in
        csv) max_len=65536 ;;
        model) max_len=1048576 ;;
        onnx) max_len=65536 ;;
        pytorch) max_len=65536 ;;
        request) max_len=65536 ;;
        *) echo "unknown fuzz target $target" >&2; exit 2 ;;
    esac
    findings="Fuzz/.build/findings/$target"
    mkdir -p "$work/$target" "$findings"
    log="$work/$target.log"
    echo "== fuzz-$target for ${seconds}s"
    # -timeout: one input taking 10 s is a hang; -rss_limit_mb: 2 GiB is unbounded memory
    # for inputs this small; -malloc_limit_mb: so is any single allocation of 1 GiB.
    # The first folder receives new inputs; the committed corpus is only read.
    Fuzz/.build/fuzz-$target \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
        -max_len="$max_len" -dict="Fuzz/dictionaries/$target.dict" \
        -artifact_prefix="$findings/" -print_final_stats=1 \
        "$work/$target" "Fuzz/corpus/$target" >"$log" 2>&1
    result=$?
    executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    echo "fuzz-$target: ${executions:-?} executions in ${seconds}s, ${coverage:-cov: ?}, exit code $result"
    if [ "$result" -ne 0 ]; then
        status=1
        echo "error: fuzz-$target found a problem:" >&2
        grep -E 'ERROR|SUMMARY|Fatal error|Swift runtime failure|Test unit written|deadly signal|timeout' "$log" | head -20 >&2
        tail -60 "$log" >&2
    fi
done
exit $status
