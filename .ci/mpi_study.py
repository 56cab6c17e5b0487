#!/usr/bin/env python3
"""Compares two `neural tune --study` logs: the same settings line and the same trials.

usage: mpi_study.py A.jsonl B.jsonl
Each log is JSON lines: the study's settings first, then one line per finished trial. The
trials are compared by their number, field by field (configuration, seed, epochs, metrics per
fold, failure), all but the wall time `seconds`, which no two runs share. Exits 1 on the first
difference. Pure Python.
"""
import json
import sys


def read(path):
    with open(path) as handle:
        lines = [json.loads(line) for line in handle if line.strip()]
    if not lines:
        raise SystemExit("%s: empty study log" % path)
    trials = {}
    for record in lines[1:]:
        record = dict(record)
        record.pop("seconds", None)
        if record.get("trial") in trials:
            raise SystemExit("%s: trial %r recorded twice" % (path, record.get("trial")))
        trials[record.get("trial")] = record
    return lines[0], trials


def main():
    (settings_a, trials_a), (settings_b, trials_b) = read(sys.argv[1]), read(sys.argv[2])
    if settings_a != settings_b:
        print("different settings lines:\n  %s\n  %s" % (settings_a, settings_b))
        return 1
    if sorted(trials_a) != sorted(trials_b):
        print("different trials: %s vs %s" % (sorted(trials_a), sorted(trials_b)))
        return 1
    for number in sorted(trials_a):
        if trials_a[number] != trials_b[number]:
            print("trial %r differs:\n  %s\n  %s" % (number, trials_a[number], trials_b[number]))
            return 1
    print("%d trials, identical but for their wall times" % len(trials_a))
    return 0


if __name__ == "__main__":
    sys.exit(main())
