"""One level per test, metric and commit: what change-point detection looks at.

Three estimates of a run's level are kept, because no single one suits every benchmark:

- **mean**: the most efficient for well-behaved timings, and smooth in the share of slow rounds;
  but one wild round (a sample beyond twice or below half the median) drags it, so a run with a
  wild round takes the **trimean** `(q1 + 2 * median + q3) / 4` instead, which a quarter of the
  samples on each side cannot move.
- **median**: robust to a minority of slow rounds of any size.
- **lower quartile**: the fast mode of a bimodal run. When each round lands in one of two modes
  (a cache that is warm or not, a frequency step), the mean and median of ten rounds jump with
  how many rounds fell in the slow mode, while the fast mode itself stays put.

`choose_levels` then picks, per series, the estimate whose values are steadiest from commit to
commit (median absolute first difference on a log scale: steps and spikes barely move it), and
leaves the mean unless another one is at least a quarter steadier, so that on ordinary series
the choice does not chase noise. On a bimodal series the fast mode is typically 3-5 times
steadier than the mean; on Gaussian, log-normal or heavy-tailed rounds the three are within
a few percent of each other and the mean stays.

All of them come from the summary the tool (or the store) keeps, so a scan reads raw samples only
for results stored without one. With a single value per commit (github-action-benchmark
histories) the three coincide. A commit measured by several runs gets the geometric mean of
their levels and a weight equal to the number of runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

WILD = 2.0
"""A sample this many times above (or below) the median makes the mean unfit as a level."""
STEADIER = 0.75
"""Another estimate replaces the mean when its commit-to-commit noise is at most this share of the mean's."""
ESTIMATES = {"mean": "level_mean", "median": "level_median", "lower quartile": "level_q1"}
"""Estimate name -> column; the first is the default."""
KEYS = ["test_id", "metric_id", "commit_id"]
LEVEL_COLUMNS = [*KEYS, *ESTIMATES.values(), "median", "low", "high", "samples", "runs"]


def run_levels(results: pd.DataFrame, samples: pd.DataFrame) -> pd.DataFrame:
    """One row per run, test and metric with the estimates, `low`, `high` and `samples`.

    RESULTS are the results stored with a summary (`store.series.RESULT_COLUMNS`), SAMPLES the
    values of those stored without one (`store.series.SAMPLE_COLUMNS`).
    """
    import pandas as pd

    parts = [p for p in (results, _summarise(samples)) if not p.empty]
    if not parts:
        parts = [results]
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].copy()
    for column in ("n", "mean", "median", "q1", "q3", "min", "max"):
        frame[column] = frame[column].astype(float)
    trimean = (frame["q1"] + 2.0 * frame["median"] + frame["q3"]) / 4.0
    robust = trimean.fillna(frame["median"])
    tame = (frame["max"] <= WILD * frame["median"]) & (frame["min"] >= frame["median"] / WILD)
    mean = frame["mean"].where(tame, robust).fillna(robust).fillna(frame["mean"])
    frame["level_mean"] = mean
    frame["level_median"] = frame["median"].fillna(mean)
    frame["level_q1"] = frame["q1"].fillna(frame["level_median"])
    frame["low"] = frame["q1"].fillna(frame["min"])
    frame["high"] = frame["q3"].fillna(frame["max"])
    frame["samples"] = frame["n"].fillna(1.0)
    kept: pd.DataFrame = frame[np.isfinite(mean.to_numpy(dtype=float))]
    return kept


def _summarise(samples: pd.DataFrame) -> pd.DataFrame:
    """The summary of each run, test and metric's raw values. With at most two values, their mean
    is their median, and quartiles need more."""
    import pandas as pd

    keys = ["run_id", "commit_id", "test_id", "metric_id"]
    if not samples.duplicated(keys).any():
        value = samples["value"].astype(float)
        return samples[keys].assign(n=1.0, mean=value, median=value, q1=np.nan, q3=np.nan, min=value, max=value)
    grouped = samples.groupby(keys, sort=False)["value"]
    out = grouped.agg(["count", "mean", "min", "max"]).rename(columns={"count": "n"})
    quartiles = grouped.quantile(np.array([0.25, 0.5, 0.75])).unstack()
    quartiles.columns = pd.Index(["q1", "median", "q3"])
    out = out.join(quartiles).reset_index()
    few = out["n"] <= 2
    out.loc[few, ["q1", "q3"]] = np.nan
    out["median"] = out["median"].where(~few, out["mean"])
    return out


