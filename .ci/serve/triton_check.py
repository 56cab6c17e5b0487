"""Calls `neural serve` with tritonclient[http] and checks every prediction against
`neural predict` on the same CSV.

Usage: triton_check.py HOST:PORT MODEL DATA.csv PREDICT.csv json|binary

PREDICT.csv is what `neural predict MODEL DATA.csv` printed (with --probabilities for a
classifier). The rows are sent in requests of 1, 7, 16, 33 rows in turn, one tensor per column
as the model's metadata declares it (FP32 or BYTES), with JSON or binary tensors, asking for the
outputs in the same form. Labels must be equal and probabilities / values bit for bit equal
(the server's float32 against the float32 that predict's shortest round-trip text denotes).
Exit status 0 when everything matches, 1 otherwise.
"""
import csv
import sys

import numpy as np
import tritonclient.http as httpclient


def main():
    url, model, data_path, predict_path, mode = sys.argv[1:6]
    binary = mode == "binary"
    client = httpclient.InferenceServerClient(url)
    assert client.is_server_live() and client.is_server_ready(), "server not live and ready"
    assert client.is_model_ready(model), f"model {model} not ready"
    metadata = client.get_model_metadata(model)
    with open(data_path, newline="") as f:
        rows = list(csv.DictReader(f))
    with open(predict_path, newline="") as f:
        expected = list(csv.reader(f))
    header, expected = expected[0], expected[1:]
    assert len(expected) == len(rows), f"{len(expected)} predictions for {len(rows)} rows"
    outputs = [o["name"] for o in metadata["outputs"]]
    classifier = "probabilities" in outputs
    sizes = [1, 7, 16, 33]
    start, turn, checked = 0, 0, 0
    while start < len(rows):
        chunk = rows[start:start + sizes[turn % len(sizes)]]
        inputs = []
        for spec in metadata["inputs"]:
            name, datatype = spec["name"], spec["datatype"]
            if datatype == "BYTES":
                values = np.array([r[name].encode() for r in chunk], dtype=np.object_)
            else:
                values = np.array([np.float32(float(r[name])) for r in chunk], dtype=np.float32)
            tensor = httpclient.InferInput(name, [len(chunk)], datatype)
            tensor.set_data_from_numpy(values, binary_data=binary)
            inputs.append(tensor)
        requested = [httpclient.InferRequestedOutput(o, binary_data=binary) for o in outputs]
        request_id = f"rows-{start}"
        result = client.infer(model, inputs, outputs=requested, request_id=request_id)
        assert result.get_response()["id"] == request_id, "id not echoed"
        prediction = result.as_numpy("prediction")
        probabilities = result.as_numpy("probabilities") if classifier else None
        for offset in range(len(chunk)):
            line = expected[start + offset]
            got = prediction[offset]
            if classifier:
                label = got.decode() if isinstance(got, bytes) else str(got)
                assert label == line[0], f"row {start + offset}: {label} != {line[0]}"
                want = np.array([np.float32(float(v)) for v in line[1:]], dtype=np.float32)
                have = np.asarray(probabilities[offset], dtype=np.float32)
                assert np.array_equal(want.view(np.uint32), have.view(np.uint32)), \
                    f"row {start + offset}: probabilities {have.tolist()} != {want.tolist()}"
            else:
                want = np.float32(float(line[0]))
                assert np.float32(got).view(np.uint32) == want.view(np.uint32), f"row {start + offset}: {got} != {line[0]}"
            checked += 1
        start += len(chunk)
        turn += 1
    print(f"tritonclient ({mode}): {checked} predictions of {model} equal neural predict's")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
