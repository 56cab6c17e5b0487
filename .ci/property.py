#!/usr/bin/env python3
"""Property test of the `neural` executable: random flag values and random path spellings.

Each run builds one command line for train, predict, evaluate, export, import, demo,
cross-validate, tune or explain from a seeded generator: numeric flags from the table of
extremes (±0, subnormals, 1e-50, 1e39, ±greatest finite, nan, inf, Int limits) or random valid
and invalid values, choice flags, a repeated flag now and then, and outputs spelled as fresh
paths or as another spelling (literal, ./, absolute, ../, symbolic link, hard link) of an input
or of another output. The command runs in a folder of its own, with TMPDIR inside it, and then:

- the exit code is 0, 1 or 2 (never a signal, 132, 134 or 139, and no time-out);
- a repeated flag, an output that is the same file as an input or another output, and a model
  file or checkpoint whose stored training settings were edited out of range, exit 2;
- every input is byte-identical and still the same kind of entry (file, link) afterwards;
- no file appears or changes other than the outputs the command was asked for (so no
  temporary or probe file is left behind), and nothing changes at all when the exit is not 0.

Prints the seed, each failing command line with the reason, and "N passed, N failed"; exits 1
on any failure. Reproducible: `property.py --seed S` runs the same command lines.
"""
import argparse
import hashlib
import json
import os
import random
import shlex
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time

REALS = ["0", "-0", "5e-324", "1e-45", "1e-50", "1e39", "3.4028235e38", "3.4028236e38",
         "1.7976931348623157e308", "-1.7976931348623157e308", "nan", "inf", "-inf", "0.99999999"]
INTEGERS = ["0", "-1", "-9223372036854775808", "9223372036854775807", "9223372036854775808",
            "18446744073709551615", "1e3", "nan"]
# Values that are not numbers at all, or not a whole number.
GARBAGE = ["", "abc", "1.5", "0x10", " 1", "1,2"]

# Integer flags whose value is the amount of work: a huge valid value would legitimately run
# for ever, so they get the invalid extremes and small valid values only.
WORK = {"--epochs", "--trials", "--repeats", "--steps"}


def log_uniform(rng, low, high):
    return f"{10 ** rng.uniform(low, high):.3g}"


# Valid values of each numeric flag (a function of the generator).
VALID = {
    "--learning-rate": lambda r: log_uniform(r, -4, -0.5),
    "--momentum": lambda r: f"{r.uniform(0, 0.95):.3g}",
    "--l1": lambda r: log_uniform(r, -6, -1),
    "--l2": lambda r: log_uniform(r, -6, -1),
    "--dropout": lambda r: f"{r.uniform(0, 0.5):.3g}",
    "--validation-split": lambda r: f"{r.uniform(0.1, 0.4):.3g}",
    "--test-split": lambda r: f"{r.uniform(0.1, 0.3):.3g}",
    "--clip-norm": lambda r: log_uniform(r, -2, 2),
    "--max-gradient-norm": lambda r: log_uniform(r, 2, 6),
    "--tol": lambda r: log_uniform(r, -6, -1),
    "--epochs": lambda r: str(r.randint(1, 3)),
    "--batch-size": lambda r: str(r.choice([1, 8, 32, 1000])),
    "--patience": lambda r: str(r.randint(1, 4)),
    "--checkpoint-every": lambda r: str(r.randint(1, 2)),
    "--seed": lambda r: str(r.choice([0, 1, 42, 2 ** 64 - 1])),
    "--shuffle-seed": lambda r: str(r.choice([0, 7, 2 ** 64 - 1])),
    "--max-record-bytes": lambda r: str(r.choice([1, 20, 4096, 1 << 20])),
    "--max-categories": lambda r: str(r.randint(1, 4)),
    "--n-iter-no-change": lambda r: str(r.randint(1, 4)),
    "--rows-per-block": lambda r: str(r.choice([1, 3, 8192])),
    "--folds": lambda r: str(r.choice([2, 3, 5])),
    "--repeats": lambda r: str(r.choice([1, 2])),
    "--trials": lambda r: str(r.choice([1, 2, 3])),
    "--parallel": lambda r: str(r.choice([1, 2, 256])),
    "--threads": lambda r: str(r.choice([1, 2, 256])),
    "--factor": lambda r: f"{r.uniform(1.5, 4):.3g}",
    "--top": lambda r: str(r.choice([1, 3, 10])),
    "--time-budget": lambda r: r.choice(["30", "1m", "0.5h", "1e-9"]),
    "--min-epochs": lambda r: r.choice(["exhaust", "smallest", "1", "2"]),
    "--steps": lambda r: str(r.randint(1, 5)),
    "--alpha": lambda r: log_uniform(r, -3, 1),
    "--smoothing": lambda r: f"{r.uniform(0.01, 0.5):.3g}",
    "--bias": lambda r: r.choice(["0", "0.5", "-1", "random"]),
}
REAL_FLAGS = {"--learning-rate", "--momentum", "--l1", "--l2", "--dropout", "--validation-split",
              "--test-split", "--clip-norm", "--max-gradient-norm", "--tol", "--factor", "--alpha",
              "--smoothing", "--bias", "--time-budget"}

