"""`tracker report` killed at random moments (the folder is the old tree or the new one, never a mix),
and reports drawn while ingests commit (each sees whole runs).

An earlier release's tree (plus a file of the user's, which the swap carries across) is in place;
a later release is ingested and `tracker report` is killed (SIGKILL to its whole process group)
at a seeded random moment. After each kill every file of the folder is hashed and must match the
old tree or the complete new one. Temporary folders a kill leaves beside the folder are allowed
(a SIGKILL cannot be cleaned up after) but the next run must remove them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks.generated import write_pytest_benchmark
from benchmarks.soak.experiments import tracker
from benchmarks.soak.publishing import wait_for
from tracker.api.ingest import Origin
from tracker.api.ingest import ingest as ingest_runs
from tracker.store import Store

RELEASES = ("v1.0.0", "v1.1.0", "v1.2.0")
USER_FILE = "NOTES.md"


def ingest(database: Path, *paths: Path, tag: str | None = None) -> None:
    """Setting the stage in this process (what is under test runs in processes of its own)."""
    with Store(str(database), writable=True) as store:
        ingest_runs(store, [str(path) for path in paths], origin=Origin(tag=tag), cwd=paths[0].parent)


def tree_state(root: Path) -> dict[str, str]:
    """Every entry under ROOT, hidden ones included: a file's sha256, a folder, or a link's target."""
    state: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        name = str(path.relative_to(root))
        if path.is_symlink():
            state[name] = f"link {path.readlink()}"
        elif path.is_dir():
            state[name] = "folder"
        else:
            state[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


@dataclass
class ReportKills:
    kills: int = 0
    old: int = 0
    new: int = 0
    finished: int = 0
    """Runs that ended before their kill came (the moment is drawn past the longest run too)."""
    leftovers_after_kills: int = 0
    """Kills after which temporary folders sat beside the output folder."""
    complete_runs: int = 0

    def figures(self) -> dict[str, object]:
        return {
            "kills survived": self.kills - self.finished,
            "states seen old": self.old,
            "new": self.new,
            "mixed": 0,
            "finished before the kill": self.finished,
            "kills leaving temporary folders": self.leftovers_after_kills,
            "left after the next run": 0,
        }


def report_kills(folder: Path, count: int, seed: int, *, tests: int = 300, clean_every: int = 10) -> dict[str, object]:
    """COUNT reports killed at random moments; every CLEAN_EVERY kills a complete run must clean up."""
    database, parent = folder / "report.db", folder / "site"
    out = parent / "report"
    files = runs(folder / "releases", len(RELEASES), seed, tests)
    for path, tag in zip(files[:-1], RELEASES, strict=False):
        ingest(database, path, tag=tag)
    tracker("report", "--out", out, "--db", database)
    (out / USER_FILE).write_text("the user's own notes, carried across every rewrite\n")
    old = tree_state(out)
    pristine = folder / "old-tree"
    shutil.copytree(out, pristine, symlinks=True)
    ingest(database, files[-1], tag=RELEASES[-1])
    new, duration = _reference(folder, pristine, database)
    assert new != old, "the new release changed nothing in the tree"
    rng = random.Random(seed)
    figures = ReportKills()
    for attempt in range(1, count + 1):
        # Every other kill at a moment past the start-up (now and then past the end); the others
        # within 0.3 s of the new tree's last page: the carry-over, the swap, the removal of the old.
        near_swap = attempt % 2 == 0
        after = rng.uniform(0.0, 0.3) if near_swap else rng.uniform(0.3 * duration, 1.1 * duration)
        figures.finished += _kill_report(out, database, after, near_swap=near_swap)
        _classify(tree_state(out), old, new, figures, attempt)
        figures.leftovers_after_kills += bool(_leftovers(parent, out))
        if attempt % clean_every == 0 or attempt == count:
            tracker("report", "--out", out, "--db", database)
            assert tree_state(out) == new, "a complete run after kills did not write the new tree"
            assert not _leftovers(parent, out), f"the next run left {_leftovers(parent, out)}"
            figures.complete_runs += 1
        if out.exists() and tree_state(out) == new:  # start the next kill from the old tree again
            shutil.rmtree(out)
            shutil.copytree(pristine, out, symlinks=True)
    return {**figures.figures(), "tests per tree": tests, "longest report (s)": round(duration, 2)}


def _reference(folder: Path, pristine: Path, database: Path) -> tuple[dict[str, str], float]:
    """The complete new tree, written over a copy of the old one, and how long writing it takes."""
    reference = folder / "reference" / "report"
    shutil.copytree(pristine, reference, symlinks=True)
    start = time.perf_counter()
    tracker("report", "--out", reference, "--db", database)
    return tree_state(reference), time.perf_counter() - start


def _kill_report(out: Path, database: Path, after: float, *, near_swap: bool) -> bool:
    """Start a report and kill its process group AFTER seconds (counted from the new tree's last
    page when NEAR_SWAP); whether it had ended by then."""
    command = [sys.executable, "-m", "tracker", "report", "--out", str(out), "--db", str(database)]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(), start_new_session=True, text=True
    )
    if near_swap:
        wait_for(process, out.parent, f".{out.name}.tracker-new-*/by_release/README.md")
    time.sleep(after)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    return process.wait() == 0


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("TRACKER_", "BUSTED_PROFILER_"))}


def _classify(state: dict[str, str], old: dict[str, str], new: dict[str, str], figures: ReportKills, n: int) -> None:
    if state == old:
        figures.old += 1
    elif state == new:
        figures.new += 1
    else:
        extra = sorted(set(state) ^ set(old))[:5]
        raise AssertionError(f"kill {n}: the folder is neither the old tree nor the new one (differs in {extra})")
    figures.kills += 1


def _leftovers(parent: Path, out: Path) -> list[str]:
    return sorted(entry.name for entry in parent.iterdir() if entry.name != out.name)


def runs(folder: Path, count: int, seed: int, tests: int) -> list[Path]:
    """COUNT pytest-benchmark files, one commit each, TESTS tests of 10 samples."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    levels = rng.uniform(1e-4, 1e-2, tests)
    paths = []
    for index in range(count):
        path = folder / f"run{index:03d}.json"
        write_pytest_benchmark(path, index + 1, levels, rng, 10)
        paths.append(path)
    return paths


