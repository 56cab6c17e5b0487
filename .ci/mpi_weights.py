#!/usr/bin/env python3
"""Compares the tensors of two safetensors model files written by `neural train`.

usage: mpi_weights.py A.safetensors B.safetensors TOLERANCE
Prints the largest |a − b| / (1 + |a|) over all float32 tensors and exits 1 when it exceeds
TOLERANCE (0 asks for identical bytes). Pure Python: the format is an 8-byte little-endian
header length, a JSON header, then the raw tensors.
"""
import json
import struct
import sys


def tensors(path):
    with open(path, "rb") as handle:
        blob = handle.read()
    (length,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + length])
    data = blob[8 + length:]
    result = {}
    for name, entry in header.items():
        if name == "__metadata__" or entry["dtype"] != "F32":
            continue
        start, end = entry["data_offsets"]
        result[name] = struct.unpack("<%df" % ((end - start) // 4), data[start:end])
    return result


def main():
    a, b, tolerance = tensors(sys.argv[1]), tensors(sys.argv[2]), float(sys.argv[3])
    if sorted(a) != sorted(b):
        print("different tensors: %s vs %s" % (sorted(a), sorted(b)))
        return 1
    worst, where = 0.0, ""
    for name in a:
        if len(a[name]) != len(b[name]):
            print("%s: %d vs %d values" % (name, len(a[name]), len(b[name])))
            return 1
        for x, y in zip(a[name], b[name]):
            difference = abs(x - y) / (1 + abs(x))
            if difference > worst:
                worst, where = difference, name
    count = sum(len(v) for v in a.values())
    print("%d weights; largest relative difference %.3g (%s); tolerance %g" % (count, worst, where or "-", tolerance))
    return 0 if worst <= tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
