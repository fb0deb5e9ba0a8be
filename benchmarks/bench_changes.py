"""`tracker changes` on 2,000 tests x 300 commits, timed as a whole process; then one run more.

The history comes from the labelled generator (`../shared/datasets/gen.py -C 300 -B 2000`,
seed 7) as a github-action-benchmark `data.js` (one value per commit and test: the slower of
tracker's two read paths, since the level must come from the samples table). It is ingested
into a fresh SQLite database; `tracker changes` is timed five times as a whole process (wall
clock and CPU time of the child: on a shared machine the wall clock also counts other people's
work). Then one new run (one more commit, every test) is ingested and the scan timed again:
tracker keeps no cache, so this is the cost of analysing after a new run. Target: under 10 s on
a 2-core machine.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GENERATOR = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "gen.py"
COMMITS, TESTS, REPEATS = 300, 2_000, 5


def tracker(*args: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one `tracker` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tracker", *args], check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


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
        ingest_s, _ = tracker("ingest", "--db", database, str(history))
        whole = [tracker("changes", "--db", database, "--format", "json") for _ in range(REPEATS)]
        one_more_run(history, root / "next.js")
        tracker("ingest", "--db", database, str(root / "next.js"))
        after = [tracker("changes", "--db", database, "--format", "json") for _ in range(REPEATS)]
    print(f"ingest {COMMITS} commits x {TESTS} tests (data.js): {ingest_s:.1f} s")
    print(f"tracker changes, whole scan ({REPEATS} runs): {_summary(whole)}")
    print(f"tracker changes after one new run ({REPEATS} runs): {_summary(after)}")
    print("target: under 10 s")


def _summary(times: list[tuple[float, float]]) -> str:
    wall, cpu = [t[0] for t in times], [t[1] for t in times]
    return (
        f"wall median {statistics.median(wall):.2f} s (min {min(wall):.2f}, max {max(wall):.2f}); "
        f"CPU median {statistics.median(cpu):.2f} s (min {min(cpu):.2f}, max {max(cpu):.2f})"
    )


if __name__ == "__main__":
    main()