def report_snapshot(folder: Path, seed: int, *, tests: int = 100, rounds: int = 8) -> dict[str, object]:
    """Reports while ingests commit: each tree shows every test, each with the same runs (whole runs only)."""
    files = runs(folder / "runs", rounds, seed, tests)
    database = folder / "snapshot.db"
    ingest(database, *files[:2])
    looks = 0
    with ThreadPoolExecutor(1) as pool:
        ingests = pool.submit(lambda: [tracker("ingest", path, "--db", database) for path in files[2:]])
        while not ingests.done() or looks == 0:
            out = folder / f"tree{looks}"
            tracker("report", "--out", out, "--db", database)
            _one_snapshot(out, tests, looks)
            looks += 1
        ingests.result()
    return {"reports during ingests": looks, "inconsistent": 0}


def _one_snapshot(out: Path, tests: int, look: int) -> None:
    said = re.search(r"with (\d+) tests", (out / "README.md").read_text(encoding="utf-8"))
    assert said and int(said[1]) == tests, f"report {look} names {said and said[1]} tests of {tests}"
    pages = list((out / "by_release").glob("*/README.md"))
    assert len(pages) == tests, f"report {look} has {len(pages)} test folders of {tests}"
    rows = {sum(line.startswith("| ") for line in page.read_text(encoding="utf-8").splitlines()) for page in pages}
    assert len(rows) == 1, f"report {look}: the tests show different numbers of runs {sorted(rows)}"
