"""What a report tree is drawn from: plain values the api gathers from the database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from tracker.domain import ChangePoint, FunctionStat


class TableStyle(StrEnum):
    """How tables are written: GitHub markdown, or plain padded columns in a code block."""

    GITHUB = "github"
    LINES = "lines"


@dataclass(frozen=True)
class Release:
    """A release: every run that carries its tag (or, in a history without tags, one commit)."""

    name: str
    time: datetime | None
    """The time of its newest run."""
    runs: int
    commit: str | None
    platform: str
    cpu: str
    versions: str
    """Interpreter and other tool versions, as the runs' environment gives them."""


@dataclass(frozen=True)
class Timing:
    """One test's values in one release (every run of the release pooled), canonical unit."""

    release: str
    n: int
    min: float | None
    median: float | None
    mean: float | None
    stddev: float | None
    """None with fewer than two values."""
    max: float | None
    total: float | None


@dataclass(frozen=True)
class ProfileSummary:
    """The newest profiled release's per-function table of one test."""

    release: str
    unit: str
    total: float
    functions: tuple[FunctionStat, ...]
    """Slowest (largest total) first."""


@dataclass(frozen=True)
class TestReport:
    """One test of the newest release: its timings per release, change points and profile."""

    __test__ = False

    test_id: str
    name: str
    file: str | None
    tags: tuple[str, ...]
    metric: str
    unit: str
    timings: tuple[Timing, ...]
    """Oldest release first; only releases that measured the test."""
    changes: tuple[ChangePoint, ...] = ()
    """Change points between releases (`commit.sha` is the first release at the new level)."""
    profile: ProfileSummary | None = None
    whole_suite: bool = False
    """The test stands for the whole suite (busted's `busted suite`): its time is the suite's total,
    and it is left out of the suite's statistics and of the slowest tests."""


@dataclass(frozen=True)
class SuiteTiming:
    """The suite in one release: statistics over its tests' medians."""

    release: str
    tests: int
    total: float
    median: float
    mean: float
    stddev: float | None


SUITE_STATISTICS = ("mean", "median", "standard_deviation")
"""The suite charts, named as the original busted profiler named its images."""


@dataclass(frozen=True)
class Section:
    """A set of tests drawn together: every test, or the tests of one `#tag`."""

    tag: str | None
    tests: tuple[TestReport, ...]
    """By full name."""
    suite: tuple[SuiteTiming, ...]
    """Oldest release first."""
    suite_changes: Mapping[str, tuple[ChangePoint, ...]] = field(default_factory=dict)
    """Change points of each of SUITE_STATISTICS."""
    removed: tuple[str, ...] = ()
    """Full names of the tests of the previous release that the newest one no longer measures."""


@dataclass(frozen=True)
class Report:
    releases: tuple[Release, ...]
    """Oldest first; the last is the release the tree is drawn for."""
    everything: Section
    tags: tuple[Section, ...]
    """By tag name."""
    style: TableStyle = TableStyle.GITHUB
    slowest: int = 20
    """How many of the newest release's slowest tests the top page lists."""
    min_change_pct: float = 5.0
    """Smallest change between the two newest releases that the top page lists."""
    by_commit: bool = False
    """No run carries a tag: each commit with runs stands in for a release."""

    @property
    def newest(self) -> Release:
        return self.releases[-1]

    @property
    def previous(self) -> Release | None:
        return self.releases[-2] if len(self.releases) > 1 else None
