"""One level per test, metric and commit: what change-point detection looks at.

A run's level is the **mean** of its samples, the most efficient estimate for well-behaved
and for bimodal timings (its value moves smoothly with the share of slow rounds, where the
median jumps from one mode to the other), unless a sample lies beyond twice or below half the
median: then one wild round (a 2-5x outlier) would drag the mean, and the level is the
**trimean** `(q1 + 2 * median + q3) / 4` instead, which a quarter of the samples on each side
cannot move. Both come from the summary the tool (or the store) keeps, so a scan never reads raw
samples when summaries exist. Without them: the median, else the mean, else the raw values (one
value per commit in github-action-benchmark histories).
A commit measured by several runs gets the
geometric mean of their levels and a weight equal to the number of runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

WILD = 2.0
"""A sample this many times above (or below) the median makes the mean unfit as a level."""
KEYS = ["test_id", "metric", "commit_id"]
LEVEL_COLUMNS = [*KEYS, "unit", "direction", "level", "median", "low", "high", "samples", "runs"]


def run_levels(results: pd.DataFrame, samples: pd.DataFrame) -> pd.DataFrame:
    """RESULTS (see `store.series.RESULT_COLUMNS`) with `level`, `median`, `low`, `high`, `samples` filled in.

    SAMPLES holds the raw values of the results that have no median.
    """
    frame = results.copy()
    for column in ("n", "mean", "median", "q1", "q3", "min", "max", "s_mean"):
        frame[column] = frame[column].astype(float)
    # Results with at most two raw values and no summary (one value per commit): their mean is
    # their median, and no value of theirs is wild.
    few = frame["median"].isna() & ~(frame["n"] > 2)
    frame["mean"] = frame["mean"].fillna(frame["s_mean"])
    for column in ("median", "min", "max"):
        frame[column] = frame[column].where(~few, frame["s_mean"])
    frame = frame.drop(columns=["s_mean"])
    if not samples.empty:
        grouped = samples.groupby(["run_id", "test_id", "metric"])["value"]
        from_samples = grouped.quantile(np.array([0.25, 0.5, 0.75])).unstack()
        from_samples.columns = ["s_q1", "s_median", "s_q3"]
        extra = from_samples.join(grouped.agg(["min", "max", "count", "mean"]).add_prefix("s_")).reset_index()
        frame = frame.merge(extra, on=["run_id", "test_id", "metric"], how="left")
        frame["q1"] = frame["q1"].fillna(frame["s_q1"])
        frame["median"] = frame["median"].fillna(frame["s_median"])
        frame["q3"] = frame["q3"].fillna(frame["s_q3"])
        frame["min"] = frame["min"].fillna(frame["s_min"])
        frame["max"] = frame["max"].fillna(frame["s_max"])
        frame["n"] = frame["n"].fillna(frame["s_count"])
        frame["mean"] = frame["mean"].fillna(frame["s_mean"])
        frame = frame.drop(columns=[c for c in frame.columns if c.startswith("s_")])
    trimean = (frame["q1"] + 2.0 * frame["median"] + frame["q3"]) / 4.0
    robust = trimean.fillna(frame["median"])
    tame = (frame["max"] <= WILD * frame["median"]) & (frame["min"] >= frame["median"] / WILD)
    frame["level"] = frame["mean"].where(tame, robust).fillna(robust).fillna(frame["mean"])
    frame["low"] = frame["q1"].fillna(frame["min"])
    frame["high"] = frame["q3"].fillna(frame["max"])
    frame["samples"] = frame["n"].fillna(1.0)
    kept: pd.DataFrame = frame[frame["level"].notna() & np.isfinite(frame["level"])]
    return kept


def commit_levels(runs: pd.DataFrame) -> pd.DataFrame:
    """One row per test, metric and commit (see `LEVEL_COLUMNS`) from `run_levels`."""
    import pandas as pd

    if runs.empty:
        return pd.DataFrame(columns=LEVEL_COLUMNS)
    frame = runs.assign(
        log_level=np.log(runs["level"].where(runs["level"] > 0)),
        positive=runs["level"] > 0,
    )
    grouped = frame.groupby(KEYS, sort=False)
    out = grouped.agg(
        unit=("unit", "first"),
        direction=("direction", "first"),
        mean_level=("level", "mean"),
        log_level=("log_level", "mean"),
        positive=("positive", "all"),
        median=("median", "median"),
        low=("low", "min"),
        high=("high", "max"),
        samples=("samples", "sum"),
        runs=("run_id", "nunique"),
    ).reset_index()
    # Geometric mean of the runs when every level is positive (timings), else the plain mean.
    out["level"] = np.where(out["positive"], np.exp(out["log_level"]), out["mean_level"])
    out["samples"] = out["samples"].astype(int)
    return out[LEVEL_COLUMNS]
