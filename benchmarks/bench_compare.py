"""`tracker compare` on a generated database of 2,000 tests, timed as whole processes.

31 pytest-benchmark runs of 2,000 tests x 10 raw samples (a seeded generator: lognormal noise of
2% within a run and 1% from run to run; the newest run has 50 tests slowed by 30%) are ingested
into a fresh SQLite database; then `tracker compare` judges the newest run with a full noise
history (30 earlier runs, the default) in each output format, and with a pooled baseline of
five runs. Each figure is the median of three processes. An in-process split follows: reading
the database against the statistics.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.generated import timed, write_pytest_benchmark

TESTS = 2_000
SAMPLES = 10
RUNS = 31
SLOWED = 50
REPEATS = 3


def write_run(path: Path, index: int, rng: np.random.Generator) -> None:
    levels = np.geomspace(1e-5, 1e-1, TESTS) * np.exp(0.01 * rng.standard_normal(TESTS))
    if index == RUNS - 1:
        levels[:SLOWED] *= 1.3
    write_pytest_benchmark(path, index, levels, rng, SAMPLES)


def whole_process(database: str, *args: str) -> str:
    seconds = []
    codes = set()
    for _ in range(REPEATS):
        elapsed, done = timed("compare", "--db", database, *args)
        seconds.append(elapsed)
        codes.add(done.returncode)
    spread = f"min {min(seconds):.2f}, max {max(seconds):.2f}"
    return f"median {statistics.median(seconds):.2f} s ({spread}); exit {sorted(codes)}"


def in_process(database: str) -> str:
    """Where the time goes inside one comparison: reading the database, then the statistics."""
    from tracker.api import compare as api
    from tracker.stats.compare import compare
    from tracker.stats.policy import Policy
    from tracker.store import Store

    with Store(database) as store:
        start = time.perf_counter()
        candidate = api.require_run(store, None, "--candidate")
        picked = api._pick(api._older(store, candidate, candidate.branch), candidate, api.Baseline(), None)
        baseline = api._side(store, [run.id for run in picked.baselines])
        latest = api._side(store, [candidate.id])
        past = api._history(store, picked.history)
        loaded = time.perf_counter()
        result = compare(baseline, latest, Policy(), np.random.default_rng(api.SEED), past)
        judged = time.perf_counter()
    regressed = sum(row.verdict.value == "regressed" for row in result.rows)
    return (
        f"read {len(picked.history)} runs ({len(past)} history values, {len(latest.samples)} candidate samples): "
        f"{loaded - start:.2f} s; statistics for {len(result.rows)} tests: {judged - loaded:.2f} s; "
        f"{regressed} regressed (of {SLOWED} slowed)"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        rng = np.random.default_rng(7)
        files = [root / f"run{i:02d}.json" for i in range(RUNS)]
        for i, path in enumerate(files):
            write_run(path, i, rng)
        database = str(root / "bench.db")
        elapsed, done = timed("ingest", *map(str, files), "--db", database)
        assert done.returncode == 0, done.stderr
        print(f"setup: {RUNS} runs of {TESTS} tests x {SAMPLES} samples ingested in {elapsed:.1f} s")
        for label, args in (
            ("table", ()),
            ("json", ("--format", "json")),
            ("markdown", ("--format", "markdown")),
            ("csv", ("--format", "csv")),
            ("json, 5 baseline runs pooled", ("--format", "json", "--window", "5")),
        ):
            print(f"compare newest run, {TESTS} tests, 30-run history, {label}: {whole_process(database, *args)}")
        print(f"in process: {in_process(database)}")


if __name__ == "__main__":
    main()
