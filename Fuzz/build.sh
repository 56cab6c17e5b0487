#!/usr/bin/env bash
# Builds the libFuzzer targets (Linux): Fuzz/.build/fuzz-csv, fuzz-model, fuzz-onnx, fuzz-pytorch and fuzz-request.
#
# The package build is untouched: the C kernels are compiled here with
# -fsanitize=fuzzer-no-link,address, the Swift files of Sources/Neural and of Sources/NeuralONNX
# are compiled into two static libraries, and each harness is linked with them into a single
# executable with -sanitize=fuzzer,address. The NeuralKernels
# module is made visible to Swift through a module map generated in the build folder.
#
# Usage: Fuzz/build.sh [csv|model|onnx|pytorch|request|seeds ...]   (all five fuzzers when no target is named;
#        seeds builds Fuzz/.build/write-seeds, which rewrites the valid seeds of Fuzz/corpus)
# Environment: SWIFTC, CLANG override the compilers (default: swiftc on PATH and the clang
# beside it, so both come from the same toolchain and agree on the sanitizer runtime).
set -euo pipefail
script=$(readlink -f "$0")
cd "$(dirname "$script")/.."
root=$(pwd)

SWIFTC=${SWIFTC:-$(command -v swiftc)}
CLANG=${CLANG:-$(dirname "$(readlink -f "$SWIFTC")")/clang}
[ -x "$CLANG" ] || CLANG=$(command -v clang)

out="$root/Fuzz/.build"
objects="$out/kernels"
mkdir -p "$objects" "$out/modulemap"

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv model onnx pytorch request)

# The C target, with the same defines as Package.swift, instrumented for coverage and ASan.
kernel_objects=()
while IFS= read -r -d '' source; do
    object="$objects/$(echo "${source#Sources/NeuralKernels/}" | tr '/' '_').o"
    if [ ! -f "$object" ] || [ "$source" -nt "$object" ] || [ "$script" -nt "$object" ]; then
        "$CLANG" -c -O1 -g -fsanitize=fuzzer-no-link,address -fno-math-errno -D_GNU_SOURCE \
            -I Sources/NeuralKernels/include -o "$object" "$source"
    fi
    kernel_objects+=("$object")
done < <(find Sources/NeuralKernels -name '*.c' -print0 | sort -z)

cat > "$out/modulemap/module.modulemap" <<MAP
module NeuralKernels {
    umbrella header "$root/Sources/NeuralKernels/include/NeuralKernels.h"
    export *
}
MAP

library_sources=()
while IFS= read -r -d '' source; do library_sources+=("$source"); done \
    < <(find Sources/Neural -name '*.swift' -print0 | sort -z)

# -package-name: the modules share `package` declarations, as they do in SwiftPM's build.
swift_flags=(-swift-version 6 -O -g -sanitize=fuzzer,address -package-name neural
    -I Sources/NeuralKernels/include
    -Xcc -fmodule-map-file="$out/modulemap/module.modulemap" -Xcc -D_GNU_SOURCE
    -module-cache-path "$out/module-cache")

# The library, once, as a static library and a module the harnesses import (rebuilt when a
# Swift source is newer than it).
library="$out/lib/libNeural.a"
mkdir -p "$out/lib"
if [ ! -f "$library" ] || [ "$script" -nt "$library" ] \
   || [ -n "$(find Sources/Neural Sources/NeuralKernels/include -newer "$library" -print -quit)" ]; then
    echo "== building the Neural library (instrumented)"
    "$SWIFTC" -module-name Neural -parse-as-library -emit-library -static \
        -emit-module -emit-module-path "$out/lib/Neural.swiftmodule" \
        "${swift_flags[@]}" "${library_sources[@]}" -o "$library"
fi

# The ONNX target, over the Neural module just built.
onnx_sources=()
while IFS= read -r -d '' source; do onnx_sources+=("$source"); done \
    < <(find Sources/NeuralONNX -name '*.swift' -print0 | sort -z)
onnx_library="$out/lib/libNeuralONNX.a"
if [ ! -f "$onnx_library" ] || [ "$library" -nt "$onnx_library" ] \
   || [ -n "$(find Sources/NeuralONNX -newer "$onnx_library" -print -quit)" ]; then
    echo "== building the NeuralONNX library (instrumented)"
    "$SWIFTC" -module-name NeuralONNX -parse-as-library -emit-library -static \
        -emit-module -emit-module-path "$out/lib/NeuralONNX.swiftmodule" -I "$out/lib" \
        "${swift_flags[@]}" "${onnx_sources[@]}" -o "$onnx_library"
fi

# The request decoder of `neural serve` (Sources/NeuralInference), a second static library on
# top of Neural, for the request target only.
inference_library="$out/lib/libNeuralInference.a"
if [[ " ${targets[*]} " == *" request "* ]]; then
    inference_sources=()
    while IFS= read -r -d '' source; do inference_sources+=("$source"); done \
        < <(find Sources/NeuralInference -name '*.swift' -print0 | sort -z)
    if [ ! -f "$inference_library" ] || [ "$library" -nt "$inference_library" ] \
       || [ -n "$(find Sources/NeuralInference -newer "$inference_library" -print -quit)" ]; then
        echo "== building the NeuralInference library (instrumented)"
        "$SWIFTC" -module-name NeuralInference -parse-as-library -emit-library -static \
            -emit-module -emit-module-path "$out/lib/NeuralInference.swiftmodule" -I "$out/lib" \
            "${swift_flags[@]}" "${inference_sources[@]}" -o "$inference_library"
    fi
fi

for target in "${targets[@]}"; do
    if [ "$target" = seeds ]; then
        # The seed writer has its own main: link libFuzzer's runtime without its main.
        echo "== building write-seeds"
        fuzzer_runtime=$(find "$(dirname "$(readlink -f "$SWIFTC")")/../lib" -name 'libclang_rt.fuzzer_no_main-x86_64.a' | head -1)
        "$SWIFTC" -module-name WriteSeeds -parse-as-library -swift-version 6 -O -sanitize=address \
            -I Sources/NeuralKernels/include -Xcc -fmodule-map-file="$out/modulemap/module.modulemap" \
            -module-cache-path "$out/module-cache" -I "$out/lib" \
            Fuzz/Seeds/*.swift "$onnx_library" "$library" "${kernel_objects[@]}" "$fuzzer_runtime" -lstdc++ -lpthread -ldl -lm \
            -o "$out/write-seeds" 2> >(grep -v "Cannot export local symbol '__asan" >&2)
        continue
    fi
    harness="Fuzz/Harnesses/Fuzz$(echo "${target:0:1}" | tr a-z A-Z)${target:1}.swift"
    [ -f "$harness" ] || { echo "no harness $harness" >&2; exit 2; }
    echo "== building fuzz-$target"
    # -parse-as-library: the harness has no top-level code, libFuzzer provides main.
    extra=()
    [ "$target" = request ] && extra=("$inference_library")
    "$SWIFTC" -module-name "Fuzz${target^}" -parse-as-library "${swift_flags[@]}" -I "$out/lib" \
        "$harness" "${extra[@]}" "$onnx_library" "$library" "${kernel_objects[@]}" -lpthread -ldl -lm \
        -o "$out/fuzz-$target" 2> >(grep -v "Cannot export local symbol '__asan" >&2)
done
