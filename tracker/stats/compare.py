"""Comparing a candidate run with its baseline, test by test.

The decision rule (first version): a test regresses when the median of the candidate is worse
than the median of the baseline by more than the threshold; the statistics engine will replace
this rule with a significance test, so everything that decides lives here and nowhere else.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tracker.domain import Comparison, Direction, TestComparison, Verdict

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Policy:
    """How to judge: the threshold in percent of slowdown."""

    threshold_pct: float = 10.0


@dataclass(frozen=True)
class Side:
    """The measurements of one side of a comparison (see `store.RESULT_COLUMNS`, `SAMPLE_COLUMNS`)."""

    results: pd.DataFrame
    samples: pd.DataFrame


def compare(baseline: Side, candidate: Side, policy: Policy) -> Comparison:
    """Judge every test and metric found on either side; the worst slowdown comes first."""
    before = _medians(baseline)
    after = _medians(candidate)
    rows = [_judge(key, before.get(key), after.get(key), policy) for key in sorted(before.keys() | after.keys())]
    rows.sort(key=_severity)
    return Comparison(tuple(rows), policy.threshold_pct)


@dataclass(frozen=True)
class _Level:
    test_name: str
    unit: str
    direction: Direction
    median: float | None
    n: int


def _medians(side: Side) -> dict[tuple[str, str], _Level]:
    """Median per test and metric: of the raw samples when there are some, else the tool's summary."""
    grouped = side.samples.groupby(["test_id", "metric"])["value"]
    sample_medians: dict[tuple[str, str], tuple[float, int]] = {
        (str(test), str(metric)): (float(values.median()), len(values)) for (test, metric), values in grouped
    }
    levels: dict[tuple[str, str], _Level] = {}
    for row in side.results.to_dict("records"):
        key = (str(row["test_id"]), str(row["metric"]))
        median: float | None
        if key in sample_medians:
            median, n = sample_medians[key]
        else:
            median = None if _missing(row["median"]) else float(row["median"])
            n = 0 if median is None else 1 if _missing(row["n"]) else int(row["n"])
        levels[key] = _Level(str(row["test_name"]), str(row["unit"]), Direction(row["direction"]), median, n)
    return levels


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _judge(key: tuple[str, str], before: _Level | None, after: _Level | None, policy: Policy) -> TestComparison:
    known = after or before
    assert known is not None
    base = before.median if before else None
    cand = after.median if after else None
    change = slowdown = None
    if before is None:
        verdict = Verdict.NEW
    elif after is None:
        verdict = Verdict.MISSING
    elif base is None or cand is None or base <= 0 or cand <= 0:
        verdict = Verdict.NOT_ENOUGH_DATA
    else:
        change = (cand / base - 1.0) * 100.0
        worse = cand / base if known.direction is Direction.LOWER_IS_BETTER else base / cand
        slowdown = (worse - 1.0) * 100.0
        if slowdown > policy.threshold_pct:
            verdict = Verdict.REGRESSED
        elif slowdown < -policy.threshold_pct:
            verdict = Verdict.IMPROVED
        else:
            verdict = Verdict.UNCHANGED
    return TestComparison(
        test_id=key[0],
        test_name=known.test_name,
        metric=key[1],
        unit=known.unit,
        direction=known.direction,
        verdict=verdict,
        baseline_median=base,
        candidate_median=cand,
        change_pct=change,
        slowdown_pct=slowdown,
        baseline_n=before.n if before else 0,
        candidate_n=after.n if after else 0,
    )


def _severity(row: TestComparison) -> tuple[float, str]:
    """Worst slowdown first; tests without a slowdown figure after all measured ones."""
    slowdown = row.slowdown_pct if row.slowdown_pct is not None else float("-inf")
    return (-slowdown, row.test_name)