CHOICES = {
    "--optimizer": ["adam", "adamw", "sgd", "rmsprop", "adagrad"],
    "--schedule": ["constant", "inverse-scaling", "adaptive", "step", "exponential", "cosine", "sklearn-invscaling"],
    "--activation": ["relu", "tanh", "sigmoid", "identity", "leaky-relu", "elu", "softplus", "gelu"],
    "--output-activation": ["softmax", "sigmoid", "identity", "relu", "tanh", "softplus"],
    "--loss": ["cross-entropy", "binary-cross-entropy", "mse", "half-mse", "mae", "huber"],
    "--task": ["classification", "regression"],
    "--missing": ["error", "drop", "mean", "median", "most-frequent"],
    "--unseen-categories": ["error", "all-zeros"],
    "--parity": ["none", "pytorch", "sklearn", "keras"],
    "--class-weight": ["none", "balanced"],
    "--hidden": ["4", "3,2", "none", "0", "-1", "4,", "9223372036854775807", "100000000000", "2000"],
    "--delimiter": [",", ";", "tab", "", ",,"],
    "--search": ["random", "grid", "halving"],
    "--metric": ["accuracy", "f1", "log-loss", "r2", "mse", "mae"],
}

TRAIN_NUMERIC = ["--learning-rate", "--momentum", "--l1", "--l2", "--dropout", "--validation-split",
                 "--test-split", "--clip-norm", "--max-gradient-norm", "--tol", "--epochs", "--batch-size",
                 "--patience", "--seed", "--max-record-bytes", "--max-categories", "--n-iter-no-change"]
TRAIN_CHOICES = ["--optimizer", "--schedule", "--activation", "--output-activation", "--loss", "--task",
                 "--missing", "--unseen-categories", "--parity", "--class-weight", "--hidden", "--delimiter"]
TRAIN_SWITCHES = ["--early-stopping", "--nesterov", "--json"]
SWITCHES = set(TRAIN_SWITCHES) | {"--quiet", "--probabilities", "--aggressive-elimination", "--no-refit"}

SPACES = ["hidden=[4],[2,2]; learning-rate=loguniform(1e-3,1e-1)",
          "learning-rate=1e39|0.01", "dropout=0.99999999|0.1", "clip-norm=1e-50|1", "l2=1e39",
          "momentum=0.99999999; optimizer=sgd", "batch-size=int(1,64)", "batch-size=9223372036854775807|8",
          "learning-rate=loguniform(1e-50,1e39)", "activation=relu|tanh", "hidden=[0]", "hidden=[9223372036854775807]",
          "max-gradient-norm=uniform(1e38,3.4028236e38)", "l1=uniform(-1,1)", "epochs=int(1,2)",
          "learning-rate=nan", "learning-rate=uniform(inf,1)", "batch-size=logint(1,9223372036854775807)",
          "dropout=uniform(0,0.5); activation=relu|gelu", "patience=1|2; early-stopping=true", "sparkly=1", ";;", ""]


def csv_text(rng, header, row, rows):
    """A small CSV file: `header`, then `rows` lines made by `row(x1, x2)` from uniform draws."""
    lines = [header]
    for _ in range(rows):
        lines.append(row(rng.uniform(-1, 1), rng.uniform(-1, 1)))
    return "\n".join(lines) + "\n"


def fixture_texts(rng):
    colors = ["red", "green", "blue"]
    return {
        "data.csv": csv_text(rng, "x1,x2,color,label", lambda a, b: f"{a:.4f},{b:.4f},{rng.choice(colors)},{'big' if a + b > 0 else 'small'}", 40),
        "reg.csv": csv_text(rng, "x1,x2,color,y", lambda a, b: f"{a:.4f},{b:.4f},{rng.choice(colors)},{3 * a - 2 * b + 10:.4f}", 40),
        "binary.csv": csv_text(rng, "a,b,y", lambda a, b: f"{a:.3f},{b:.3f},{1 if a - b > 0 else 0}", 20),
    }


