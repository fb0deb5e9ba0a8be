"""Ingest and compare on a generated database of thousands of tests, timed as whole processes.

Five pytest-benchmark files of 2,000 tests x 10 raw samples each (a seeded generator; the last
run has 50 tests slowed by 30%) are ingested into a fresh SQLite database one call per file;
then `tracker compare` runs on the result. Each figure is the median of three repetitions.
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

import numpy as np

from benchmarks.generated import timed, write_pytest_benchmark

TESTS = 2_000
SAMPLES = 10
RUNS = 5
REPEATS = 3


def write_run(path: Path, index: int, rng: np.random.Generator) -> None:
    levels = np.geomspace(1e-5, 1e-1, TESTS)
    if index == RUNS - 1:
        levels[:50] *= 1.3
    write_pytest_benchmark(path, index, levels, rng, SAMPLES)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        rng = np.random.default_rng(7)
        files = [root / f"run{i}.json" for i in range(RUNS)]
        for i, path in enumerate(files):
            write_run(path, i, rng)
        ingest_times, compare_times, codes = [], [], set()
        for repeat in range(REPEATS):
            database = str(root / f"bench{repeat}.db")
            per_file = [timed("ingest", str(path), "--db", database)[0] for path in files]
            ingest_times.append(statistics.median(per_file))
            seconds, done = timed("compare", "--format", "json", "--db", database)
            compare_times.append(seconds)
            codes.add(done.returncode)
        size_mb = sum(p.stat().st_size for p in files) / RUNS / 1e6
        print(
            f"ingest one run ({TESTS} tests x {SAMPLES} samples, {size_mb:.1f} MB JSON): "
            f"median {statistics.median(ingest_times):.2f} s (min {min(ingest_times):.2f}, max {max(ingest_times):.2f})"
        )
        print(
            f"compare newest run with baseline ({TESTS} tests): median {statistics.median(compare_times):.2f} s "
            f"(min {min(compare_times):.2f}, max {max(compare_times):.2f}); exit codes {sorted(codes)}"
        )


if __name__ == "__main__":
    main()
