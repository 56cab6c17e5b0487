#!/usr/bin/env bash
# Data-parallel training cost: neural-bench train (784-256-128-10, batch 128 and 512) as
#   1 rank × 2 threads, 2 ranks × 1 thread (shared memory), and 2 ranks in two network
#   namespaces joined by a veth pair shaped to 10 Gbit/s (TCP only), plus the all-reduce cost by
#   message size in both settings. Needs root, iproute2, Open MPI, and the build
#   `swift build -c release --traits MPI --scratch-path .build-mpi`; with --no-namespaces only the
#   one-machine runs (no root or iproute2 needed).
# usage: Benchmarks/mpi.sh [EPOCHS] [--no-namespaces]    (median epoch of EPOCHS, default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS=3
NAMESPACES=1
for arg in "$@"; do
    case "$arg" in
        --no-namespaces) NAMESPACES=0 ;;
        *[!0-9]*|"") echo "usage: Benchmarks/mpi.sh [EPOCHS] [--no-namespaces]" >&2; exit 2 ;;
        *) EPOCHS="$arg" ;;
    esac
done
BENCH="$PWD/.build-mpi/release/neural-bench"
MPIRUN=(mpirun --allow-run-as-root --oversubscribe)
echo "load: $(cat /proc/loadavg); kernel: $(.build-mpi/release/neural info | grep -i kernel | head -1)"

for batch in 128 512; do
    echo "== 1 rank × 2 threads, batch $batch"
    "$BENCH" train --batch-size "$batch" --threads 2 --epochs "$EPOCHS" | sed -n 3p
    echo "== 2 ranks × 1 thread (one machine, shared memory), batch $batch"
    "${MPIRUN[@]}" -np 2 "$BENCH" train --distributed --batch-size "$batch" --threads 1 --epochs "$EPOCHS" | sed -n '3p;6p'
done
echo "== all-reduce, 2 ranks, shared memory"
"${MPIRUN[@]}" -np 2 "$BENCH" allreduce
if [ "$NAMESPACES" = 0 ]; then
    echo "load: $(cat /proc/loadavg)"
    exit 0
fi

A="nrlb-a-$$"; B="nrlb-b-$$"; NET="10.78.$(( $$ % 250 + 1 ))"
cleanup() { ip netns delete "$A" 2>/dev/null || true; ip netns delete "$B" 2>/dev/null || true; rm -f "$AGENT"; }
AGENT="$(mktemp)"
trap cleanup EXIT
ip netns add "$A"; ip netns add "$B"
ip link add "vb-$$" type veth peer name "vbp-$$"
ip link set "vb-$$" netns "$A"; ip link set "vbp-$$" netns "$B"
ip -n "$A" addr add "$NET.1/24" dev "vb-$$"; ip -n "$B" addr add "$NET.2/24" dev "vbp-$$"
for ns in "$A" "$B"; do ip -n "$ns" link set lo up; done
ip -n "$A" link set "vb-$$" up; ip -n "$B" link set "vbp-$$" up
# 10 Gbit/s each way; `tc netem` (for the 0.1 ms delay) is not in every kernel: used when present.
shaping="tbf rate 10gbit burst 4mb latency 50ms"
if ip netns exec "$A" tc qdisc add dev "vb-$$" root netem delay 0.1ms rate 10gbit 2>/dev/null; then
    ip netns exec "$B" tc qdisc add dev "vbp-$$" root netem delay 0.1ms rate 10gbit
    echo "links: netem 0.1 ms delay, 10 Gbit/s"
else
    ip netns exec "$A" tc qdisc add dev "vb-$$" root $shaping
    ip netns exec "$B" tc qdisc add dev "vbp-$$" root $shaping
    echo "links: $shaping (this kernel has no netem: no added delay)"
fi
cat > "$AGENT" <<AGENT
#!/bin/sh
while [ \$# -gt 0 ]; do case "\$1" in -*) shift ;; *) break ;; esac; done
host="\$1"; shift
case "\$host" in $NET.1) ns=$A ;; $NET.2) ns=$B ;; *) exit 1 ;; esac
exec ip netns exec "\$ns" sh -c "\$*"
AGENT
chmod +x "$AGENT"
NSRUN=(ip netns exec "$A" "${MPIRUN[@]}" -np 2 --host "$NET.1,$NET.2" --mca plm_rsh_agent "$AGENT"
       --mca plm_rsh_no_tree_spawn 1 --mca btl tcp,self --mca btl_tcp_if_include "$NET.0/24"
       --mca oob_tcp_if_include "$NET.0/24")
rx() { ip -n "$B" -s -j link show "vbp-$$" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["rx"]["bytes"])'; }
for batch in 128 512; do
    echo "== 2 ranks × 1 thread in two namespaces over the veth, batch $batch"
    before=$(rx)
    "${NSRUN[@]}" "$BENCH" train --distributed --batch-size "$batch" --threads 1 --epochs "$EPOCHS" | sed -n '3p;6p'
    after=$(rx)
    steps=$(( EPOCHS * (60000 + batch - 1) / batch + 8 ))
    echo "  veth: $(( after - before )) bytes received by the second namespace, about $(( (after - before) / steps )) per step (warm-up included)"
done
echo "== all-reduce, 2 ranks, two namespaces over the veth"
"${NSRUN[@]}" "$BENCH" allreduce
echo "load: $(cat /proc/loadavg)"
