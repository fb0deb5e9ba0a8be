"""Crash, idempotency and concurrency experiments on real `tracker` processes and real databases.

Each returns its figures and raises AssertionError when what must hold does not.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from benchmarks.generated import write_pytest_benchmark

TESTS_PER_RUN = 400
SAMPLES_PER_TEST = 20


def tracker(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "tracker", *map(str, args)], capture_output=True, text=True, check=False, env=_env()
    )
    if check and done.returncode != 0:
        raise AssertionError(f"tracker {' '.join(map(str, args))} exited {done.returncode}: {done.stderr[-500:]}")
    return done


def _env() -> dict[str, str]:
    """This environment without the soak's and the tests' own TRACKER_* variables, which tracker would refuse."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("TRACKER_TEST_", "TRACKER_SOAK_"))}


def run_files(folder: Path, count: int, seed: int) -> list[Path]:
    """COUNT pytest-benchmark files, one commit each, TESTS_PER_RUN tests of SAMPLES_PER_TEST samples."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    levels = rng.uniform(1e-4, 1e-2, TESTS_PER_RUN)
    paths = []
    for index in range(count):
        path = folder / f"run{index:03d}.json"
        write_pytest_benchmark(path, index + 1, levels, rng, SAMPLES_PER_TEST)
        paths.append(path)
    return paths


def content(database: Path | str) -> list[dict[str, object]]:
    """The database's runs as tracker exports them (no ids, no times of ingest), in a stable order."""
    document = json.loads(tracker("export", "--db", database).stdout)
    return sorted(document["runs"], key=lambda run: str(run["digest"]))


def whole_runs(database: Path) -> int:
    """SQLite's integrity check passes and every run has all its tests and samples; the number of runs."""
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        counts = connection.execute(
            "SELECT runs.id, (SELECT count(*) FROM results WHERE results.run_id = runs.id) FROM runs"
        ).fetchall()
        samples = connection.execute("SELECT count(*) FROM samples").fetchone()[0]
    assert all(tests == TESTS_PER_RUN for _, tests in counts), f"half-stored run: {counts}"
    assert samples == len(counts) * TESTS_PER_RUN * SAMPLES_PER_TEST, "samples of a run are missing"
    return len(counts)


def kills(folder: Path, count: int, seed: int) -> dict[str, object]:
    """COUNT ingests killed at random moments: always whole runs, and a re-ingest equals a clean database."""
    files = run_files(folder / "runs", 10, seed)
    database = folder / "killed.db"
    tracker("ingest", files[0], "--db", database)
    one = _duration(files[1], folder / "timing.db")
    rng = random.Random(seed)
    survived = 0
    for attempt in range(count):
        command = [sys.executable, "-m", "tracker", "ingest", str(files[attempt % 10]), "--db", str(database)]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env())
        time.sleep(rng.uniform(0.0, one))
        process.kill()
        process.wait()
        whole_runs(database)
        survived += 1
    tracker("ingest", *files, "--db", database)
    clean = folder / "clean.db"
    tracker("ingest", *files, "--db", clean)
    assert content(database) == content(clean), "a re-ingest after the kills differs from a clean database"
    return {"kills survived": survived, "longest ingest (s)": round(one, 2), "runs": whole_runs(database)}


def _duration(path: Path, database: Path) -> float:
    start = time.perf_counter()
    tracker("ingest", path, "--db", database)
    return time.perf_counter() - start


def idempotency(folder: Path, seed: int) -> dict[str, object]:
    """The same ingest repeated twice more leaves the database exactly as the first left it (SQL dump)."""
    files = run_files(folder / "runs", 3, seed)
    database = folder / "idempotent.db"
    tracker("ingest", *files, "--db", database)
    first = _dump(database)
    for _ in range(2):
        tracker("ingest", *files, "--db", database)
    assert _dump(database) == first, "a repeated ingest changed the database"
    return {"ingests": 3, "identical to one": True}


def _dump(database: Path) -> list[str]:
    with sqlite3.connect(database) as connection:
        return list(connection.iterdump())


def writers(folder: Path, database: str, count: int, seed: int) -> dict[str, object]:
    """COUNT processes ingest COUNT different runs into one database at once: nothing is lost."""
    files = run_files(folder / f"writers{count}", count, seed)
    with ThreadPoolExecutor(count) as pool:
        results = list(pool.map(lambda path: tracker("ingest", path, "--db", database, check=False), files))
    failed = [r.stderr[-300:] for r in results if r.returncode != 0]
    assert not failed, f"writers failed: {failed}"
    stored = len(content(database))
    assert stored == count, f"{count} writers, {stored} runs stored"
    return {"writers": count, "runs stored": stored, "runs lost": count - stored}


def snapshot(folder: Path, seed: int, rounds: int = 12) -> dict[str, object]:
    """Compares and listings while ingests commit: each sees whole runs only."""
    files = run_files(folder / "snapshot", rounds, seed)
    database = folder / "snapshot.db"
    tracker("ingest", *files[:3], "--db", database)
    with ThreadPoolExecutor(2) as pool:
        ingests = pool.submit(lambda: [tracker("ingest", path, "--db", database) for path in files[3:]])
        looks = 0
        while not ingests.done():
            _consistent(database)
            looks += 1
        ingests.result()
    _consistent(database)
    return {"reads during ingests": looks, "inconsistent": 0}


def _consistent(database: Path) -> None:
    compared = tracker("compare", "--format", "json", "--db", database, check=False)
    assert compared.returncode in (0, 1, 3), compared.stderr
    rows = json.loads(compared.stdout).get("tests", [])
    assert len(rows) in (0, TESTS_PER_RUN), f"compare saw {len(rows)} tests of {TESTS_PER_RUN}"
    listed = json.loads(tracker("runs", "--format", "json", "--db", database).stdout)
    assert all(run["tests"] == TESTS_PER_RUN for run in listed), "a listing saw part of a run"


def postgres_url() -> str | None:
    return os.environ.get("TRACKER_SOAK_POSTGRES_URL") or os.environ.get("TRACKER_TEST_POSTGRES_URL")
