"""`Benchmarks/compare --small-data`: a whole `neural train` process against scikit-learn's `fit`
alone on scikit-learn's five shipped data sets (Benchmarks/peers/small_sets.py writes them; the
settings are small_sets.SETTINGS, the aim is Neural in at most a third of scikit-learn's time).

Per round, each set runs `neural train` (wall time of the whole process: start, reading and
preparing the CSV, 300 epochs, the final metrics, writing the model) and
`Benchmarks/peers/sklearn_small.py` (the time of `fit` alone, measured inside the process), in an
order that alternates every round. The CPU time of both is recorded as well (the child's user +
system time for Neural, `time.process_time` around `fit` for scikit-learn's process), since CPU
time moves less than wall time when the machine is shared. The test score of both models (on the
20 % of rows neither trained on) is measured once, outside the timing, to show the two programs
learned the same thing.
"""
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS = os.path.join(os.path.dirname(HERE), "peers")
sys.path.insert(0, PEERS)
import small_sets  # noqa: E402

AIM = 3.0  # scikit-learn's fit time over Neural's whole process


class SmallData:
    def __init__(self, neural, python, peer_env, threads, timeout):
        self.neural, self.python, self.peer_env = neural, python, peer_env
        self.threads, self.timeout = threads, timeout
        self.folder = tempfile.mkdtemp(prefix="neural-small-data.")
        self.sets = {}
        self.runs = {}        # (set, framework) → [result]
        self.scores = {}      # (set, framework) → test score
        self.failures = []

    def prepare(self):
        """Writes the CSV files; returns an error message when scikit-learn cannot."""
        result = subprocess.run(self.peer_env + [self.python, os.path.join(PEERS, "small_sets.py"), self.folder],
                                capture_output=True, text=True, timeout=self.timeout)
        if result.returncode != 0:
            return f"small_sets.py failed: {result.stderr.strip()[-300:]}"
        written = json.loads(result.stdout.strip().splitlines()[-1])
        self.sets = written["sets"]
        self.sklearn_version = written["scikit-learn"]
        return None

    def _environment(self, peer):
        environment = dict(os.environ)
        if peer:
            for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
                environment.pop(name, None)
            for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
                environment[name] = str(self.threads)
        else:
            environment["NEURAL_THREADS"] = str(self.threads)
        return environment

    def _pinned(self, command):
        return (["taskset", "-c", "0"] + command) if self.threads == 1 else command

    def run_neural(self, name, measure_score):
        model = os.path.join(self.folder, f"{name}.safetensors")
        train = os.path.join(self.folder, f"{name}-train.csv")
        command = self._pinned([self.neural, "train"] + small_sets.neural_train_arguments(name, train, model)
                               + ["--quiet", "--json"])
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=self.timeout,
                                    env=self._environment(peer=False))
        except subprocess.TimeoutExpired:
            return None, f"timed out after {self.timeout} s"
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if result.returncode != 0:
            return None, f"exit {result.returncode}: {result.stderr.strip()[-300:]}"
        report = json.loads(result.stdout)
        epochs = report.get("epochs")
        if epochs != small_sets.SETTINGS["epochs"]:
            return None, f"ran {epochs} epochs, not {small_sets.SETTINGS['epochs']}"
        entry = {"seconds": seconds,
                 "cpu_seconds": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
                 "epochs_run": epochs}
        if measure_score:
            test = os.path.join(self.folder, f"{name}-test.csv")
            evaluated = subprocess.run([self.neural, "evaluate", model, test, "--json"],
                                       capture_output=True, text=True, timeout=self.timeout)
            if evaluated.returncode == 0:
                self.scores[(name, "neural")] = score_of(json.loads(evaluated.stdout))
        return entry, None

    def run_sklearn(self, name, measure_score):
        command = self._pinned(self.peer_env + [self.python, os.path.join(PEERS, "sklearn_small.py"), name,
                                                self.folder, "--json"])
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=self.timeout,
                                    env=self._environment(peer=True))
        except subprocess.TimeoutExpired:
            return None, f"timed out after {self.timeout} s"
        if result.returncode != 0:
            return None, f"exit {result.returncode}: {result.stderr.strip()[-300:]}"
        report = json.loads(result.stdout.strip().splitlines()[-1])
        if measure_score:
            self.scores[(name, "scikit-learn")] = report["test_score"]
        self.blas = report.get("blas")
        return {"seconds": report["fit_seconds"], "cpu_seconds": report["fit_cpu_seconds"],
                "epochs_run": report["epochs_run"]}, None

    def run_round(self, round_index, say):
        """One run of each program on each set; the order alternates with the round."""
        for position, name in enumerate(self.sets):
            programs = [("neural", self.run_neural), ("scikit-learn", self.run_sklearn)]
            if (round_index + position) % 2:
                programs.reverse()
            cells = []
            for framework, run in programs:
                entry, error = run(name, measure_score=round_index == 0)
                if error:
                    self.failures.append(f"small data {name} {framework} round {round_index + 1}: {error}")
                    cells.append(f"{framework} FAILED ({error[:100]})")
                    continue
                self.runs.setdefault((name, framework), []).append(entry)
                cells.append(f"{framework} {entry['seconds']:.3f} s (CPU {entry['cpu_seconds']:.3f} s)")
            say(f"  small data {name:13s}: " + ", ".join(cells))

    def report(self):
        rows = []
        for name, described in self.sets.items():
            neural, peer = self.runs.get((name, "neural")), self.runs.get((name, "scikit-learn"))
            entry = {"data_set": name, "task": described["task"], "train_rows": described["train_rows"],
                     "features": described["features"], "epochs": small_sets.SETTINGS["epochs"],
                     "threads": self.threads}
            for label, runs in (("neural", neural), ("scikit_learn", peer)):
                if runs:
                    seconds = [r["seconds"] for r in runs]
                    cpu = [r["cpu_seconds"] for r in runs]
                    entry[f"{label}_seconds"] = statistics.median(seconds)
                    entry[f"{label}_seconds_min"], entry[f"{label}_seconds_max"] = min(seconds), max(seconds)
                    entry[f"{label}_cpu_seconds"] = statistics.median(cpu)
                    entry[f"{label}_runs"] = len(runs)
            if neural and peer:
                entry["ratio"] = entry["scikit_learn_seconds"] / entry["neural_seconds"]
                entry["cpu_ratio"] = entry["scikit_learn_cpu_seconds"] / max(entry["neural_cpu_seconds"], 1e-9)
                entry["aim_met"] = entry["ratio"] >= AIM
            entry["score_name"] = "accuracy" if described["task"] == "classification" else "r2"
            entry["neural_test_score"] = self.scores.get((name, "neural"))
            entry["scikit_learn_test_score"] = self.scores.get((name, "scikit-learn"))
            rows.append(entry)
        return {"settings": small_sets.SETTINGS, "scikit-learn": getattr(self, "sklearn_version", None),
                "blas": getattr(self, "blas", None), "aim_ratio": AIM, "rows": rows, "failures": self.failures}


