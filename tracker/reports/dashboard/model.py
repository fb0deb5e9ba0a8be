"""What the dashboard shows, as plain values: the use case gathers them, the writer renders them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.domain import ChangePoint, CommitSummary

SHOWN_SAMPLES = 25
"""At most this many raw values of a commit are kept for the chart (evenly picked by rank, the
smallest and largest among them): a tooltip shows them, and the site stays small."""


@dataclass(frozen=True)
class Release:
    tag: str
    position: int
    """Index into `Dashboard.commits` of the release's commit."""


@dataclass(frozen=True)
class Flame:
    """A test's newest flame graph and its differential against an older (release) run, as SVG."""

    svg: str
    differential: str | None
    baseline: str
    """What the differential compares with ("release v1.2", "run 12"), or "" without one."""


@dataclass(frozen=True)
class TestSeries:
    """One test and metric's history: parallel tuples over its measured commits, oldest first."""

    __test__ = False

    test_id: str
    name: str
    tags: tuple[str, ...]
    metric: str
    unit: str
    lower_is_better: bool
    positions: tuple[int, ...]
    """Index into `Dashboard.commits` of each measured commit."""
    values: tuple[float, ...]
    """The median of each commit (its level when the median is unknown)."""
    low: tuple[float | None, ...]
    high: tuple[float | None, ...]
    samples: tuple[int, ...]
    changes: tuple[ChangePoint, ...]
    """Oldest first."""
    releases: tuple[Release, ...]
    """Releases measured by this test, oldest first."""
    open_regressions: tuple[ChangePoint, ...]
    """The regressions the test has not recovered from (its level now is still worse than before
    each by half its step or more), oldest first."""
    flame: Flame | None = None
    sample_counts: tuple[int, ...] = ()
    """How many raw values each measured commit has (empty when the database keeps none)."""
    sample_values: Sequence[float] = ()
    """The raw values shown of each commit (`SHOWN_SAMPLES` at most), sorted, commit after commit."""

    @property
    def open_regression(self) -> ChangePoint | None:
        """The newest open regression."""
        return self.open_regressions[-1] if self.open_regressions else None

    @property
    def key(self) -> str:
        """Unique per series: the test id, with the metric when it is not the time."""
        metric = re.sub(r"[^A-Za-z0-9_.]", "_", self.metric)
        return self.test_id if self.metric == "time" else f"{self.test_id}-{metric}"


@dataclass(frozen=True)
class Dashboard:
    branch: str | None
    commits: tuple[CommitSummary, ...]
    """Every commit with runs on the branch, oldest first."""
    series: tuple[TestSeries, ...]
    """By test name, then metric."""
    regressions: tuple[ChangePoint, ...]
    """Open regressions, newest first."""
    repo_url: str | None = None
