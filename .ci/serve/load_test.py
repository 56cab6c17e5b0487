"""A bounded load test of `neural serve` over loopback: CONNECTIONS keep-alive connections
(asyncio, raw HTTP/1.1), each sending REQUESTS single-row inference requests one after another,
alternating JSON and binary tensors, over the rows of DATA.csv. Every request must be answered
200 and every answer must equal `neural predict` on that row (labels, and probabilities bit for
bit). The whole run is bounded by --timeout seconds.

Usage: load_test.py HOST PORT MODEL DATA.csv PREDICT.csv [--connections 64] [--requests 40] [--timeout 120]
"""
import argparse
import asyncio
import csv
import json
import struct
import sys
import time

import numpy as np


def request_bodies(rows, columns, numeric):
    """(JSON body, binary body with its header length) for each row."""
    bodies = []
    for row in rows:
        inputs = []
        for name in columns:
            value = float(row[name]) if numeric[name] else row[name]
            inputs.append({"name": name, "datatype": "FP32" if numeric[name] else "BYTES", "shape": [1], "data": [value]})
        json_body = json.dumps({"inputs": inputs}).encode()
        raw, specs = b"", []
        for name in columns:
            if numeric[name]:
                chunk = struct.pack("<f", float(row[name]))
            else:
                text = row[name].encode()
                chunk = struct.pack("<I", len(text)) + text
            specs.append({"name": name, "datatype": "FP32" if numeric[name] else "BYTES", "shape": [1],
                          "parameters": {"binary_data_size": len(chunk)}})
            raw += chunk
        header = json.dumps({"inputs": specs, "parameters": {"binary_data_output": True}}).encode()
        bodies.append((json_body, header + raw, len(header)))
    return bodies


async def read_response(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            key, value = line.split(":", 1)
            headers[key.strip().lower()] = value.strip()
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return status, headers, body


def decode(body, headers, classifier):
    """(label, probabilities as uint32 bits or value bits) of a one-row response."""
    length = headers.get("inference-header-content-length")
    if length is None:
        outputs = {o["name"]: o for o in json.loads(body)["outputs"]}
        label = outputs["prediction"]["data"][0]
        if classifier:
            probabilities = np.array(outputs["probabilities"]["data"], dtype=np.float32)
            return str(label), probabilities.view(np.uint32).tolist()
        return None, [np.float32(label).view(np.uint32).item()]
    length = int(length)
    header = json.loads(body[:length])
    offset, values = length, {}
    for output in header["outputs"]:
        size = output["parameters"]["binary_data_size"]
        values[output["name"]] = body[offset:offset + size]
        offset += size
    if classifier:
        label = values["prediction"][4:].decode()
        return label, list(struct.unpack("<%dI" % (len(values["probabilities"]) // 4), values["probabilities"]))
    return None, list(struct.unpack("<I", values["prediction"]))


async def client(index, args, bodies, expected, classifier, stats):
    reader, writer = await asyncio.open_connection(args.host, args.port)
    try:
        for number in range(args.requests):
            row = (index * args.requests + number) % len(bodies)
            json_body, binary_body, header_length = bodies[row]
            binary = (index + number) % 2 == 1
            body = binary_body if binary else json_body
            extra = f"Inference-Header-Content-Length: {header_length}\r\n" if binary else ""
            writer.write((f"POST /v2/models/{args.model}/infer HTTP/1.1\r\nHost: {args.host}\r\n"
                          f"Content-Type: application/json\r\n{extra}Content-Length: {len(body)}\r\n\r\n").encode() + body)
            await writer.drain()
            status, headers, payload = await read_response(reader)
            if status != 200:
                stats["errors"].append(f"connection {index} request {number}: HTTP {status} {payload[:200]!r}")
                continue
            if decode(payload, headers, classifier) != expected[row]:
                stats["errors"].append(f"connection {index} request {number} (row {row}, {'binary' if binary else 'JSON'}): "
                                       f"{decode(payload, headers, classifier)} != {expected[row]}")
                continue
            stats["ok"] += 1
    finally:
        writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("model")
    parser.add_argument("data")
    parser.add_argument("predict")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--columns", required=True, help="column:numeric|text,… in the model's order")
    args = parser.parse_args()
    columns, numeric = [], {}
    for spec in args.columns.split(","):
        name, kind = spec.rsplit(":", 1)
        columns.append(name)
        numeric[name] = kind == "numeric"
    with open(args.data, newline="") as f:
        rows = list(csv.DictReader(f))
    with open(args.predict, newline="") as f:
        lines = list(csv.reader(f))[1:]
    classifier = len(lines[0]) > 1
    expected = []
    for line in lines:
        if classifier:
            expected.append((line[0], np.array([float(v) for v in line[1:]], dtype=np.float32).view(np.uint32).tolist()))
        else:
            expected.append((None, [np.float32(float(line[0])).view(np.uint32).item()]))
    bodies = request_bodies(rows, columns, numeric)
    stats = {"ok": 0, "errors": []}
    started = time.monotonic()
    tasks = [client(i, args, bodies, expected, classifier, stats) for i in range(args.connections)]
    results = await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), timeout=args.timeout)
    elapsed = time.monotonic() - started
    for result in results:
        if isinstance(result, BaseException):
            stats["errors"].append(f"connection failed: {result!r}")
    total = args.connections * args.requests
    print(f"load test: {stats['ok']}/{total} requests answered and correct over {args.connections} connections "
          f"in {elapsed:.1f} s ({stats['ok'] / elapsed:.0f} requests/s)")
    if stats["errors"] or stats["ok"] != total:
        for error in stats["errors"][:20]:
            print(f"error: {error}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    asyncio.run(main())
