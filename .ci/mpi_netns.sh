#!/usr/bin/env bash
# One distributed run whose traffic crosses a real interface: two network namespaces joined by
# a veth pair (10.77.x.1 and 10.77.x.2, which exist only inside them), mpirun started in the
# first, and the second rank's daemon launched into the second by an rsh agent that runs
# `ip netns exec` instead of ssh. MPI is told to use TCP over the veth only.
#
# usage: mpi_netns.sh NEURAL WORK TRAIN-ARGUMENTS...   (root; WORK holds one.safetensors)
# With NEURAL_NETNS_KEEP=1 the namespaces are left up for a benchmark and their names printed.
set -euo pipefail
NEURAL="$1"; WORK="$2"; shift 2
A="nrl-a-$$"; B="nrl-b-$$"
SUBNET="10.77.$(( $$ % 250 + 1 ))"
cleanup() { ip netns delete "$A" 2>/dev/null || true; ip netns delete "$B" 2>/dev/null || true; }
trap cleanup EXIT
ip netns add "$A"
ip netns add "$B"
ip link add "veth-$$" type veth peer name "vethp-$$"
ip link set "veth-$$" netns "$A"
ip link set "vethp-$$" netns "$B"
ip -n "$A" addr add "$SUBNET.1/24" dev "veth-$$"
ip -n "$B" addr add "$SUBNET.2/24" dev "vethp-$$"
for ns in "$A" "$B"; do ip -n "$ns" link set lo up; done
ip -n "$A" link set "veth-$$" up
ip -n "$B" link set "vethp-$$" up

AGENT="$WORK/netns-agent.sh"
cat > "$AGENT" <<AGENT
#!/bin/sh
# Called by mpirun as: agent [options] HOST COMMAND...; runs COMMAND in HOST's namespace.
while [ \$# -gt 0 ]; do case "\$1" in -*) shift ;; *) break ;; esac; done
host="\$1"; shift
case "\$host" in $SUBNET.1) ns=$A ;; $SUBNET.2) ns=$B ;; *) echo "unknown host \$host" >&2; exit 1 ;; esac
exec ip netns exec "\$ns" sh -c "\$*"
AGENT
chmod +x "$AGENT"

before=$(ip -n "$B" -s -j link show "vethp-$$" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["rx"]["bytes"])')
ip netns exec "$A" mpirun --allow-run-as-root --oversubscribe -np 2 --host "$SUBNET.1,$SUBNET.2" \
    --mca plm_rsh_agent "$AGENT" --mca plm_rsh_no_tree_spawn 1 \
    --mca btl tcp,self --mca btl_tcp_if_include "$SUBNET.0/24" --mca oob_tcp_if_include "$SUBNET.0/24" \
    -x NEURAL_THREADS \
    "$NEURAL" "$@" --distributed --model "$WORK/netns.safetensors" > "$WORK/netns.txt"
after=$(ip -n "$B" -s -j link show "vethp-$$" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["rx"]["bytes"])')
grep -Eq "processes +2, weights identical on every rank" "$WORK/netns.txt" \
    || { echo "FAIL: namespaces: $(cat "$WORK/netns.txt")" >&2; exit 1; }
python3 "$(dirname "$0")/mpi_weights.py" "$WORK/one.safetensors" "$WORK/netns.safetensors" 1e-5 \
    || { echo "FAIL: namespaces: the weights differ from one process's" >&2; exit 1; }
# Each step all-reduces the gradients (4 bytes per parameter): at least a megabyte in this run.
received=$(( after - before ))
echo "the second namespace received $received bytes over the veth"
[ "$received" -gt 1000000 ] || { echo "FAIL: namespaces: only $received bytes crossed the veth" >&2; exit 1; }
