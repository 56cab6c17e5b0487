#!/usr/bin/env python3
"""Compares the preprocessing of a model trained with --shard with one process's.

usage: mpi_shard.py ONE.safetensors SHARDED.safetensors
The preprocessing (the model file's `neural.preprocessing` metadata, JSON) must be the same:
column kinds, classes and their order, categories and the pooled ones, medians, most frequent
values and fill values exactly; standardiser means, standard deviations and imputer means
within one float32 unit in the last place (one process sums in two passes, the ranks combine
counts, means and M2 by Chan's formula; both are float64 until the final rounding to float32).
Pure Python.
"""
import json
import struct
import sys


def metadata(path):
    with open(path, "rb") as handle:
        (length,) = struct.unpack("<Q", handle.read(8))
        header = json.loads(handle.read(length))
    return header["__metadata__"]


def ulp(value):
    """The spacing of float32 at |value| (the distance to the next float32 away from zero)."""
    bits = struct.unpack("<I", struct.pack("<f", abs(value)))[0]
    return struct.unpack("<f", struct.pack("<I", bits + 1))[0] - abs(value)


def within_ulp(name, a, b, problems):
    if len(a) != len(b):
        problems.append("%s: %d vs %d values" % (name, len(a), len(b)))
        return
    for index, (x, y) in enumerate(zip(a, b)):
        if abs(x - y) > ulp(max(abs(x), abs(y))):
            problems.append("%s[%d]: %r vs %r (more than one float32 ulp)" % (name, index, x, y))


def main():
    one, sharded = metadata(sys.argv[1]), metadata(sys.argv[2])
    a, b = json.loads(one["neural.preprocessing"]), json.loads(sharded["neural.preprocessing"])
    problems = []
    close = {"numericMeans", "standardizer.means", "standardizer.standardDeviations"}
    # A sharded fit finds the numeric most frequent values only under --missing most-frequent
    # (exactly finding them may gather every distinct value); otherwise the file has none.
    if "numericModes" not in b and a.get("missingValues") not in ("mostFrequent", "most-frequent"):
        a = dict(a)
        a.pop("numericModes", None)
    for section in sorted(set(a) | set(b)):
        left, right = a.get(section), b.get(section)
        if isinstance(left, dict) and isinstance(right, dict):
            pairs = [("%s.%s" % (section, key), left.get(key), right.get(key)) for key in sorted(set(left) | set(right))]
        else:
            pairs = [(section, left, right)]
        for name, x, y in pairs:
            if name in close:
                within_ulp(name, x or [], y or [], problems)
            elif x != y:
                problems.append("%s: %r vs %r" % (name, x, y))
    for problem in problems:
        print(problem)
    print("preprocessing compared: %d sections, %d differences" % (len(set(a) | set(b)), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
