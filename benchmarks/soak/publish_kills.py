"""The publish experiments: kills at random moments, and publishers racing for one remote branch."""

from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.soak import publishing as repos
from benchmarks.soak.report_kills import ingest, runs

WRITTEN = f"{repos.SCRATCH}-*/tree/{repos.BRANCH}/README.md"
"""The last file a publish writes into its worktree before it commits and pushes."""


@dataclass
class PublishKills:
    kills: int = 0
    old: int = 0
    new: int = 0
    finished: int = 0
    leftovers_after_kills: int = 0
    complete_publishes: int = 0

    def figures(self) -> dict[str, object]:
        return {
            "kills survived": self.kills - self.finished,
            "remote branch old": self.old,
            "new": self.new,
            "half": 0,
            "finished before the kill": self.finished,
            "checkout changed": 0,
            "kills leaving worktrees, locks or temporary folders": self.leftovers_after_kills,
            "left after the next publish": 0,
            "publishes after kills": self.complete_publishes,
        }


def publish_kills(folder: Path, count: int, seed: int, *, tests: int = 100, clean_every: int = 5) -> dict[str, object]:
    """COUNT publishes killed at random moments; every CLEAN_EVERY kills a complete publish must succeed."""
    remote = repos.make_remote(folder / "repos")
    clone = repos.clone_with_work_in_progress(remote, folder / "repos" / "clone")
    temp, database = folder / "tmp", folder / "publish.db"
    temp.mkdir()
    files = iter(runs(folder / "runs", count + 2, seed, tests))
    ingest(database, next(files))
    _complete(clone, database, temp)
    ingest(database, next(files))
    old, duration, tail = _complete(clone, database, temp)
    stored = 2
    rng, figures = random.Random(seed), PublishKills()
    for attempt in range(1, count + 1):
        if len(repos.run_files_on(remote, old)) == stored:  # the branch holds every run: give it a new one
            ingest(database, next(files))
            stored += 1
        before = repos.checkout_state(clone)
        process = repos.start_publish(clone, database, temp)
        if attempt % 2 == 0:  # aimed at the commit and the push, which follow the folder's README
            repos.wait_for(process, temp, WRITTEN)
            time.sleep(rng.uniform(0.0, 1.2 * tail))
        else:
            time.sleep(rng.uniform(0.0, 1.1 * duration))
        figures.finished += repos.kill_group(process)
        figures.kills += 1
        old = _check_remote(remote, old, stored, figures, attempt)
        assert repos.checkout_state(clone) == before, f"kill {attempt}: the user's checkout changed"
        figures.leftovers_after_kills += bool(repos.leftovers(clone, temp))
        if attempt % clean_every == 0 or attempt == count:
            old = _complete(clone, database, temp)[0]
            assert len(repos.run_files_on(remote, old)) == stored
            figures.complete_publishes += 1
    assert not repos.forced_updates(remote), f"forced updates: {repos.forced_updates(remote)}"
    repos.git(remote, "fsck", "--no-progress", "--strict")
    return {**figures.figures(), "longest publish (s)": round(duration, 2), "commit and push (s)": round(tail, 2)}


def _complete(clone: Path, database: Path, temp: Path) -> tuple[str, float, float]:
    """A publish that must succeed and leave nothing behind: the remote branch's new tip, how long
    the publish took, and how long it took once its folder was written (the commit and the push)."""
    start = time.perf_counter()
    process = repos.start_publish(clone, database, temp)
    repos.wait_for(process, temp, WRITTEN)
    written = time.perf_counter()
    _, err = process.communicate()
    end = time.perf_counter()
    assert process.returncode == 0, f"a publish after kills failed: {err[-600:]}"
    left = repos.leftovers(clone, temp)
    assert not left, f"a complete publish left {left}"
    tip = repos.tip(clone.parent / "remote.git")
    assert tip is not None
    return tip, end - start, end - written


def _check_remote(remote: Path, old: str, stored: int, figures: PublishKills, attempt: int) -> str:
    """The branch is where it was, or on a commit descending from it that holds every run; its tip."""
    now = repos.tip(remote)
    if now == old:
        figures.old += 1
        return old
    assert now is not None, f"kill {attempt}: the remote branch is gone"
    repos.git(remote, "merge-base", "--is-ancestor", old, now)
    held = len(repos.run_files_on(remote, now))
    assert held == stored, f"kill {attempt}: the remote branch moved to a commit with {held} of {stored} runs"
    figures.new += 1
    return now


def publishers(folder: Path, count: int, seed: int, *, tests: int = 50, report: bool = True) -> dict[str, object]:
    """COUNT clones publish COUNT different runs to one remote at once (drawing the report too, when REPORT):
    every run lands, nothing is forced, no publisher fails."""
    remote = repos.make_remote(folder / "repos")
    jobs = []
    for number, path in enumerate(runs(folder / "runs", count, seed, tests)):
        clone = repos.clone_with_work_in_progress(remote, folder / "repos" / f"job{number}")
        database, temp = folder / f"job{number}.db", folder / f"tmp{number}"
        temp.mkdir()
        ingest(database, path)
        jobs.append((clone, database, temp))
    processes = [repos.start_publish(clone, database, temp, report=report) for clone, database, temp in jobs]
    outcomes = [process.communicate() for process in processes]
    failed = [err[-400:] for process, (_, err) in zip(processes, outcomes, strict=True) if process.returncode != 0]
    assert not failed, f"{len(failed)} of {count} publishers failed: {failed}"
    tip = repos.tip(remote)
    assert tip is not None
    landed = len(repos.run_files_on(remote, tip))
    assert landed == count, f"{count} publishers, {landed} runs on the branch"
    assert not repos.forced_updates(remote), f"forced updates: {repos.forced_updates(remote)}"
    left = [item for clone, _, temp in jobs for item in repos.leftovers(clone, temp)]
    assert not left, f"publishers left {left}"
    retries = [_retries(err) for _, err in outcomes]
    return {
        "publishers": count,
        "runs on the branch": landed,
        "runs lost": count - landed,
        "forced pushes": 0,
        "retries": sum(retries),
        "most retries of one": max(retries),
    }


def _retries(stderr: str) -> int:
    found = re.search(r"after (\d+) retr", stderr)
    return int(found[1]) if found else 0