def snapshot(root):
    """Every entry under root (links not followed): relative path → (kind, link target or content hash)."""
    entries = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            info = os.lstat(path)
            relative = os.path.relpath(path, root)
            if stat.S_ISLNK(info.st_mode):
                entries[relative] = ("link", os.readlink(path))
            elif stat.S_ISDIR(info.st_mode):
                entries[relative] = ("folder", "")
            elif stat.S_ISREG(info.st_mode):
                with open(path, "rb") as handle:
                    entries[relative] = ("file", hashlib.sha256(handle.read()).hexdigest())
            else:
                entries[relative] = ("other", str(stat.S_IFMT(info.st_mode)))
    return entries


def identity(path, cwd):
    """What the command compares: the file (device, inode) if it exists, and the resolved entry."""
    full = os.path.join(cwd, path)
    keys = set()
    try:
        info = os.stat(full)
        keys.add(("file", info.st_dev, info.st_ino))
    except OSError:
        pass
    folder, name = os.path.split(os.path.abspath(full))
    keys.add(("entry", os.path.realpath(folder), name))
    return keys


class Run:
    """One command line in its own folder: the uses of paths, and what to expect."""

    def __init__(self, rng, sandbox, fixtures):
        self.rng = rng
        self.sandbox = sandbox
        self.cwd = os.path.join(sandbox, "cwd")
        self.fixtures = fixtures
        self.arguments = []
        self.inputs = []  # (role, spelling)
        self.outputs = []  # (role, spelling, is_folder)
        self.allowed = set()  # pairs of roles that may share a file
        self.expect_two = None  # reason the exit must be 2
        self.stdin_file = None
        self.stdin_pipe = False
        self.links = 0
        self.seen_flags = set()
        self.watched = []  # files to keep unchanged that are no input of the command
        self.valid_only = rng.random() < 0.35

    # -- setting up ---------------------------------------------------------------------------
    def prepare(self):
        os.makedirs(os.path.join(self.cwd, "sub"))
        os.makedirs(os.path.join(self.sandbox, "tmp"))
        for name, source in self.fixtures.items():
            shutil.copyfile(source, os.path.join(self.cwd, name))

    def spelling(self, name):
        """One of the spellings of the file `name` in the working folder (no link)."""
        kind = self.rng.choice(["literal", "dot", "absolute", "parent", "sub"])
        if kind == "dot":
            return "./" + name
        if kind == "absolute":
            return os.path.join(self.cwd, name)
        if kind == "parent":
            return "../cwd/" + name
        if kind == "sub":
            return "sub/../" + name
        return name

    def alias(self, name):
        """Another spelling of `name`, a symbolic link or a hard link to it included."""
        kind = self.rng.choice(["spelling", "symlink", "hardlink"])
        target = os.path.join(self.cwd, name)
        if kind == "symlink":
            self.links += 1
            link = f"link{self.links}"
            os.symlink(self.rng.choice([name, target]), os.path.join(self.cwd, link))
            return link
        if kind == "hardlink" and os.path.isfile(target) and not os.path.islink(target):
            self.links += 1
            link = f"hard{self.links}"
            os.link(target, os.path.join(self.cwd, link))
            return link
        return self.spelling(name)

    # -- building the command line ------------------------------------------------------------
    def flag(self, name, value=None):
        if value is None:
            self.arguments.append(name)
        elif value.startswith("-") or value == "" or self.rng.random() < 0.5:
            self.arguments.append(f"{name}={value}")
        else:
            self.arguments += [name, value]
        self.seen_flags.add(name)

    def numeric(self, name):
        # A third of the runs draw valid values only, so that they get past the checks and
        # train, write and clean up; the others mix in the extremes and invalid values.
        roll = 0.5 if self.valid_only else self.rng.random()
        if roll < 0.45:
            table = REALS if name in REAL_FLAGS else INTEGERS
            value = self.rng.choice(table)
            if name in WORK and value in ("9223372036854775807", "18446744073709551615"):
                value = "1"
        elif roll < 0.9:
            value = VALID[name](self.rng)
        else:
            value = self.rng.choice(GARBAGE + ["-5", "2", "1.0000001", "1e-300"])
        self.flag(name, value)

    def some_flags(self, numeric, choices, switches, count):
        for name in self.rng.sample(numeric + choices + switches, min(count, len(numeric + choices + switches))):
            if name in choices:
                values = CHOICES[name]
                value = self.rng.choice(values) if self.valid_only or self.rng.random() < 0.9 else "bogus"
                self.flag(name, value)
            elif name in switches:
                self.flag(name)
            else:
                self.numeric(name)

    def input(self, role, name, stream=False):
        """An input: a spelling of a fixture, or standard input (`-`, /dev/stdin) when `stream`."""
        if stream and self.rng.random() < 0.2 and self.stdin_file is None:
            # The command reads the stream, not the file (which is kept unchanged all the same).
            self.stdin_file = name
            self.stdin_pipe = self.rng.random() < 0.5
            spelling = self.rng.choice(["-", "/dev/stdin"])
            self.inputs.append((role, spelling))
            return spelling
        spelling = self.alias(name) if self.rng.random() < 0.2 else self.spelling(name)
        self.inputs.append((role, spelling))
        return spelling

    def output(self, role, fresh, is_folder=False, default=False):
        """An output flag's path: usually a fresh name, sometimes another spelling of an input or
        of an earlier output (which must then be refused). Returns None to leave the flag out."""
        uses = [spelling for _, spelling in self.inputs if spelling not in ("-", "/dev/stdin")]
        uses += [spelling for _, spelling, folder in self.outputs if not folder]
        roll = self.rng.random()
        if default and roll < 0.3:
            return None
        if roll < 0.25 and uses and not is_folder:
            chosen = self.rng.choice(uses)
            if os.path.lexists(os.path.join(self.cwd, chosen)):
                base = os.path.relpath(os.path.realpath(os.path.join(self.cwd, chosen)), self.cwd) \
                    if self.rng.random() < 0.5 else chosen
                path = self.alias(base) if not base.startswith("..") else chosen
            else:
                path = self.spelling(chosen) if "/" not in chosen else chosen
        else:
            path = self.spelling(fresh) if self.rng.random() < 0.8 else fresh
        return path

    def add_output(self, flag, role, path, is_folder=False):
        self.outputs.append((role, path, is_folder))
        self.flag(flag, path)

    def check_clashes(self):
        """Sets expect_two when a written path is the same file as another path of the run."""
        uses = [(role, path, False) for role, path in self.inputs if path not in ("-", "/dev/stdin")]
        uses += [(role, path, True) for role, path, folder in self.outputs if not folder]
        keys = [identity(path, self.cwd) for _, path, _ in uses]
        for i, (role, path, written) in enumerate(uses):
            if not written:
                continue
            for j, (other, other_path, _) in enumerate(uses):
                if i == j or (role, other) in self.allowed or (other, role) in self.allowed:
                    continue
                if keys[i] & keys[j]:
                    self.expect_two = f"{role} {path} is the same file as {other} {other_path}"
                    return

    def repeat_a_flag(self):
        """Now and then gives one flag a second time (with a value of its own): refused with 2."""
        positions = [i for i, argument in enumerate(self.arguments) if argument.startswith("--")]
        if not positions or self.rng.random() >= 0.08:
            return
        i = self.rng.choice(positions)
        argument = self.arguments[i]
        if "=" in argument:
            repeated = [argument]
        elif i + 1 < len(self.arguments) and not self.arguments[i + 1].startswith("--") and argument not in SWITCHES:
            repeated = [argument, self.arguments[i + 1]]
        else:
            repeated = [argument]
        self.arguments += repeated
        self.expect_two = f"{argument.split('=')[0]} is given twice"

    # -- the commands -------------------------------------------------------------------------
    def train_like(self, command, data_name, target):
        self.arguments = [command, self.input("the data file", data_name, stream=True), "--target", target]
        if self.rng.random() < 0.7:
            self.flag("--epochs", str(self.rng.randint(1, 2)))
        if self.rng.random() < 0.8:
            self.flag("--hidden", self.rng.choice(["4", "3,2", "none"]))
        self.flag("--quiet")
        count = self.rng.randint(0, 2 if command == "tune" else 4)
        free = [name for name in TRAIN_NUMERIC if name not in self.seen_flags]
        choices = [name for name in TRAIN_CHOICES if name not in self.seen_flags]
        self.some_flags(free, choices, TRAIN_SWITCHES, count)

    def train(self):
        data, target = self.rng.choice([("data.csv", "label"), ("reg.csv", "y")])
        self.train_like("train", data, target)
        if self.rng.random() < 0.15:
            bad = self.rng.random() < 0.3
            self.flag("--resume", self.input("--resume", "bad-ckpt.safetensors" if bad else "ckpt.safetensors"))
            if bad:
                self.expect_two = self.expect_two or "the checkpoint's stored settings are out of range"
        model = self.output("--model", "out.safetensors", default=True)
        if model is not None:
            self.add_output("--model", "--model", model)
        else:
            self.outputs.append(("--model", "model.safetensors", False))
        if self.rng.random() < 0.4:
            self.add_output("--plot", "--plot", self.output("--plot", "plot.svg"))
        checkpoint = self.output("--checkpoint", "c.safetensors", default=True) if self.rng.random() < 0.4 else None
        if checkpoint is not None:
            self.add_output("--checkpoint", "--checkpoint", checkpoint)
        else:
            model_path = next(path for role, path, _ in self.outputs if role == "--model")
            base = model_path[:-len(".safetensors")] if model_path.endswith(".safetensors") else model_path
            self.outputs.append(("--checkpoint", base + ".checkpoint.safetensors", False))
        if self.rng.random() < 0.2:
            self.numeric("--checkpoint-every") if "--checkpoint-every" not in self.seen_flags else None
        self.allowed.add(("--checkpoint", "--resume"))

    def model_input(self):
        """The model file to read: now and then one whose stored settings are out of range."""
        if self.rng.random() < 0.1:
            self.expect_two = self.expect_two or "the model's stored settings are out of range"
            return self.input("the model file", "bad-settings.safetensors")
        return self.input("the model file", "model.safetensors")

    def predict(self):
        self.arguments = ["predict", self.model_input(),
                          self.input("the data file", self.rng.choice(["data.csv", "features.csv"]), stream=True)]
        if self.rng.random() < 0.5:
            self.add_output("--output", "--output", self.output("--output", "p.csv"))
        self.some_flags(["--rows-per-block", "--max-record-bytes"], ["--missing", "--delimiter"], ["--probabilities"],
                        self.rng.randint(0, 3))

    def evaluate(self):
        self.arguments = ["evaluate", self.model_input(),
                          self.input("the data file", "data.csv", stream=True)]
        self.some_flags(["--max-record-bytes"], ["--missing", "--delimiter"], ["--json"], self.rng.randint(0, 3))

    def export(self):
        self.arguments = ["export", self.model_input()]
        self.add_output("--onnx", "--onnx", self.output("--onnx", "m.onnx"))

    def import_(self):
        self.arguments = ["import", self.input("the file", "model.onnx")]
        model = self.output("--model", "imported.safetensors", default=True)
        if model is not None:
            self.add_output("--model", "--model", model)
        else:
            self.outputs.append(("--model", "model.safetensors", False))
        if self.rng.random() < 0.3:
            self.flag("--task", self.rng.choice(["classification", "regression", "bogus"]))
        if self.rng.random() < 0.3:
            self.flag("--classes", self.rng.choice(["big,small", "a", "a,a", ""]))
        if self.rng.random() < 0.3:
            self.flag("--columns", self.rng.choice(["x1,x2,c1,c2,c3", "x", "", "a,a,b,c,d"]))

    def demo(self):
        self.arguments = ["demo", "--quiet"]
        self.flag("--epochs", self.rng.choice(["1", "2", "0", "-1", "nan", "9223372036854775808"]))
        if self.rng.random() < 0.3:
            self.numeric("--seed")
        if self.rng.random() < 0.3:
            folder = self.spelling("exported")
            self.declare_folder("--export-data", folder, ["iris.csv", "diabetes.csv"])
            self.flag("--export-data", folder)
            return
        names = ["iris.safetensors", "iris.svg", "diabetes.safetensors", "diabetes.svg"]
        if self.rng.random() < 0.8:
            # Sometimes the folder already holds a link named as one of its outputs (to an input,
            # which must stay as it is: the write replaces the link, not what it points to).
            folder = self.rng.choice(["demo", "."])
            if folder == "demo" and self.rng.random() < 0.5:
                os.makedirs(os.path.join(self.cwd, "demo"))
            if os.path.isdir(os.path.join(self.cwd, folder)) and self.rng.random() < 0.4:
                entry = os.path.join(self.cwd, folder, self.rng.choice(names))
                target = os.path.join(self.cwd, "data.csv")
                os.symlink(target, entry) if self.rng.random() < 0.5 else os.link(target, entry)
                self.watched.append("data.csv")
            self.declare_folder("--output-dir", folder, names)
            self.flag("--output-dir", self.spelling(folder) if folder != "." else ".")
        else:
            self.declare_folder("--output-dir", "../tmp/neural-demo", names)

    def declare_folder(self, role, folder, names):
        self.outputs.append((role, folder, True))
        for name in names:
            self.outputs.append((role, os.path.join(folder, name), False))

    def cross_validate(self):
        data, target = self.rng.choice([("data.csv", "label"), ("reg.csv", "y")])
        self.train_like("cross-validate", data, target)
        if "--epochs" not in self.seen_flags:
            self.flag("--epochs", "1")
        self.some_flags(["--folds", "--repeats", "--shuffle-seed"], [], [], self.rng.randint(0, 3))

    def tune(self):
        data, target = self.rng.choice([("data.csv", "label"), ("reg.csv", "y")])
        self.train_like("tune", data, target)
        if "--epochs" not in self.seen_flags:
            self.flag("--epochs", "1")
        self.flag("--space", self.space())
        if self.rng.random() < 0.8 and "--search" not in self.seen_flags:
            self.flag("--trials", self.rng.choice(["1", "2"]))
        if self.rng.random() < 0.7:
            self.flag("--folds", "2")
        self.some_flags([name for name in ["--trials", "--folds", "--repeats", "--shuffle-seed", "--parallel", "--threads",
                                           "--factor", "--top", "--time-budget", "--min-epochs"] if name not in self.seen_flags],
                        [name for name in ["--search", "--metric"] if name not in self.seen_flags],
                        ["--aggressive-elimination", "--no-refit"], self.rng.randint(0, 3))
        refit = "--no-refit" not in self.seen_flags
        model = self.output("--model", "best.safetensors", default=True)
        if model is not None and refit:
            self.add_output("--model", "--model", model)
        elif model is not None:
            self.flag("--model", model)  # contradicts --no-refit
            self.expect_two = self.expect_two or "--model is given with --no-refit"
        elif refit:
            self.outputs.append(("--model", "model.safetensors", False))
        if self.rng.random() < 0.4:
            study = self.output("--study", "study.jsonl")
            self.add_output("--study", "--study", study)
            self.outputs.append(("--study's lock", study + ".lock", False))
            self.allowed.add(("--study", "--study's lock"))
        if self.rng.random() < 0.3:
            self.add_output("--plot", "--plot", self.output("--plot", "tune.svg"))

    def space(self):
        """A search space: half the time a train flag's extreme beside a valid value (each value
        listed is checked, and a grid tries both), else one of a list of spaces, odd ones included."""
        if self.rng.random() < 0.5:
            flag = self.rng.choice(["learning-rate", "dropout", "l1", "l2", "clip-norm", "max-gradient-norm", "batch-size", "epochs"])
            table = INTEGERS if flag in ("batch-size", "epochs") else REALS
            extreme = self.rng.choice(table)
            if flag == "epochs" and extreme in ("9223372036854775807", "18446744073709551615"):
                extreme = "2"
            if self.rng.random() < 0.5:
                self.flag("--search", "grid")
            return f"{flag}={extreme}|{VALID['--' + flag](self.rng)}"
        return self.rng.choice(SPACES)

    def explain(self):
        topic = self.rng.choice(["linear-neuron", "perceptron", "losses", "backprop", "softmax", "learning-rate", "adam"])
        flags = {"linear-neuron": ["--learning-rate", "--steps", "--bias", "--seed"],
                 "perceptron": ["--learning-rate", "--epochs", "--bias"],
                 "losses": ["--alpha", "--smoothing"], "backprop": [], "softmax": [],
                 "learning-rate": ["--learning-rate", "--epochs"], "adam": ["--learning-rate", "--steps"]}[topic]
        self.arguments = ["explain", topic]
        self.some_flags(flags, [], ["--json"], self.rng.randint(0, 3))
        if topic == "perceptron" and self.rng.random() < 0.5:
            self.flag("--data", self.input("--data", "binary.csv", stream=True))
            self.flag("--target", self.rng.choice(["y", "a", "nope"]))

    COMMANDS = ["train", "predict", "evaluate", "export", "import_", "demo", "cross_validate", "tune", "explain"]

    def build(self, command):
        self.prepare()
        getattr(self, command)()
        self.check_clashes()
        self.repeat_a_flag()

    # -- running and checking -----------------------------------------------------------------
    def execute(self, binary, timeout):
        before = snapshot(self.sandbox)
        input_files = {os.path.realpath(os.path.join(self.cwd, path)) for _, path in self.inputs
                       if path not in ("-", "/dev/stdin")}
        if self.stdin_file:
            input_files.add(os.path.join(self.cwd, self.stdin_file))
        input_files |= {os.path.join(self.cwd, name) for name in self.watched}
        input_hashes = {}
        for path in input_files:
            if os.path.isfile(path):
                with open(path, "rb") as handle:
                    input_hashes[path] = hashlib.sha256(handle.read()).hexdigest()
        environment = dict(os.environ, TMPDIR=os.path.join(self.sandbox, "tmp"), NEURAL_THREADS="1")
        stdin = subprocess.DEVNULL
        write_end = None
        if self.stdin_file and not self.stdin_pipe:
            stdin = open(os.path.join(self.cwd, self.stdin_file), "rb")
        elif self.stdin_file:
            # A pipe fed by a thread, as `cat data.csv | neural …` would.
            read_end, write_end = os.pipe()
            stdin = read_end
        started = time.monotonic()
        process = subprocess.Popen([binary] + self.arguments, cwd=self.cwd, env=environment, stdin=stdin,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if write_end is not None:
            os.close(read_end)
            with open(os.path.join(self.cwd, self.stdin_file), "rb") as handle:
                payload = handle.read()

            def feed():
                try:
                    with os.fdopen(write_end, "wb") as pipe:
                        pipe.write(payload)
                except OSError:
                    pass
            threading.Thread(target=feed, daemon=True).start()
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
            self.code = "time-out"
            return [f"no exit after {timeout} s (killed)"], out, err
        finally:
            if hasattr(stdin, "close"):
                stdin.close()
        self.elapsed = time.monotonic() - started
        code = self.code = process.returncode
        problems = []
        if code < 0:
            problems.append(f"killed by signal {-code}")
        elif code not in (0, 1, 2):
            problems.append(f"exit code {code}")
        if self.expect_two and code != 2:
            problems.append(f"exit {code}, expected 2: {self.expect_two}")
        if code in (1, 2) and not err.strip():
            problems.append(f"exit {code} with nothing on standard error")
        text = err.decode("utf-8", "replace")
        for line in text.splitlines():
            stripped = line.rstrip()
            if stripped.endswith("..") and not stripped.endswith("...") or ".. " in stripped.replace("... ", ""):
                problems.append(f"double full stop in: {stripped[:200]}")
                break
        for path, digest in input_hashes.items():
            if not os.path.isfile(path):
                problems.append(f"input {os.path.relpath(path, self.cwd)} is gone")
                continue
            with open(path, "rb") as handle:
                if hashlib.sha256(handle.read()).hexdigest() != digest:
                    problems.append(f"input {os.path.relpath(path, self.cwd)} changed")
        after = snapshot(self.sandbox)
        # Outputs by their entry in the sandbox; a checkpoint, and a study log with the trials
        # that finished, may be written before training fails (exit 1), any other output only
        # by a successful run.
        outputs = {}
        for role, path, _ in self.outputs:
            relative = os.path.relpath(os.path.normpath(os.path.join(self.cwd, path)), self.sandbox)
            outputs[relative] = role
        for relative in sorted(set(before) | set(after)):
            if before.get(relative) == after.get(relative):
                continue
            role = outputs.get(relative)
            what = "appeared" if relative not in before else "disappeared" if relative not in after else "changed"
            if role is None:
                problems.append(f"{relative} {what}, which is no output of the command")
            elif code != 0 and not (code == 1 and role in ("--checkpoint", "--study", "--study's lock")):
                problems.append(f"{relative} ({role}) {what} although the command failed (exit {code})")
        return problems, out, err


# A stored training setting out of range (the JSON path in the configuration, the value):
# every reader of the file must exit 2 (docs/ERRORS.md, "a stored training setting").
BAD_SETTINGS = [
    (["optimizer", "adam", "beta1"], 5), (["optimizer", "adam", "beta2"], "NaN"), (["optimizer", "adam", "epsilon"], -1),
    (["learningRate"], "Infinity"), (["learningRate"], -1), (["epochs"], 0), (["batchSize"], -3),
    (["regularization", "l2"], "-Infinity"), (["validationFraction"], 1), (["clipping"], {"globalNorm": {"maxNorm": 0}}),
]


def edit_setting(source, destination, key, path, value):
    """Copies the safetensors file `source` to `destination` with `value` at `path` in the JSON
    held by metadata `key` (the header re-padded to 8 bytes, the tensors' bytes unchanged)."""
    with open(source, "rb") as handle:
        data = handle.read()
    length = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + length])
    settings = json.loads(header["__metadata__"][key])
    inner = settings
    for name in path[:-1]:
        inner = inner[name]
    inner[path[-1]] = value
    header["__metadata__"][key] = json.dumps(settings)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(destination, "wb") as handle:
        handle.write(struct.pack("<Q", len(text)) + text + data[8 + length:])


