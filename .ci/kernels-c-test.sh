#!/usr/bin/env bash
# Builds the C kernels with a plain C compiler together with Tests/KernelsC/gemm_test.c and runs
# the test: natively (portable, AVX2, AVX-512 as the CPU allows), then cross-compiled for aarch64
# and run under qemu-aarch64 (the NEON kernels), each compared with a double-precision reference.
#
# Every kernel the CPU cannot run is skipped with a line that says so ("skip avx512-8x32 (not
# available on this CPU …)"), and the run ends with "kernels checked: …; skipped: …".
# NEURAL_REQUIRE_KERNELS=avx512,avx2 turns such a skip into a failure, for a machine known to
# have those instructions.
#
# Usage: .ci/kernels-c-test.sh [--native-only] [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."

native_only=0
quick=""
for arg in "$@"; do
    case "$arg" in
        --native-only) native_only=1 ;;
        --quick) quick="--quick" ;;
        *) echo "unknown argument: $arg" >&2; exit 2 ;;
    esac
done

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
flags=(-O2 -ffp-contract=off -Wall -Werror -D_GNU_SOURCE -I Sources/NeuralKernels/include -I Sources/NeuralKernels)
sources=(Sources/NeuralKernels/*.c Tests/KernelsC/gemm_test.c)
libs=(-lpthread -ldl -lm)

cc_native="${CC:-cc}"
echo "== C kernels, native ($("$cc_native" --version | head -1))"
"$cc_native" "${flags[@]}" "${sources[@]}" "${libs[@]}" -o "$out/gemm_test"
"$out/gemm_test" $quick ${NEURAL_REQUIRE_KERNELS:+--require "$NEURAL_REQUIRE_KERNELS"}

# The vector copies of the elementwise and optimizer loops (clang's target_clones on x86-64 Linux)
# give the bits of the baseline copy: the same hashes with and without them.
if [ "$(uname -m)" = x86_64 ] && command -v clang >/dev/null; then
    echo "== vector copies against the baseline copy (clang)"
    kernels=(Sources/NeuralKernels/*.c)
    clang "${flags[@]}" "${kernels[@]}" Tests/KernelsC/clone_bits.c "${libs[@]}" -o "$out/clone_bits"
    clang "${flags[@]}" -DNK_NO_TARGET_CLONES "${kernels[@]}" Tests/KernelsC/clone_bits.c "${libs[@]}" \
        -o "$out/clone_bits_baseline"
    "$out/clone_bits" > "$out/clones.txt"
    "$out/clone_bits_baseline" > "$out/baseline.txt"
    diff "$out/baseline.txt" "$out/clones.txt"
    echo "ok   $(wc -l < "$out/clones.txt") kernels give the same bits in every vector copy"
fi

if [ "$native_only" = 1 ]; then exit 0; fi

if ! command -v aarch64-linux-gnu-gcc >/dev/null || ! command -v qemu-aarch64 >/dev/null; then
    echo "error: aarch64-linux-gnu-gcc and qemu-aarch64 are needed for the NEON test" >&2
    echo "       (Debian: apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user)" >&2
    exit 1
fi
echo "== C kernels, aarch64 under qemu ($(aarch64-linux-gnu-gcc --version | head -1))"
aarch64-linux-gnu-gcc "${flags[@]}" "${sources[@]}" "${libs[@]}" -o "$out/gemm_test_aarch64"
# Under emulation the largest shape is checked in one configuration per transpose (--quick);
# every other shape in all of them.
qemu-aarch64 -L /usr/aarch64-linux-gnu "$out/gemm_test_aarch64" --quick
