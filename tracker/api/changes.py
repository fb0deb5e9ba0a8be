"""Changes: the change points of every test's history on a branch, attributed to commits."""

from __future__ import annotations

import fnmatch
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tracker.domain import ChangeKind, ChangePoint, CommitRef, Direction
from tracker.errors import UsageError
from tracker.stats import changepoints, series_levels
from tracker.store import Store, open_store
from tracker.store import series as stored

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
    """One test and metric's levels in commit order, with the branch's commits around them."""

    test_id: str
    test_name: str
    metric: str
    unit: str
    direction: Direction
    levels: pd.DataFrame
    """`series_levels.LEVEL_COLUMNS` plus `position` (index into `History.commits`), in order."""


@dataclass(frozen=True)
class History:
    branch: str | None
    commits: pd.DataFrame
    """`store.series.COMMIT_COLUMNS`, oldest first."""
    series: list[Series]


def find_changes(
    *,
    database: str | None,
    branch: str | None = None,
    test_glob: str | None = None,
    since: str | None = None,
    settings: changepoints.Settings = changepoints.Settings(),
) -> ChangesResult:
    """Scan every matching series on BRANCH (default: the newest run's) for change points."""
    store = open_store(database)
    try:
        history = load_history(store, branch, test_glob)
    finally:
        store.close()
    start = since_position(history.commits, since) if since else 0
    found = changepoints.detect_many(
        [s.levels["level"].to_numpy(dtype=float) for s in history.series],
        [s.levels["runs"].to_numpy(dtype=float) for s in history.series],
        settings,
    )
    changes = []
    for series, steps in zip(history.series, found, strict=True):
        for step in steps:
            if int(series.levels["position"].iloc[step.index]) >= start:
                changes.append(change_point(history.commits, series, step))
    order = {sha: i for i, sha in enumerate(history.commits["sha"])}
    changes.sort(key=lambda c: (-order[c.commit.sha], -abs(c.change_pct), c.test_name))
    return ChangesResult(history.branch, len(history.commits), len(history.series), tuple(changes))


def load_history(store: Store, branch: str | None, test_glob: str | None, metric: str | None = None) -> History:
    """Every series on BRANCH of the tests whose name (or id) matches TEST_GLOB."""
    engine = store.engine
    chosen = branch if branch is not None else stored.newest_branch(engine)
    commits = stored.branch_commits(engine, chosen)
    if commits.empty:
        known = ", ".join(repr(name) for name, _ in stored.branches(engine)) or "none"
        raise UsageError(f"no runs on branch {chosen!r}; pass --branch (branches with runs: {known})")
    names = dict(stored.tests(engine))
    test_ids = None
    if test_glob is not None:
        # A full name is taken as it is: test names often hold brackets, which globs read as sets.
        test_ids = [i for i, name in names.items() if test_glob in (i, name)] or [
            i for i, name in names.items() if fnmatch.fnmatchcase(name, test_glob)
        ]
        if not test_ids:
            raise UsageError(f"no test matches --test {test_glob!r}; list them with tracker tests")
    results = stored.branch_results(engine, chosen, test_ids)
    raw_only = results["median"].isna() & (results["n"].astype(float) > 2)
    samples = stored.unsummarised_samples(engine, chosen, test_ids) if raw_only.any() else None
    import pandas as pd

    runs = series_levels.run_levels(
        results, samples if samples is not None else pd.DataFrame(columns=stored.SAMPLE_COLUMNS)
    )
    levels = series_levels.commit_levels(runs)
    if metric is not None:
        levels = levels[levels["metric"] == metric]
    position = pd.Series(range(len(commits)), index=commits["commit_id"])
    levels = levels.assign(position=levels["commit_id"].map(position)).sort_values(["test_id", "metric", "position"])
    series = [
        Series(
            test_id=str(test_id),
            test_name=names.get(str(test_id), str(test_id)),
            metric=str(metric_name),
            unit=str(group["unit"].iloc[0]),
            direction=Direction(group["direction"].iloc[0]),
            levels=group.reset_index(drop=True),
        )
        for (test_id, metric_name), group in levels.groupby(["test_id", "metric"], sort=False)
    ]
    series.sort(key=lambda s: (s.test_name, s.metric))
    return History(chosen, commits, series)


def change_point(commits: pd.DataFrame, series: Series, step: changepoints.Change) -> ChangePoint:
    """A detected step as a change point between two measured commits."""
    first = int(series.levels["position"].iloc[step.index])
    last_good = int(series.levels["position"].iloc[step.index - 1])
    worse = step.change_pct > 0 if series.direction is Direction.LOWER_IS_BETTER else step.change_pct < 0
    return ChangePoint(
        test_id=series.test_id,
        test_name=series.test_name,
        metric=series.metric,
        unit=series.unit,
        commit=commit_ref(commits.iloc[first]),
        previous_commit=commit_ref(commits.iloc[last_good]),
        before=step.before,
        after=step.after,
        change_pct=step.change_pct,
        change_low_pct=step.low_pct,
        change_high_pct=step.high_pct,
        p_value=step.p_value,
        direction=ChangeKind.REGRESSION if worse else ChangeKind.IMPROVEMENT,
        unmeasured=tuple(commit_ref(commits.iloc[i]) for i in range(last_good + 1, first)),
    )


def commit_ref(row: Any) -> CommitRef:
    when = row["time"]
    return CommitRef(
        sha=str(row["sha"]),
        subject=str(row["subject"] or ""),
        type=None if _missing(row["type"]) else str(row["type"]),
        author=None if _missing(row["author"]) else str(row["author"]),
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
