"""History of one test, and the plan to find the culprit among unmeasured commits."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from tracker.api.changes import (
    DetectionSettings,
    Series,
    change_point,
    detect,
    load_commits,
    load_history,
    shown_steps,
)
from tracker.api.test_names import one_test
from tracker.domain import ChangePoint, CommitInfo, CommitSummary, Direction, HistoryPoint, parse_conventional
from tracker.errors import UsageError
from tracker.store import Store
from tracker.vcs import git


@dataclass(frozen=True)
class TestHistory:
    __test__ = False

    test_id: str
    test_name: str
    metric: str
    unit: str
    direction: Direction
    estimate: str
    """Which per-run estimate the levels are: mean, median or lower quartile (see `series_levels`)."""
    branch: str | None
    points: tuple[HistoryPoint, ...]
    """Oldest first."""
    changes: tuple[ChangePoint, ...]
    """Oldest first."""


def test_history(
    store: Store,
    *,
    test: str,
    branch: str | None = None,
    metric: str | None = None,
    settings: DetectionSettings = DetectionSettings(),
) -> TestHistory:
    """The series of the one test named TEST (full name, id or a glob matching one test).

    Its change points come from a scan of every series on the branch, as in `tracker changes`:
    the other series help place each change at its commit, and both commands agree."""
    history = load_history(store, branch)
    wanted = one_test(history.tests, test, prefer={s.test_id for s in history.series})
    candidates = [(k, s) for k, s in enumerate(history.series) if s.test_id == wanted and metric in (None, s.metric)]
    k, series = _one(candidates, test, metric)
    steps = shown_steps(detect(history, settings)[k], transients=False)
    points = tuple(
        HistoryPoint(
            commit=history.refs[int(series.position[i])],
            level=float(series.level[i]),
            median=_number(series.median[i]),
            low=_number(series.low[i]),
            high=_number(series.high[i]),
            samples=int(series.samples[i]),
            runs=int(series.runs[i]),
        )
        for i in range(len(series.position))
    )
    changes = tuple(change_point(history, series, step).change for step in steps)
    return TestHistory(
        series.test_id,
        series.test_name,
        series.metric,
        series.unit,
        series.direction,
        series.estimate,
        history.branch,
        points,
        changes,
    )


def _one(found: list[tuple[int, Series]], test: str, metric: str | None) -> tuple[int, Series]:
    if not found:
        what = f"test {test!r}" + (f" and metric {metric!r}" if metric else "")
        raise UsageError(f"no measurements of {what} on this branch; check the name (tracker tests) or --branch")
    if len(found) > 1:
        preferred = [(k, s) for k, s in found if s.metric == "time"]
        if not preferred:
            metrics = ", ".join(s.metric for _, s in found)
            raise UsageError(f"the test has several metrics ({metrics}); pick one with --metric")
        return preferred[0]
    return found[0]


def _number(value: float) -> float | None:
    number = float(value)
    return None if math.isnan(number) else number


@dataclass(frozen=True)
class BisectPlan:
    good: CommitSummary
    bad: CommitSummary
    plan: tuple[tuple[int, CommitSummary], ...]
    """(round, commit): the commits between GOOD and BAD in the order to measure them."""
    source: str
    """Where the commits between came from: "git" or "database"."""


def bisect_plan(store: Store, *, good: str, bad: str, branch: str | None = None, repo: Path) -> BisectPlan:
    """The commits strictly between GOOD and BAD, ordered so that each round halves the range.

    The commits come from the git repository around REPO when it knows both, else from the
    commits of BRANCH in the database (then already measured by other tests, but not by the one
    that changed)."""
    between = git.commits_between(repo, good, bad)
    if between:
        refs = [_from_git(c) for c in between]
        known = git.read_commit(repo, good)
        return _plan(refs[-1], refs[:-1], good, "git", good_ref=_from_git(known) if known else None)
    _, _, refs = load_commits(store, branch)
    shas = [ref.sha for ref in refs]
    first, last = _find(shas, good, "GOOD"), _find(shas, bad, "BAD")
    if first >= last:
        raise UsageError(f"GOOD ({good}) must come before BAD ({bad}) on the branch; swap them")
    span = refs[first + 1 : last + 1]
    return _plan(span[-1], span[:-1], good, "database", good_ref=refs[first])


def _plan(
    bad: CommitSummary, between: list[CommitSummary], good: str, source: str, good_ref: CommitSummary | None = None
) -> BisectPlan:
    order: list[tuple[int, CommitSummary]] = []
    ranges = [(0, len(between))]
    depth = 1
    while ranges:
        next_ranges = []
        for lo, hi in ranges:
            if lo >= hi:
                continue
            mid = (lo + hi) // 2
            order.append((depth, between[mid]))
            next_ranges += [(lo, mid), (mid + 1, hi)]
        ranges = next_ranges
        depth += 1
    return BisectPlan(good_ref or CommitSummary(sha=good), bad, tuple(order), source)


def _find(shas: list[str], ref: str, name: str) -> int:
    matches = [i for i, sha in enumerate(shas) if sha.startswith(ref.lower())]
    if len(matches) != 1:
        problem = "is not a commit" if not matches else "matches several commits"
        raise UsageError(f"{name} {ref!r} {problem} on the branch in the database; give a longer sha")
    return matches[0]


def _from_git(commit: CommitInfo) -> CommitSummary:
    conventional = parse_conventional(commit.subject)
    return CommitSummary(
        sha=commit.sha,
        subject=commit.subject,
        type=conventional.type if conventional else None,
        author=commit.author,
        time=commit.time,
    )
