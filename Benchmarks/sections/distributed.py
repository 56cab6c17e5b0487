"""`Benchmarks/compare --distributed`: runs the data-parallel benchmark `Benchmarks/mpi.sh`
(`neural-bench train` as 1 rank × 2 threads, 2 ranks × 1 thread over shared memory and, as root,
2 ranks in two network namespaces over a shaped veth) and turns its output into ratios against
one process.

It needs Open MPI (`mpirun`, and `libopenmpi-dev` for the build) and builds
`swift build -c release --traits MPI --scratch-path .build-mpi` itself; the namespace part needs
root and iproute2, and is left out (with `--no-namespaces`) otherwise. Missing MPI skips the section
with a message.
"""
import os
import re
import shutil
import subprocess

from sections import print_heading

HEADER = re.compile(r"^== (.+), batch (\d+)$")
RATE = re.compile(r"^\s+([\d.]+) samples/s, ([\d.]+) s per epoch")
ALLREDUCE = re.compile(r"^\s+(\d+) ranks: all-reduce ([\d.]+) ms per step \(([\d.]+)% of the time\)")


def missing(root):
    """Why the section cannot run here, or None."""
    if not shutil.which("mpirun"):
        return "Open MPI is not installed (apt-get install openmpi-bin libopenmpi-dev)"
    probe = subprocess.run(["pkg-config", "--exists", "ompi-c"], capture_output=True) if shutil.which("pkg-config") else None
    if probe is None or probe.returncode != 0:
        return "Open MPI's development files are missing (apt-get install libopenmpi-dev pkg-config)"
    return None


def namespaces_possible():
    return os.geteuid() == 0 and shutil.which("ip") is not None and shutil.which("tc") is not None


def parse(output):
    """Training runs of mpi.sh's output: configuration, batch, samples/s, all-reduce share."""
    runs, current = [], None
    for line in output.splitlines():
        header = HEADER.match(line)
        if header:
            current = {"configuration": header.group(1), "batch_size": int(header.group(2))}
            continue
        if current is None:
            continue
        rate = RATE.match(line)
        if rate:
            current["samples_per_second"] = float(rate.group(1))
            current["seconds_per_epoch"] = float(rate.group(2))
            runs.append(current)
            continue
        reduced = ALLREDUCE.match(line)
        if reduced:
            current["ranks"] = int(reduced.group(1))
            current["allreduce_ms_per_step"] = float(reduced.group(2))
            current["allreduce_fraction"] = float(reduced.group(3)) / 100
    return runs


def run(root, epochs, timeout, say):
    """Builds with MPI, runs mpi.sh; returns the section's report."""
    say("distributed: swift build -c release --traits MPI --scratch-path .build-mpi …")
    build = subprocess.run(["swift", "build", "-c", "release", "--traits", "MPI", "--scratch-path", ".build-mpi"],
                           cwd=root, capture_output=True, text=True)
    if build.returncode != 0:
        return {"failure": "the MPI build failed: " + (build.stdout + build.stderr).strip()[-600:]}
    command = [os.path.join(root, "Benchmarks", "mpi.sh"), str(epochs)]
    note = None
    if not namespaces_possible():
        command.append("--no-namespaces")
        note = "the two-namespace runs need root, ip and tc: left out"
    say(f"distributed: {' '.join(command)}")
    try:
        result = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"failure": f"timed out after {timeout} s"}
    if result.returncode != 0:
        return {"failure": f"exit {result.returncode}: {(result.stdout + result.stderr).strip()[-600:]}"}
    runs = parse(result.stdout)
    for entry in runs:
        one = next((r for r in runs if r["batch_size"] == entry["batch_size"] and r["configuration"].startswith("1 rank")), None)
        if one:
            entry["ratio_to_one_process"] = entry["samples_per_second"] / one["samples_per_second"]
    notes = [line for line in result.stdout.splitlines() if line.startswith(("load:", "links:"))]
    return {"command": " ".join(["Benchmarks/mpi.sh"] + command[1:]), "notes": notes + ([note] if note else []),
            "runs": runs, "output": result.stdout}


def print_table(section):
    if not print_heading("## Data-parallel training over MPI (Benchmarks/mpi.sh: 784-256-128-10, synthetic 60,000 × 784, Adam)", section):
        return
    print("| configuration | batch | samples/s | ratio to 1 rank × 2 threads | all-reduce ms per step (share) |")
    print("|---|---:|---:|---:|---:|")
    for r in section["runs"]:
        ratio = f"{r['ratio_to_one_process']:.2f}" if "ratio_to_one_process" in r else "n/a"
        reduce = (f"{r['allreduce_ms_per_step']:.3f} ({100 * r['allreduce_fraction']:.0f} %)"
                  if "allreduce_ms_per_step" in r else "—")
        print(f"| {r['configuration']} | {r['batch_size']} | {r['samples_per_second']:,.0f} | {ratio} | {reduce} |")
