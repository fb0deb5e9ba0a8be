"""Ingest rate against the database's own bulk path, and peak memory on large files.

- `tracker ingest` of 200 pytest-benchmark files of 1,000 tests x 10 samples (2,000,000
  samples, parsing included) into a new SQLite file, against Python's `sqlite3.executemany` of
  the same sample rows into an empty WAL database with the same table, in one transaction
  (rates compared on CPU time: all the work happens in the measured process);
- the same into PostgreSQL (when TRACKER_TEST_POSTGRES_URL names a server, as
  `scripts/with-postgres` sets it) against a raw `COPY` of the same rows (on wall clock: the
  server does much of the work);
- peak memory of `tracker ingest` on a 170 MB github-action-benchmark `data.js` and on a 200 MB
  Chrome trace.

TRACKER_BENCH_INGEST_FILES and TRACKER_BENCH_FILE_MB scale it down on a busy machine.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np

from benchmarks.generated import write_pytest_benchmark
from benchmarks.measure import Timing, once, row, tracker

FILES = int(os.environ.get("TRACKER_BENCH_INGEST_FILES", "200"))
TESTS, SAMPLES = 1_000, 10
FILE_MB = float(os.environ.get("TRACKER_BENCH_FILE_MB", "1"))
"""Scale of the large files: 1 is 170 MB of data.js and 200 MB of trace."""


def sample_rows(files: list[Path]) -> list[tuple[int, str, int, int, float]]:
    rows: list[tuple[int, str, int, int, float]] = []
    for run_id, path in enumerate(files, start=1):
        for bench in json.loads(path.read_text(encoding="utf-8"))["benchmarks"]:
            test = str(uuid.uuid5(uuid.NAMESPACE_URL, bench["fullname"]))
            rows.extend((run_id, test, 1, idx, value) for idx, value in enumerate(bench["stats"]["data"]))
    return rows


def raw_sqlite(rows: list[tuple[int, str, int, int, float]], path: Path, schema: str) -> Timing:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute(schema)
    wall, cpu = time.perf_counter(), time.process_time()
    connection.execute("BEGIN")
    connection.executemany("INSERT INTO samples (run_id, test_id, metric_id, idx, value) VALUES (?, ?, ?, ?, ?)", rows)
    connection.execute("COMMIT")
    timing = Timing(time.perf_counter() - wall, time.process_time() - cpu, 0.0)
    connection.close()
    return timing


def raw_copy(rows: list[tuple[int, str, int, int, float]], url: str) -> Timing:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as connection:
        connection.execute(
            "CREATE TABLE raw_samples (run_id integer, test_id varchar(36), metric_id integer, idx integer,"
            " value double precision, PRIMARY KEY (run_id, test_id, metric_id, idx))"
        )
        wall, cpu = time.perf_counter(), time.process_time()
        with connection.cursor().copy("COPY raw_samples FROM STDIN") as copy:
            for one in rows:
                copy.write_row(one)
        connection.commit()
        return Timing(time.perf_counter() - wall, time.process_time() - cpu, 0.0)


def fresh_postgres(url: str) -> str:
    """A new empty database on the server of URL."""
    import psycopg

    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base, _, query = url.partition("?")
    return f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")


def write_data_js(path: Path, megabytes: float) -> None:
    """A github-action-benchmark history of about MEGABYTES: 2,000 benchmarks per commit."""
    rng = np.random.default_rng(7)
    entries, size, commit = [], 0, 0
    while size < megabytes * 1e6:
        benches = [
            {
                "name": f"bench_{i}",
                "value": float(v),
                "unit": "iter/sec",
                "range": "stddev: 0.01",
                "extra": "rounds: 10",
            }
            for i, v in enumerate(rng.lognormal(5, 1, 2_000))
        ]
        commit += 1
        entry = {"commit": {"id": f"{commit:040x}", "message": "chore: one more", "timestamp": "2025-01-01T00:00:00Z"}}
        entries.append({**entry, "date": 1_700_000_000_000 + commit * 60_000, "tool": "pytest", "benches": benches})
        size += len(json.dumps(benches))
    document = {"lastUpdate": 0, "repoUrl": "https://example.com/r", "entries": {"Benchmark": entries}}
    path.write_text("window.BENCHMARK_DATA = " + json.dumps(document), encoding="utf-8")


def write_trace(path: Path, megabytes: float) -> None:
    """A Chrome trace of about MEGABYTES: tests of nested function calls, complete (X) events."""
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        ts, written, test = 0, 0, 0
        while written < megabytes * 1e6:
            test += 1
            events = [
                {"name": f"spec test {test % 500}", "cat": "test", "ph": "X", "ts": ts, "dur": 5000, "pid": 1, "tid": 1}
            ]
            for call in range(50):
                name = f"function_{call % 37}"
                events.append(
                    {"name": name, "cat": "function", "ph": "X", "ts": ts + call * 100, "dur": 90, "pid": 1, "tid": 1}
                )
            text = ",".join(json.dumps(e) for e in events)
            out.write(("," if written else "") + text)
            written += len(text)
            ts += 5000
        out.write("]")


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        rng = np.random.default_rng(7)
        files = [root / f"run{i:03d}.json" for i in range(FILES)]
        for index, path in enumerate(files):
            write_pytest_benchmark(path, index, np.geomspace(1e-5, 1e-1, TESTS), rng, SAMPLES)
        rows = sample_rows(files)
        database = root / "tracker.db"
        ingest = once(tracker("ingest", "--db", str(database), *map(str, files)))
        with sqlite3.connect(database) as connection:
            schema = connection.execute("SELECT sql FROM sqlite_master WHERE name = 'samples'").fetchone()[0]
        raw = raw_sqlite(rows, root / "raw.db", schema)
        rate = f"{len(rows) / ingest.cpu:,.0f} samples/s against {len(rows) / raw.cpu:,.0f}"
        print(f"ingest {len(rows):,} samples into SQLite: {ingest}; raw executemany: {raw}; {rate}")
        print(f"  rate ratio {raw.cpu / ingest.cpu:.2f} of the raw rate (target >= 0.7)", flush=True)
        url = os.environ.get("TRACKER_TEST_POSTGRES_URL")
        if url:
            into = once(tracker("ingest", "--db", fresh_postgres(url), *map(str, files)))
            copy = raw_copy(rows, fresh_postgres(url))
            print(f"ingest {len(rows):,} samples into PostgreSQL: {into}; raw COPY: {copy}")
            print(f"  rate ratio {copy.wall / into.wall:.2f} of the raw rate, wall clock (target >= 0.5)", flush=True)
        else:
            print("PostgreSQL row skipped: run under scripts/with-postgres (TRACKER_TEST_POSTGRES_URL)")
        for name, writer, megabytes in (("data.js", write_data_js, 170), ("trace.json", write_trace, 200)):
            path = root / name
            writer(path, megabytes * FILE_MB)
            size = path.stat().st_size / 1e6
            timing = once(tracker("ingest", "--db", str(root / f"{name}.db"), str(path)))
            path.unlink()
            row(f"ingest a {size:.0f} MB {name}", timing, None, "< 300 MB peak")


if __name__ == "__main__":
    main()
