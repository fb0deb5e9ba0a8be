"""Per test and release timings, change points between releases, and the suite's statistics."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from tracker.api.report_releases import ReleaseRuns
from tracker.domain import ChangeKind, ChangePoint, CommitSummary, Direction, Summary
from tracker.reports.tree import SUITE_STATISTICS, SuiteTiming, TestReport, Timing
from tracker.stats import changepoints
from tracker.stats.describe import describe

if TYPE_CHECKING:
    import pandas as pd


def test_timings(
    releases: Sequence[ReleaseRuns], results: pd.DataFrame, samples: pd.DataFrame
) -> dict[tuple[str, str], list[Timing]]:
    """(test id, metric) -> its timings, oldest release first: the samples of every run of a
    release pooled, else (tools that give only a summary) the runs' summaries combined."""
    release_of = {run_id: r.release.name for r in releases for run_id in r.run_ids}
    order = {r.release.name: i for i, r in enumerate(releases)}
    pooled: dict[tuple[str, str, str], list[float]] = {}
    columns = (samples[c].tolist() for c in ("run_id", "test_id", "metric", "value"))
    for run_id, test_id, metric, value in zip(*columns, strict=True):
        pooled.setdefault((str(test_id), str(metric), release_of[int(run_id)]), []).append(float(value))
    summaries: dict[tuple[str, str, str], list[Any]] = {}
    for row in results.itertuples(index=False):
        key = (str(row.test_id), str(row.metric), release_of[int(str(row.run_id))])
        if key not in pooled and _given(row.n):
            summaries.setdefault(key, []).append(row)
    found: dict[tuple[str, str], list[Timing]] = {}
    for (test, metric, release), values in pooled.items():
        found.setdefault((test, metric), []).append(_from_values(release, values))
    for (test, metric, release), rows in summaries.items():
        found.setdefault((test, metric), []).append(_from_summaries(release, rows))
    for timings in found.values():
        timings.sort(key=lambda t: order[t.release])
    return found


def _from_values(release: str, values: list[float]) -> Timing:
    summary = describe(values)
    return Timing(
        release,
        summary.n or 0,
        summary.min,
        summary.median,
        summary.mean,
        summary.stddev,
        summary.max,
        math.fsum(values),
    )


def _from_summaries(release: str, rows: list[Any]) -> Timing:
    """One run's summary as the tool gave it; several runs: counts added, medians' median, weighted mean."""
    n = sum(int(row.n) for row in rows)
    means = [(int(row.n), float(row.mean)) for row in rows if _given(row.mean)]
    mean = math.fsum(k * m for k, m in means) / sum(k for k, _ in means) if means else None
    medians = [float(row.median) for row in rows if _given(row.median)]
    median = float(np.median(medians)) if medians else mean
    lows = [float(row.min) for row in rows if _given(row.min)]
    highs = [float(row.max) for row in rows if _given(row.max)]
    stddev = float(rows[0].stddev) if len(rows) == 1 and _given(rows[0].stddev) else None
    total = math.fsum(k * m for k, m in means) if means else None
    return Timing(release, n, min(lows, default=None), median, mean, stddev, max(highs, default=None), total)


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def release_changes(
    series: Sequence[Sequence[Timing]],
    names: Sequence[tuple[str, str, str, str, Direction]],
    releases: Sequence[str],
    settings: changepoints.DetectionSettings,
) -> list[tuple[ChangePoint, ...]]:
    """Change points of each series of medians (test id, name, metric, unit, direction per series), between releases."""
    position = {name: i for i, name in enumerate(releases)}
    kept = [[t for t in timings if t.median is not None and t.median > 0] for timings in series]
    levels = [np.array([t.median for t in timings], dtype=float) for timings in kept]
    weights = [np.ones(len(timings)) for timings in kept]
    positions = [np.array([position[t.release] for t in timings], dtype=np.int64) for timings in kept]
    found = changepoints.detect_many(levels, weights, settings, positions=positions)
    out = []
    for timings, steps, (test_id, name, metric, unit, direction) in zip(kept, found, names, strict=True):
        lower = direction is Direction.LOWER_IS_BETTER
        out.append(
            tuple(
                ChangePoint(
                    test_id=test_id,
                    test_name=name,
                    metric=metric,
                    unit=unit,
                    commit=CommitSummary(sha=timings[step.index].release),
                    previous_commit=CommitSummary(sha=timings[step.index - 1].release),
                    before=step.before,
                    after=step.after,
                    change_pct=step.change_pct,
                    change_low_pct=step.low_pct,
                    change_high_pct=step.high_pct,
                    p_value=step.p_value,
                    direction=ChangeKind.REGRESSION if (step.change_pct > 0) == lower else ChangeKind.IMPROVEMENT,
                )
                for step in steps
            )
        )
    return out


def suite_timings(tests: Sequence[TestReport], releases: Sequence[str]) -> list[SuiteTiming]:
    """Per release, statistics over the medians of the tests timed in seconds; the total is the
    whole-suite test's time when the suite has one, else the sum of the medians."""
    out = []
    for release in releases:
        medians = []
        whole = None
        for test in tests:
            if test.unit != "s":
                continue
            timing = next((t for t in test.timings if t.release == release), None)
            if timing is None or timing.median is None:
                continue
            if test.whole_suite:
                whole = timing.median
            else:
                medians.append(timing.median)
        if not medians:
            continue
        # Every test of the suite is there: the spread is the population's (as the original profiler's).
        summary: Summary = describe(medians, whole_population=True)
        total = whole if whole is not None else math.fsum(medians)
        out.append(
            SuiteTiming(release, len(medians), total, summary.median or 0.0, summary.mean or 0.0, summary.stddev)
        )
    return out


def suite_changes(
    suite: Sequence[SuiteTiming], what: str, settings: changepoints.DetectionSettings
) -> Mapping[str, tuple[ChangePoint, ...]]:
    """Change points of the suite's mean, median and standard deviation per release."""
    series = []
    for statistic in SUITE_STATISTICS:
        attribute = {"mean": "mean", "median": "median", "standard_deviation": "stddev"}[statistic]
        series.append(
            [
                Timing(row.release, row.tests, None, getattr(row, attribute), None, None, None, None)
                for row in suite
                if getattr(row, attribute) is not None
            ]
        )
    names = [
        ("suite", f"{what} {statistic}", statistic, "s", Direction.LOWER_IS_BETTER) for statistic in SUITE_STATISTICS
    ]
    found = release_changes(series, names, [row.release for row in suite], settings)
    return dict(zip(SUITE_STATISTICS, found, strict=True))
