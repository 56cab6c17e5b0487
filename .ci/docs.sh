#!/usr/bin/env bash
# Builds the DocC catalogue of the Neural library (Sources/Neural/Neural.docc) with warnings
# treated as errors, so a symbol renamed in code without its article breaks this step.
#
# The swift-docc-plugin package is a dependency only when NEURAL_DOCC is set (Package.swift), so
# `swift build` and `swift test` never fetch it. A scratch path of its own keeps the normal
# build folder untouched. Usage: .ci/docs.sh [output folder]   (default: a temporary folder)
set -euo pipefail
cd "$(dirname "$0")/.."
export NEURAL_DOCC=1
out=${1:-$(mktemp -d)}
mkdir -p "$out"
swift package --scratch-path .build-docs --allow-writing-to-directory "$out" \
    generate-documentation --target Neural --warnings-as-errors --output-path "$out"
echo "documentation written to $out"
