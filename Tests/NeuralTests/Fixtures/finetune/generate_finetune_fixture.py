#!/usr/bin/env python3
"""A PyTorch classifier trained on old data, and new data it has drifted away from, for the
fine-tuning test of `neural train --from` (`FineTuneCommandTests`).

Run:  python3 generate_finetune_fixture.py
Writes (beside this script):
  pretrained.safetensors  the state_dict of nn.Sequential(Linear(2, 16), ReLU(), Linear(16, 3))
                          trained by torch on the "old" rows (3 classes around three centres),
                          saved with safetensors.torch.save_file (import with --architecture
                          2-16-relu-3 --task classification --columns x1,x2 --target y)
  new_train.csv           300 "new" rows: the same three classes, their centres moved
  new_test.csv            300 further new rows (a different seed), the test set
  expected.json           the library versions, torch's own accuracy of the pretrained network
                          on old and new test rows, and torch's accuracy after fine-tuning the
                          same network on new_train.csv with Adam (the peer's result; Neural's
                          own fine-tuning is measured by the test)

The drift: class k's centre moves from old_centres[k] to new_centres[k], far enough that the
pretrained boundaries misplace a large share of the new rows but the classes stay separable,
so training on the new rows must raise the test accuracy well beyond chance fluctuations.
"""
import json
import os
import platform

import numpy as np
import safetensors
import torch
from safetensors.torch import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
OLD_CENTRES = np.array([[-2.0, 0.0], [2.0, 0.0], [0.0, 2.5]])
NEW_CENTRES = np.array([[-1.0, 2.0], [2.0, -2.0], [1.5, 3.0]])
SPREAD = 0.6


def rows(centres, count, seed):
    generator = np.random.default_rng(seed)
    labels = np.arange(count) % 3
    points = centres[labels] + SPREAD * generator.standard_normal((count, 2))
    return points.astype(np.float32), labels


def network():
    return torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3))


def fit(model, x, y, epochs, seed):
    torch.manual_seed(seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    inputs, targets = torch.tensor(x), torch.tensor(y)
    for _ in range(epochs):
        order = torch.randperm(len(x))
        for start in range(0, len(x), 32):
            batch = order[start:start + 32]
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(inputs[batch]), targets[batch])
            loss.backward()
            optimizer.step()


def accuracy(model, x, y):
    with torch.no_grad():
        return float((model(torch.tensor(x)).argmax(1).numpy() == y).mean())


def write_csv(path, x, y):
    with open(path, "w") as file:
        file.write("x1,x2,y\n")
        for (a, b), label in zip(x, y):
            file.write(f"{float(a)!r},{float(b)!r},{int(label)}\n")


def main():
    torch.manual_seed(20261203)
    old_x, old_y = rows(OLD_CENTRES, 600, 1)
    old_test_x, old_test_y = rows(OLD_CENTRES, 300, 2)
    new_x, new_y = rows(NEW_CENTRES, 300, 3)
    new_test_x, new_test_y = rows(NEW_CENTRES, 300, 4)

    model = network()
    fit(model, old_x, old_y, epochs=30, seed=5)
    save_file({name: tensor.detach().contiguous() for name, tensor in model.state_dict().items()},
              os.path.join(HERE, "pretrained.safetensors"))
    write_csv(os.path.join(HERE, "new_train.csv"), new_x, new_y)
    write_csv(os.path.join(HERE, "new_test.csv"), new_test_x, new_test_y)

    before_old = accuracy(model, old_test_x, old_test_y)
    before_new = accuracy(model, new_test_x, new_test_y)
    fit(model, new_x, new_y, epochs=50, seed=6)
    after_new = accuracy(model, new_test_x, new_test_y)
    expected = {
        "versions": {"python": platform.python_version(), "numpy": np.__version__,
                     "torch": torch.__version__, "safetensors": safetensors.__version__},
        "architecture": "2-16-relu-3",
        "torch_accuracy_pretrained_old_test": before_old,
        "torch_accuracy_pretrained_new_test": before_new,
        "torch_accuracy_fine_tuned_new_test": after_new,
    }
    with open(os.path.join(HERE, "expected.json"), "w") as file:
        json.dump(expected, file, indent=1)
        file.write("\n")
    print(json.dumps(expected, indent=1))


if __name__ == "__main__":
    main()
