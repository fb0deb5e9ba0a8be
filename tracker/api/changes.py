"""Changes: the change points of every test's history on a branch, attributed to commits."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from tracker.api.test_names import matching_tests
from tracker.domain import SILENT, ChangeKind, ChangePoint, CommitSummary, Direction, Progress
from tracker.errors import UsageError
from tracker.stats import changepoints, series_levels
from tracker.stats.changepoints import DetectionSettings
from tracker.stats.transients import mark_transients
from tracker.store import Store

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class ChangesResult:
    branch: str | None
    commits: int
    """Commits with runs on the branch."""
    series: int
    """Test and metric series scanned."""
    changes: tuple[ChangePoint, ...]
    """Newest first; the largest change first within a commit."""


@dataclass(frozen=True)
class Series:
    """One test and metric's levels in commit order (arrays over its measured commits)."""

    test_id: str
    test_name: str
    metric: str
    unit: str
    direction: Direction
    estimate: str
    """Which per-run estimate the levels are (`series_levels.ESTIMATES`)."""
    position: npt.NDArray[np.int64]
    """Index into `History.commits` of each measured commit."""
    level: npt.NDArray[np.float64]
    median: npt.NDArray[np.float64]
    low: npt.NDArray[np.float64]
    high: npt.NDArray[np.float64]
    samples: npt.NDArray[np.int64]
    runs: npt.NDArray[np.int64]


@dataclass(frozen=True)
class History:
    branch: str | None
    commits: pd.DataFrame
    """`store.series.COMMIT_COLUMNS`, oldest first."""
    refs: list[CommitSummary]
    """The same commits as references, oldest first."""
    series: list[Series]
    tests: dict[str, str]
    """Every test in the database: id -> full name."""


def find_changes(
    store: Store,
    *,
    branch: str | None = None,
    test_glob: str | None = None,
    since: str | None = None,
    settings: DetectionSettings = DetectionSettings(),
    transients: bool = False,
    progress: Progress = SILENT,
) -> ChangesResult:
    """Scan every series on BRANCH (default: the newest run's) for change points; list those of
    the tests matching TEST_GLOB (every series is scanned: they share what they know of culprits).

    A step undone a few commits later is one transient excursion (`stats.transients`): left out,
    or with TRANSIENTS listed once, marked, at its first step. PROGRESS hears of the reading and the
    scan."""
    progress.stage("reading the history")
    history = load_history(store, branch)
    progress.stage(f"scanning {len(history.series)} series over {len(history.commits)} commits", len(history.series))
    shown = set(matching_tests(history.tests, test_glob, flag="--test")) if test_glob is not None else None
    start = since_position(history.commits, since) if since else 0
    changes = []
    scanned = 0
    for series, steps in zip(history.series, detect(history, settings, progress), strict=True):
        if shown is not None and series.test_id not in shown:
            continue
        scanned += 1
        for step in shown_steps(steps, transients):
            if int(series.position[step.index]) >= start:
                changes.append(change_point(history, series, step))
    changes.sort(key=lambda c: (-c.position, -abs(c.change.change_pct), c.change.test_name))
    return ChangesResult(history.branch, len(history.commits), scanned, tuple(c.change for c in changes))


def detect(
    history: History, settings: DetectionSettings, progress: Progress = SILENT
) -> list[list[changepoints.Change]]:
    """The change points of every series of HISTORY, culprits shared between them, excursions marked."""
    found = changepoints.detect_many(
        [s.level for s in history.series],
        [s.runs.astype(float) for s in history.series],
        settings,
        positions=[s.position for s in history.series],
        progress=progress,
    )
    return [mark_transients(steps) for steps in found]


def shown_steps(steps: list[changepoints.Change], transients: bool) -> list[changepoints.Change]:
    """Lasting steps; with TRANSIENTS also each excursion, once (at its first step)."""
    return [step for step in steps if not step.transient or (transients and step.returns_at is not None)]


def load_history(store: Store, branch: str | None) -> History:
    """Every series on BRANCH (default: the newest run's), sorted by test name and metric."""
    chosen, commits, refs = load_commits(store, branch)
    names = store.test_names()
    metrics = store.metrics()
    runs = series_levels.run_levels(store.branch_results(chosen), store.bare_samples(chosen))
    import pandas as pd

    levels = series_levels.commit_levels(runs)
    position = pd.Series(np.arange(len(commits)), index=commits["commit_id"].to_numpy())
    levels = levels.assign(position=position.reindex(levels["commit_id"].to_numpy()).to_numpy())
    levels = series_levels.choose_levels(levels.sort_values(["test_id", "metric_id", "position"], kind="stable"))
    return History(chosen, commits, refs, _split(levels, names, metrics), names)


