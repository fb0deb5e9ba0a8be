"""`tracker changes` on 2,000 tests x 300 commits, timed as a whole process; then one run more.

The history comes from the labelled generator (`../shared/datasets/gen.py -C 300 -B 2000`,
seed 7) as a github-action-benchmark `data.js` (one value per commit and test: the slower of
tracker's two read paths, since the level must come from the samples table). It is ingested
into a fresh SQLite database; `tracker changes` is timed three times (median). Then one new run
(one more commit, every test) is ingested and the scan timed again: tracker keeps no cache, so
this is the cost of analysing after a new run. Target: under 10 s on a 2-core machine.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GENERATOR = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "gen.py"
COMMITS, TESTS, REPEATS = 300, 2_000, 3


def tracker(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tracker", *args], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def one_more_run(history: Path, target: Path) -> None:
    """A data.js holding a single new entry: the last commit's values, under a new commit id."""
    text = history.read_text(encoding="utf-8")
    document = json.loads(text[text.index("{") :])
    entry = dict(document["entries"]["Benchmark"][-1])
    entry["commit"] = {**entry["commit"], "id": "f" * 40, "message": "perf: one more commit"}
    entry["date"] += 3_600_000
    document["entries"] = {"Benchmark": [entry]}
    target.write_text("window.BENCHMARK_DATA = " + json.dumps(document), encoding="utf-8")


def main() -> None:
    generator = Path(os.environ.get("TRACKER_BENCH_GENERATOR", GENERATOR))
    if not generator.is_file():
        print(f"skipped: no generator at {generator}")
        return
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        subprocess.run(
            [
                sys.executable,
                str(generator),
                "-C",
                str(COMMITS),
                "-B",
                str(TESTS),
                "--seed",
                "7",
                "--out",
                str(root / "data"),
                "--writers",
                "datajs",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        database = str(root / "bench.db")
        history = root / "data" / "gab" / "data.js"
        ingest_s = tracker("ingest", "--db", database, str(history))
        whole = [tracker("changes", "--db", database, "--format", "json") for _ in range(REPEATS)]
        one_more_run(history, root / "next.js")
        tracker("ingest", "--db", database, str(root / "next.js"))
        after = [tracker("changes", "--db", database, "--format", "json") for _ in range(REPEATS)]
    print(f"ingest {COMMITS} commits x {TESTS} tests (data.js): {ingest_s:.1f} s")
    print(f"tracker changes, whole scan: median {statistics.median(whole):.2f} s of {REPEATS} ({_list(whole)})")
    print(f"tracker changes after one new run: median {statistics.median(after):.2f} s ({_list(after)})")
    print("target: under 10 s")


def _list(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


if __name__ == "__main__":
    main()
