"""`Benchmarks/compare --serve`: runs the serving benchmark `Benchmarks/serve/run.sh` (`neural
serve` against MLServer, both on loopback under wrk) and turns its table into ratios.

The script needs wrk and an MLServer installation (a virtual environment at
Benchmarks/serve/.venv or $MLSERVER_VENV, which run.sh would otherwise create with pip). The
comparison installs nothing: when either is missing, the section is skipped with a message that
says how to provide it. The run takes about 24 cells × (SECONDS + 2) s.
"""
import os
import re
import shutil
import subprocess

from sections import print_heading

ROW = re.compile(r"^\| (neural|mlserver) \| (json|binary) \| (\d+) \| (\d+) \| ([^|]*)\| ([^|]*)\| ([^|]*)\| ([^|]*)\|")


def missing(root):
    """Why the section cannot run here, or None."""
    if not shutil.which("wrk"):
        return "wrk is not installed (apt-get install wrk)"
    venv = os.environ.get("MLSERVER_VENV", os.path.join(root, "Benchmarks", "serve", ".venv"))
    if not os.access(os.path.join(venv, "bin", "mlserver"), os.X_OK):
        return (f"MLServer is not installed in {venv} (python3 -m venv {venv} && {venv}/bin/pip install "
                "mlserver mlserver-sklearn scikit-learn, or set MLSERVER_VENV)")
    return None


def number(text):
    """'16,969' → 16969.0, '0.63 ms' → 0.63; None for text without a number."""
    match = re.match(r"\s*([\d,]+(?:\.\d+)?)", text)
    return float(match.group(1).replace(",", "")) if match else None


def parse(table):
    """The cells of run.sh's Markdown table."""
    cells = []
    for line in table.splitlines():
        match = ROW.match(line)
        if not match:
            continue
        server, tensors, rows, connections, rate, _, p50, p99 = match.groups()
        supported = not rate.strip().startswith("not supported")
        errors = re.search(r"\((\d+) errors\)", rate)
        cells.append({"server": server, "tensors": tensors, "rows": int(rows), "connections": int(connections),
                      "requests_per_second": number(rate) if supported else None,
                      "errors": int(errors.group(1)) if errors else 0,
                      "p50_ms": number(p50) if supported else None, "p99_ms": number(p99) if supported else None,
                      "note": None if supported else rate.strip()})
    return cells


def run(root, seconds, timeout, say):
    """Runs run.sh; returns the section's report (cells, ratios, the script's notes)."""
    command = [os.path.join(root, "Benchmarks", "serve", "run.sh"), str(seconds)]
    say(f"serve: {' '.join(command)} (about {24 * (seconds + 2) // 60 + 1} min)")
    try:
        result = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"failure": f"timed out after {timeout} s"}
    notes = [line for line in result.stderr.splitlines()
             if line.startswith(("load average", "kernel:", "mlserver:"))]
    if result.returncode != 0:
        return {"failure": f"exit {result.returncode}: {result.stderr.strip()[-400:]}"}
    cells = parse(result.stdout)
    if not cells:
        return {"failure": f"no table in the output: {result.stdout.strip()[-300:]}"}
    return {"command": " ".join(["Benchmarks/serve/run.sh", str(seconds)]), "notes": notes, "cells": cells,
            "ratios": ratios(cells)}


def ratios(cells):
    """Neural against MLServer for each cell: requests/s and p99. MLServer has no binary tensors,
    so a binary cell of Neural's is set against MLServer's JSON cell of the same size (`peer_tensors`)."""
    by_key = {(c["server"], c["tensors"], c["rows"], c["connections"]): c for c in cells}
    result = []
    for (server, tensors, rows, connections), cell in sorted(by_key.items(),
                                                               key=lambda item: (item[0][1] != "json", item[0][2:])):
        if server != "neural":
            continue
        peer_tensors = tensors
        peer = by_key.get(("mlserver", tensors, rows, connections))
        if not (peer and peer["requests_per_second"]):
            peer_tensors, peer = "json", by_key.get(("mlserver", "json", rows, connections))
        entry = {"tensors": tensors, "rows": rows, "connections": connections, "peer_tensors": peer_tensors,
                 "neural_requests_per_second": cell["requests_per_second"], "neural_p99_ms": cell["p99_ms"],
                 "mlserver_requests_per_second": peer and peer["requests_per_second"],
                 "mlserver_p99_ms": peer and peer["p99_ms"]}
        if entry["mlserver_requests_per_second"] and entry["neural_requests_per_second"]:
            entry["throughput_ratio"] = entry["neural_requests_per_second"] / entry["mlserver_requests_per_second"]
            entry["p99_ratio"] = entry["neural_p99_ms"] / entry["mlserver_p99_ms"]
        result.append(entry)
    return result


def print_table(section):
    if not print_heading("## Serving: `neural serve` vs MLServer (Benchmarks/serve/run.sh, Open Inference Protocol, loopback, wrk)", section):
        return
    print("| Neural's tensors | rows/request | connections | neural requests/s | MLServer requests/s (its tensors) | "
          "ratio | neural p99 ms | MLServer p99 ms | p99 ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in section["ratios"]:
        def show(value, form):
            return "n/a" if value is None else format(value, form)
        ratio = f"**{r['throughput_ratio']:.1f}×**" if "throughput_ratio" in r else "n/a"
        p99_ratio = f"{r['p99_ratio']:.2f}" if "p99_ratio" in r else "n/a"
        print(f"| {r['tensors']} | {r['rows']} | {r['connections']} | {show(r['neural_requests_per_second'], ',.0f')} | "
              f"{show(r['mlserver_requests_per_second'], ',.0f')} ({r['peer_tensors']}) | {ratio} | {show(r['neural_p99_ms'], '.2f')} | "
              f"{show(r['mlserver_p99_ms'], '.2f')} | {p99_ratio} |")
