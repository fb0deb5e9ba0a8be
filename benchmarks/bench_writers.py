"""Parallel writers: 16 processes ingesting into one PostgreSQL server, 8 into one SQLite file.

Each writer is a process (a CI runner) that opens its own store session and ingests its own
runs one at a time (one transaction each), all writers at once: the pytest-benchmark run of a
suite of 200 tests x 10 samples, the same tests in every run, so that writers race on the same
test rows. Printed: runs per second over the whole batch, errors, and runs lost (runs written
minus runs the database holds at the end; must be 0). PostgreSQL needs a server
(TRACKER_TEST_POSTGRES_URL, as `scripts/with-postgres` sets it).
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.bench_ingest_rate import fresh_postgres
from benchmarks.generated import write_pytest_benchmark

TESTS, SAMPLES = 200, 10
RUNS_PER_WRITER = int(os.environ.get("TRACKER_BENCH_RUNS_PER_WRITER", "5"))


def write(job: tuple[str, list[str]]) -> int:
    """One writer: ingest each file in its own transaction; the number of runs that failed."""
    database, files = job
    for name in [name for name in os.environ if name.startswith("TRACKER_")]:
        del os.environ[name]
    from tracker.api.ingest import ingest
    from tracker.store import Store

    failed = 0
    with Store(database, writable=True) as store:
        for path in files:
            try:
                ingest(store, [path])
            except Exception as error:  # counted and shown: the benchmark is about there being none
                print(f"writer error on {path}: {error}", flush=True)
                failed += 1
    return failed


def batch(database: str, writers: int, root: Path) -> None:
    rng = np.random.default_rng(writers)
    jobs = []
    for writer in range(writers):
        files = []
        for index in range(RUNS_PER_WRITER):
            path = root / f"w{writers}-{writer}-{index}.json"
            write_pytest_benchmark(
                path, writer * RUNS_PER_WRITER + index, np.geomspace(1e-5, 1e-1, TESTS), rng, SAMPLES
            )
            files.append(str(path))
        jobs.append((database, files))
    from tracker.store import Store

    with Store(database, writable=True) as store:  # the schema, created once before the race
        store.connect()
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(writers) as pool:
        failed = sum(pool.map(write, jobs))
    elapsed = time.perf_counter() - started
    with Store(database) as store:
        held = len(store.runs())
    written = writers * RUNS_PER_WRITER
    kind = "PostgreSQL" if "://" in database else "SQLite"
    print(
        f"{writers} writers x {RUNS_PER_WRITER} runs ({TESTS} tests x {SAMPLES} samples) into {kind}: "
        f"{written / elapsed:.1f} runs/s over {elapsed:.1f} s; {failed} error(s); "
        f"{written - failed - held} run(s) lost",
        flush=True,
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        batch(str(root / "writers.db"), 8, root)
        url = os.environ.get("TRACKER_TEST_POSTGRES_URL")
        if url:
            batch(fresh_postgres(url), 16, root)
        else:
            print("PostgreSQL row skipped: run under scripts/with-postgres (TRACKER_TEST_POSTGRES_URL)")


if __name__ == "__main__":
    main()
