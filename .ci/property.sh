#!/usr/bin/env bash
# Property test of the `neural` executable (.ci/property.py): a few hundred seeded random command
# lines of train, predict, evaluate, export, import, demo, cross-validate, tune and explain, with
# extreme and invalid flag values, repeated flags and outputs spelled as inputs or other outputs
# (literal, ./, absolute, ../, symbolic and hard links). Accepts only exit codes 0, 1 and 2,
# inputs byte-identical afterwards and no file left behind; prints the seed and every failing
# command line. Bounded: at most PROPERTY_RUNS runs (default 300), none started after
# PROPERTY_SECONDS (default 300). PROPERTY_SEED reruns a failing sequence.
set -euo pipefail
cd "$(dirname "$0")/.."

# The debug build `swift test` made (nothing to rebuild in CI); a precondition traps there as in release.
swift build --product neural 2>&1 | tail -1
binary="$(swift build --show-bin-path)/neural"
python3 .ci/property.py --binary "$binary" --runs "${PROPERTY_RUNS:-300}" --time-limit "${PROPERTY_SECONDS:-300}" \
    ${PROPERTY_SEED:+--seed "$PROPERTY_SEED"}
