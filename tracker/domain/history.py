"""A test's history on a branch: its levels per commit and its change points."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tracker.domain.commits import CommitSummary


class ChangeKind(StrEnum):
    """Which way a change point moved a metric, judged by the metric's direction."""

    REGRESSION = "regression"
    IMPROVEMENT = "improvement"


@dataclass(frozen=True)
class ChangePoint:
    """A step in one test's history on a branch: `commit` is the first at the new level."""

    test_id: str
    test_name: str
    metric: str
    unit: str
    commit: CommitSummary
    """The first bad (or first better) commit: the first measured commit at the new level."""
    previous_commit: CommitSummary
    """The last good commit: the last measured commit at the old level."""
    before: float
    after: float
    """Levels (canonical unit) on each side: geometric means of up to 30 commits."""
    change_pct: float
    change_low_pct: float
    change_high_pct: float
    """The change of the metric's value in percent of `before`, with its 95% interval."""
    p_value: float
    direction: ChangeKind
    unmeasured: tuple[CommitSummary, ...] = ()
    """Commits of the branch between the two that this test was not measured on, oldest first."""
    transient: bool = False
    """A transient excursion: the level came back a few commits later (`tracker changes --transients`)."""
    returned_commit: CommitSummary | None = None
    """For an excursion: the first commit back at the level before it."""


@dataclass(frozen=True)
class HistoryPoint:
    """One measured commit of a test's series: its level and spread in the metric's canonical unit."""

    commit: CommitSummary
    level: float
    """What change-point detection sees: per run the mean of the samples (their trimean when a round
    is wild), or their median or lower quartile when that is much steadier over the test's history."""
    median: float | None
    low: float | None
    high: float | None
    """Spread: the quartiles when known, else the smallest and largest value."""
    samples: int
    runs: int