def load_commits(store: Store, branch: str | None) -> tuple[str | None, pd.DataFrame, list[CommitSummary]]:
    """BRANCH (default: the newest run's) and its commits with runs, oldest first, as rows and references."""
    chosen = branch if branch is not None else store.newest_branch()
    commits = store.branch_commits(chosen)
    if commits.empty:
        known = ", ".join(repr(name) for name, _ in store.branches()) or "none"
        raise UsageError(f"no runs on branch {chosen!r}; pass --branch (branches with runs: {known})")
    return chosen, commits, [_commit_summary(row) for row in commits.itertuples(index=False)]


def _split(levels: pd.DataFrame, names: dict[str, str], metrics: dict[int, tuple[str, str, str]]) -> list[Series]:
    """One `Series` per test and metric of LEVELS (sorted by test, metric and position)."""
    test = levels["test_id"].to_numpy()
    metric = levels["metric_id"].to_numpy()
    starts = np.flatnonzero(np.r_[True, (test[1:] != test[:-1]) | (metric[1:] != metric[:-1])])
    bounds = [int(b) for b in starts] + [len(test)] if len(test) else [0]
    columns = {c: levels[c].to_numpy() for c in ("position", "level", "median", "low", "high", "samples", "runs")}
    estimate = levels["estimate"].to_numpy()
    series = []
    for lo, hi in itertools.pairwise(bounds):
        name, unit, direction = metrics[int(metric[lo])]
        part = {c: values[lo:hi] for c, values in columns.items()}
        series.append(
            Series(
                test_id=str(test[lo]),
                test_name=names.get(str(test[lo]), str(test[lo])),
                metric=name,
                unit=unit,
                direction=Direction(direction),
                estimate=str(estimate[lo]),
                position=part["position"].astype(np.int64),
                level=part["level"].astype(float),
                median=part["median"].astype(float),
                low=part["low"].astype(float),
                high=part["high"].astype(float),
                samples=part["samples"].astype(np.int64),
                runs=part["runs"].astype(np.int64),
            )
        )
    series.sort(key=lambda s: (s.test_name, s.metric))
    return series


@dataclass(frozen=True)
class _Placed:
    position: int
    change: ChangePoint


def change_point(history: History, series: Series, step: changepoints.Change) -> _Placed:
    """A detected step as a change point between two measured commits."""
    first = int(series.position[step.index])
    last_good = int(series.position[step.index - 1])
    worse = step.change_pct > 0 if series.direction is Direction.LOWER_IS_BETTER else step.change_pct < 0
    change = ChangePoint(
        test_id=series.test_id,
        test_name=series.test_name,
        metric=series.metric,
        unit=series.unit,
        commit=history.refs[first],
        previous_commit=history.refs[last_good],
        before=step.before,
        after=step.after,
        change_pct=step.change_pct,
        change_low_pct=step.low_pct,
        change_high_pct=step.high_pct,
        p_value=step.p_value,
        direction=ChangeKind.REGRESSION if worse else ChangeKind.IMPROVEMENT,
        unmeasured=tuple(history.refs[last_good + 1 : first]),
        transient=step.transient,
        returned_commit=None if step.returns_at is None else history.refs[int(series.position[step.returns_at])],
    )
    return _Placed(first, change)


def _commit_summary(row: Any) -> CommitSummary:
    when = row.time
    return CommitSummary(
        sha=str(row.sha),
        subject=str(row.subject or ""),
        type=None if _missing(row.type) else str(row.type),
        author=None if _missing(row.author) else str(row.author),
        time=None if _missing(when) else when.to_pydatetime(),
    )


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) == "NaT"


def since_position(commits: pd.DataFrame, since: str) -> int:
    """The first commit position at or after SINCE: a commit sha (or prefix) or an ISO date."""
    lowered = since.lower()
    matches = [i for i, sha in enumerate(commits["sha"]) if str(sha).lower().startswith(lowered)]
    if len(lowered) >= 4 and matches:
        return matches[0]
    try:
        when = datetime.fromisoformat(since)
    except ValueError:
        raise UsageError(
            f"--since {since!r} is neither a commit on the branch nor an ISO date (2025-01-31); fix --since"
        ) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    later = [i for i, order in enumerate(commits["order"]) if order.to_pydatetime() >= when]
    return later[0] if later else len(commits)
