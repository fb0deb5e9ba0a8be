"""The speed targets of compare and the history scan, each against its reference in the same run.

One labelled history (`../shared/datasets/gen.py -C 300 -B 2000 -k 10`, seed 7) is written as
pytest-benchmark files and as Otava's CSV, and its 300 files ingested into SQLite. Rows:

- `tracker compare --format json` (newest run, default baseline and history) against
  `pytest-benchmark compare` of the last two files, and the modules it imports alone against the
  same reference (the part of the figure no change to the comparison itself can remove);
- `tracker changes --format json` (whole scan) against Apache Otava `analyze` on the same data;
- the same scan after one more run is ingested, against the full scan;
- the same compare in a database of ten times the runs (the history copied nine times, older),
  against the compare above: its cost must not grow with the history;
- `tracker --help` and `tracker --version`; peak memory of each process.

TRACKER_BENCH_TESTS / TRACKER_BENCH_COMMITS shrink the history (a busy machine);
TRACKER_BENCH_DATA keeps the generated folder and databases between runs.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.measure import Timing, best, environment, row, tracker
from benchmarks.otava_reference import analyze_argv, write_config

GENERATOR = Path(
    os.environ.get("TRACKER_BENCH_GENERATOR", Path(__file__).resolve().parents[2] / "shared/datasets/gen.py")
)
TESTS = int(os.environ.get("TRACKER_BENCH_TESTS", "2000"))
COMMITS = int(os.environ.get("TRACKER_BENCH_COMMITS", "300"))
LONGER = 10
COMPARE_IMPORTS = ("tracker.cli.main", "tracker.api.compare", "tracker.reports.comparison_output")
"""The long-history database holds this many times the runs."""


def generate(folder: Path) -> list[Path]:
    """The history's pytest-benchmark files, oldest first (written once per folder)."""
    if not (folder / "otava" / "history.csv").is_file():
        arguments = ["-C", str(COMMITS), "-B", str(TESTS), "-k", "10", "--seed", "7", "--out", str(folder)]
        writers = ["--writers", "pytest,otava"]
        subprocess.run(
            [sys.executable, str(GENERATOR), *arguments, *writers],
            check=True,
            stdout=subprocess.DEVNULL,
            env=environment(),
        )
    return sorted((folder / "pytest-benchmark").glob("*/*.json"))


def ingested(files: list[Path], database: Path) -> Path:
    if not database.is_file():
        subprocess.run(
            tracker("ingest", "--db", str(database), *map(str, files)),
            check=True,
            stdout=subprocess.DEVNULL,
            env=environment(),
        )
    return database


def longer_history(database: Path, target: Path) -> Path:
    """DATABASE with its runs copied LONGER - 1 times further back in time (new commits, same tests)."""
    if target.is_file():
        return target
    shutil.copyfile(database, target)
    with sqlite3.connect(target) as connection:
        runs, commits = connection.execute("SELECT max(id), (SELECT max(id) FROM commits) FROM runs").fetchone()
        for copy in range(1, LONGER):
            shift = f"-{730 * copy} days"
            connection.execute(
                "INSERT INTO commits SELECT id + ?, sha || '-' || ?, subject, body, author, email,"
                " datetime(time, ?), parents, tags, type, scope, breaking FROM commits WHERE id <= ?",
                (commits * copy, copy, shift, commits),
            )
            connection.execute(
                "INSERT INTO runs SELECT id + ?, commit_id + ?, branch, tag, datetime(time, ?),"
                " datetime(ingested_at, ?), format, tool, source, environment, fingerprint, digest || ?"
                " FROM runs WHERE id <= ?",
                (runs * copy, commits * copy, shift, shift, f"-{copy}", runs),
            )
            for table in ("results", "samples"):
                columns = [c[1] for c in connection.execute(f"PRAGMA table_info({table})")][1:]
                connection.execute(
                    f"INSERT INTO {table} SELECT run_id + ?, {', '.join(columns)} FROM {table} WHERE run_id <= ?",
                    (runs * copy, runs),
                )
    return target


def one_more_run(files: list[Path], folder: Path) -> Path:
    """The newest file again as a new commit an hour later."""
    document = json.loads(files[-1].read_text(encoding="utf-8"))
    document["commit_info"]["id"] = "f" * 40
    document["datetime"] = "2099-01-01T00:00:00+00:00"
    path = folder / "one-more-run.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def otava(folder: Path) -> Timing:
    """Apache Otava `analyze` on the history's CSV, with its defaults, from its own venv."""
    history = folder / "otava" / "history.csv"
    names = history.read_text(encoding="utf-8").split("\n", 1)[0].split(",")[2:]
    path = write_config(history, names, folder / "otava.yaml")
    argv = analyze_argv()
    return best(argv, {"OTAVA_CONFIG": str(path)}, repeats=1)


def main() -> None:
    if not GENERATOR.is_file():
        print(f"skipped: no generator at {GENERATOR}")
        return
    kept = os.environ.get("TRACKER_BENCH_DATA")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(kept) if kept else Path(scratch)
        files = generate(folder)
        database = ingested(files, folder / "tracker.db")
        size = f"{TESTS} tests x {len(files)} runs x 10 samples"
        compare = best(tracker("compare", "--db", str(database), "--format", "json"))
        # From the data folder: in a project folder pytest-benchmark also reads the project's pytest setup.
        reference = best(["pytest-benchmark", "compare", *map(str, files[-2:])], cwd=folder)
        row(f"compare, {size}", compare, reference, "<= 1.0", "pytest-benchmark compare")
        # What compare imports before it reads a row (numpy, scipy.special, SQLAlchemy, Typer): its floor.
        imports = best([sys.executable, "-c", f"import {', '.join(COMPARE_IMPORTS)}"])
        row("compare's imports alone", imports, reference, "none: the floor above", "pytest-benchmark compare")
        scan = best(tracker("changes", "--db", str(database), "--format", "json"))
        row(f"changes (whole scan), {size}", scan, otava(folder), "<= 0.1", "Otava analyze")
        longer = longer_history(database, folder / f"tracker-x{LONGER}.db")
        row(
            f"compare in {LONGER}x the runs",
            best(tracker("compare", "--db", str(longer), "--format", "json")),
            compare,
            "<= 1.2",
            "the same compare",
        )
        grown = folder / "tracker-plus-one.db"
        shutil.copyfile(database, grown)
        subprocess.run(
            tracker("ingest", "--db", str(grown), str(one_more_run(files, folder))), check=True, env=environment()
        )
        row(
            "changes after one more run",
            best(tracker("changes", "--db", str(grown), "--format", "json")),
            scan,
            "<= 0.2",
            "the full scan",
        )
        for flag in ("--help", "--version"):
            row(f"tracker {flag}", best(tracker(flag), repeats=5), None, "< 0.3 s wall")
        print(f"peak memory: compare {compare.peak_mb:.0f} MB, scan {scan.peak_mb:.0f} MB (target < 300 MB each)")


if __name__ == "__main__":
    main()