def make_fixtures(binary, folder, rng):
    files = fixture_texts(rng)
    for name, text in files.items():
        with open(os.path.join(folder, name), "w") as handle:
            handle.write(text)
    with open(os.path.join(folder, "features.csv"), "w") as handle:
        handle.write("\n".join(",".join(line.split(",")[:3]) for line in files["data.csv"].splitlines()) + "\n")

    def run(arguments):
        result = subprocess.run([binary] + arguments, cwd=folder, capture_output=True, timeout=300)
        if result.returncode != 0:
            sys.exit(f"property: setting up failed: neural {shlex.join(arguments)}: {result.stderr.decode()}")
    run(["train", "data.csv", "--target", "label", "--epochs", "2", "--hidden", "4", "--quiet", "--model", "model.safetensors"])
    run(["export", "model.safetensors", "--onnx", "model.onnx"])
    run(["train", "data.csv", "--target", "label", "--epochs", "2", "--hidden", "4", "--quiet", "--model", "c-model.safetensors",
         "--checkpoint-every", "1", "--checkpoint", "ckpt.safetensors"])
    os.remove(os.path.join(folder, "c-model.safetensors"))
    path, value = rng.choice(BAD_SETTINGS)
    edit_setting(os.path.join(folder, "model.safetensors"), os.path.join(folder, "bad-settings.safetensors"),
                 "neural.training", ["configuration"] + path, value)
    path, value = rng.choice(BAD_SETTINGS)
    edit_setting(os.path.join(folder, "ckpt.safetensors"), os.path.join(folder, "bad-ckpt.safetensors"),
                 "neural.checkpoint.configuration", path, value)
    return {name: os.path.join(folder, name) for name in os.listdir(folder)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--time-limit", type=float, default=300, help="start no run after this many seconds")
    parser.add_argument("--timeout", type=float, default=120, help="a run taking longer is a hang")
    parser.add_argument("--keep", action="store_true", help="keep the folders of failing runs")
    options = parser.parse_args()
    seed = options.seed if options.seed is not None else random.SystemRandom().randrange(2 ** 32)
    print(f"property: seed {seed} (rerun with --seed {seed}); up to {options.runs} runs, {options.time_limit:.0f} s", flush=True)
    binary = os.path.abspath(options.binary)
    root = tempfile.mkdtemp(prefix="neural-property-")
    rng = random.Random(seed)
    fixtures_folder = os.path.join(root, "fixtures")
    os.makedirs(fixtures_folder)
    fixtures = make_fixtures(binary, fixtures_folder, random.Random(seed))
    passed = failed = 0
    started = time.monotonic()
    counts = {}
    codes = {}
    for index in range(options.runs):
        if time.monotonic() - started > options.time_limit:
            print(f"property: time limit reached after {index} runs", flush=True)
            break
        run_rng = random.Random(rng.getrandbits(64))
        command = run_rng.choice(Run.COMMANDS)
        sandbox = os.path.join(root, f"run{index}")
        run = Run(run_rng, sandbox, fixtures)
        run.build(command)
        problems, _, err = run.execute(binary, options.timeout)
        counts[command] = counts.get(command, 0) + 1
        codes[run.code] = codes.get(run.code, 0) + 1
        if problems:
            failed += 1
            print(f"FAIL run {index}: (cd {run.cwd} && neural {shlex.join(run.arguments)})"
                  + (f" < {run.stdin_file}" if run.stdin_file else ""), flush=True)
            for problem in problems:
                print(f"  - {problem}")
            tail = err.decode("utf-8", "replace").strip().splitlines()[-3:]
            for line in tail:
                print(f"  | {line[:300]}")
            if not options.keep:
                shutil.rmtree(sandbox, ignore_errors=True)
        else:
            passed += 1
            shutil.rmtree(sandbox, ignore_errors=True)
    if not options.keep or failed == 0:
        shutil.rmtree(root, ignore_errors=True)
    print("property: runs per command: " + ", ".join(f"{name.strip('_').replace('_', '-')} {count}" for name, count in sorted(counts.items())))
    print("property: exit codes: " + ", ".join(f"{code} ×{count}" for code, count in sorted(codes.items(), key=lambda item: str(item[0]))))
    print(f"property: {time.monotonic() - started:.0f} s")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
