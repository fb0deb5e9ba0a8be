"""Literal measurements as the frames the store returns (see `tracker.store.queries`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from tracker.domain import test_id
from tracker.stats.compare import HISTORY_COLUMNS, Side
from tracker.store.queries import RESULT_COLUMNS, SAMPLE_COLUMNS


def side(
    tests: Mapping[str, Sequence[float]],
    *,
    run_id: int = 1,
    metric: str = "time",
    unit: str = "s",
    direction: str = "lower",
    summary_only: bool = False,
) -> Side:
    """One run: raw samples per test name (or, with SUMMARY_ONLY, one value per test and no samples)."""
    results, samples = [], []
    for name, values in tests.items():
        median = float(pd.Series(values, dtype=float).median()) if len(values) else None
        results.append(
            {
                "run_id": run_id,
                "test_id": test_id(name),
                "test_name": name,
                "metric": metric,
                "unit": unit,
                "direction": direction,
                "status": "passed",
                "n": len(values) or None,
                "median": median if summary_only else None,
            }
        )
        if not summary_only:
            samples += [{"run_id": run_id, "test_id": test_id(name), "metric": metric, "value": v} for v in values]
    return Side(pd.DataFrame(results, columns=RESULT_COLUMNS), pd.DataFrame(samples, columns=SAMPLE_COLUMNS))


def pooled(*sides: Side) -> Side:
    return Side(pd.concat([s.results for s in sides]), pd.concat([s.samples for s in sides]))


def history(series: Mapping[str, Sequence[float]], metric: str = "time") -> pd.DataFrame:
    """One value per earlier run and test, oldest first."""
    rows = [
        {"run_id": 100 + order, "order": order, "test_id": test_id(name), "metric": metric, "value": value}
        for name, values in series.items()
        for order, value in enumerate(values)
    ]
    return pd.DataFrame(rows, columns=HISTORY_COLUMNS)
