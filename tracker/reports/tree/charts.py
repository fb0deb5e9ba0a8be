"""The tree's SVG charts: a test's timing per release, and the suite's statistics per release."""

from __future__ import annotations

from collections.abc import Sequence

from tracker.domain import ChangePoint, CommitSummary, HistoryPoint
from tracker.reports.chart_svg import history_svg
from tracker.reports.tree.model import Release, SuiteTiming, TestReport

ALONG = "releases"
STATISTIC_TITLES = {"mean": "Mean", "median": "Median", "standard_deviation": "Standard deviation"}


def _release_ref(name: str, releases: dict[str, Release]) -> CommitSummary:
    release = releases.get(name)
    when = release.time if release else None
    return CommitSummary(sha=name, subject=when.strftime("%Y-%m-%d") if when else "", time=when)


def test_chart(test: TestReport, releases: Sequence[Release]) -> str:
    """Median per release, the min-max band, change points marked."""
    known = {r.name: r for r in releases}
    points = [
        HistoryPoint(
            commit=_release_ref(t.release, known),
            level=t.median,
            median=t.median,
            low=t.min,
            high=t.max,
            samples=t.n,
            runs=known[t.release].runs if t.release in known else 1,
        )
        for t in test.timings
        if t.median is not None
    ]
    title = f"{test.name}: median {test.metric} per release"
    return history_svg(title, test.unit, points, test.changes, along=ALONG, each="release")


def suite_chart(
    statistic: str, suite: Sequence[SuiteTiming], releases: Sequence[Release], changes: Sequence[ChangePoint], what: str
) -> str:
    """One of the suite's statistics (over its tests' medians) per release."""
    known = {r.name: r for r in releases}
    points = []
    for row in suite:
        value = suite_value(row, statistic)
        if value is not None:
            ref = _release_ref(row.release, known)
            points.append(HistoryPoint(ref, value, value, None, None, row.tests, known[row.release].runs))
    title = f"{STATISTIC_TITLES[statistic]} test time per release: {what}"
    return history_svg(title, "s", points, changes, along=ALONG, each="release")


def suite_value(row: SuiteTiming, statistic: str) -> float | None:
    return {"mean": row.mean, "median": row.median, "standard_deviation": row.stddev}[statistic]