def score_of(evaluation):
    """Accuracy or R² from `neural evaluate --json`."""
    for key in ("accuracy", "r2"):
        if key in evaluation:
            return evaluation[key]
    metrics = evaluation.get("metrics", evaluation)
    for key in ("accuracy", "r2"):
        if key in metrics:
            return metrics[key]
    return None


def print_table(section):
    settings = section["settings"]
    print()
    print(f"## Small data sets: a whole `neural train` process vs scikit-learn's `fit` "
          f"({settings['hidden']} {settings['activation']} units, Adam {settings['learning_rate']:g}, "
          f"batch {settings['batch_size']}, {settings['epochs']} epochs, L2 alpha {settings['alpha']:g}, "
          f"no validation split, no stopping rule)")
    print()
    print(f"scikit-learn {section['scikit-learn']} (BLAS: {section['blas']}); seconds are median [min … max] over "
          f"rounds; the aim is a ratio ≥ {section['aim_ratio']:g} (Neural in at most a third of the time).")
    print()
    print("| data set | training rows × features | neural train (process) s | scikit-learn fit s | ratio | "
          "CPU s neural / scikit-learn (ratio) | test score neural / scikit-learn |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for r in section["rows"]:
        def cell(label):
            if f"{label}_seconds" not in r:
                return "n/a"
            return f"{r[f'{label}_seconds']:.3f} [{r[f'{label}_seconds_min']:.3f} … {r[f'{label}_seconds_max']:.3f}]"
        ratio = f"**{r['ratio']:.2f}**" + (" ✔" if r["aim_met"] else " ✘") if "ratio" in r else "n/a"
        cpu = (f"{r['neural_cpu_seconds']:.3f} / {r['scikit_learn_cpu_seconds']:.3f} ({r['cpu_ratio']:.2f})"
               if "cpu_ratio" in r else "n/a")
        scores = " / ".join("n/a" if s is None else f"{s:.4f}"
                            for s in (r["neural_test_score"], r["scikit_learn_test_score"]))
        print(f"| {r['data_set']} | {r['train_rows']} × {r['features']} | {cell('neural')} | {cell('scikit_learn')} | "
              f"{ratio} | {cpu} | {r['score_name']} {scores} |")