def commit_levels(runs: pd.DataFrame) -> pd.DataFrame:
    """One row per test, metric and commit (see `LEVEL_COLUMNS`) from `run_levels`."""
    import pandas as pd

    if runs.empty:
        return pd.DataFrame({c: [] for c in LEVEL_COLUMNS}, columns=LEVEL_COLUMNS)
    if not runs.duplicated(KEYS).any():
        # One run per commit, the usual case: nothing to combine.
        return runs.assign(runs=1, samples=runs["samples"].astype(int))[LEVEL_COLUMNS].reset_index(drop=True)
    estimates = list(ESTIMATES.values())
    frame = runs.assign(
        **{f"log_{c}": np.log(runs[c].where(runs[c] > 0)) for c in estimates},
        **{f"positive_{c}": runs[c] > 0 for c in estimates},
    )
    out = (
        frame.groupby(KEYS, sort=False)
        .agg(
            **{f"mean_{c}": (c, "mean") for c in estimates},
            **{f"log_{c}": (f"log_{c}", "mean") for c in estimates},
            **{f"positive_{c}": (f"positive_{c}", "all") for c in estimates},
            median=("median", "median"),
            low=("low", "min"),
            high=("high", "max"),
            samples=("samples", "sum"),
            runs=("run_id", "nunique"),
        )
        .reset_index()
    )
    # Geometric mean of the runs when every level is positive (timings), else the plain mean.
    for c in estimates:
        out[c] = np.where(out[f"positive_{c}"], np.exp(out[f"log_{c}"]), out[f"mean_{c}"])
    out["samples"] = out["samples"].astype(int)
    return out[LEVEL_COLUMNS]


def choose_levels(levels: pd.DataFrame) -> pd.DataFrame:
    """LEVELS (sorted by test, metric and commit order) with `level` and `estimate`: per series, the
    steadiest estimate (see the module docstring)."""
    import pandas as pd

    count = len(levels)
    if not count:
        return levels.assign(level=np.zeros(0), estimate=np.array([], dtype=object))
    test = levels["test_id"].to_numpy()
    metric = levels["metric_id"].to_numpy()
    same = np.zeros(count, dtype=bool)
    same[1:] = (test[1:] == test[:-1]) & (metric[1:] == metric[:-1])
    series = np.cumsum(~same) - 1
    pairs = series[1:][same[1:]]
    noise = {}
    for name, column in ESTIMATES.items():
        values = levels[column].to_numpy(dtype=float)
        positive = pd.Series(values > 0).groupby(series).transform("all").to_numpy()
        scaled = np.where(positive, np.log(np.where(values > 0, values, 1.0)), values)
        steps = pd.Series(np.diff(scaled)[same[1:]])
        centred = (steps - steps.groupby(pairs).transform("median")).abs()
        noise[name] = centred.groupby(pairs).median().reindex(range(series[-1] + 1))
    names = list(ESTIMATES)
    table = pd.DataFrame(noise)[names].to_numpy(dtype=float)
    best = np.argmin(np.where(np.isnan(table), np.inf, table), axis=1)  # ties go to the mean
    default = table[:, 0]
    clearly = table[np.arange(len(table)), best] <= STEADIER * default
    per_row = np.where(clearly & (default > 0), best, 0)[series]
    stacked = levels[list(ESTIMATES.values())].to_numpy(dtype=float)
    return levels.assign(
        level=stacked[np.arange(count), per_row],
        estimate=np.array(names, dtype=object)[per_row],
    )
