"""One side of a comparison as values per test: what the store returns, read once."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from tracker.domain import Direction
from tracker.stats.noise import median, median_log_variance_from_summary
from tracker.stats.summaries import Summary, pooled, spread

if TYPE_CHECKING:
    import pandas as pd

Key = tuple[str, str]
Floats = np.ndarray[Any, np.dtype[np.float64]]


@dataclass(frozen=True)
class Side:
    """The measurements of one side of a comparison (see `store.RESULT_COLUMNS`, `SAMPLE_COLUMNS`)."""

    results: pd.DataFrame
    samples: pd.DataFrame


@dataclass(frozen=True)
class PlainSide:
    """A `Side` as plain columns by name (the store's `result_columns`): read without pandas."""

    results: Mapping[str, Sequence[Any]]
    samples: Mapping[str, Sequence[Any]]


AnySide = Side | PlainSide


@dataclass
class Level:
    """One side's value of one test and metric."""

    test_name: str
    unit: str
    direction: Direction
    runs: tuple[int, ...]
    samples: np.ndarray[Any, np.dtype[np.float64]]
    run_values: list[float]
    summary_variance: float
    """Variance of log(value) from the tool's summary, NaN when it gives none."""
    summary_n: int = 0
    """Rounds the tool's summaries say they rest on (when it keeps no raw samples)."""

    value: float | None = None
    """Set once the side is read: the median of the samples, else of the runs' values."""
    statuses: dict[int, str] = field(default_factory=dict)
    """How the test ended in each run of the side."""
    summaries: list[Summary] = field(default_factory=list)
    """Each run's mean, standard deviation and count, as the tool summarised them."""
    summary: Summary | None = None
    """The runs' summaries pooled, when every run has one and there are no raw samples."""
    means_only: bool = False
    """The runs' values are the tools' means (no median was given)."""
    resolution: float | None = None
    """The coarsest timer resolution of the side's runs (seconds), when a format states one."""
    below_resolution: bool = False
    """The value was at or below the resolution: it now counts as the resolution, an upper bound."""

    @property
    def n(self) -> int:
        return int(self.samples.size) or self.summary_n or len(self.run_values)

    @property
    def status(self) -> str:
        """`passed` when every run passed the test, else the newest run's other outcome."""
        others = [status for _, status in sorted(self.statuses.items()) if status != "passed"]
        return others[-1] if others else "passed"


def run_values(side: AnySide, order: Sequence[int] | None = None) -> pd.DataFrame:
    """One value per run, test and metric (median of raw samples, else the tool's median, else its mean).

    Only the columns run_id, test_id, metric, median and mean of `side.results` are read. ORDER,
    the run ids oldest first, adds each run's place among them: a `compare` history.
    """
    import pandas as pd

    frames = Side(_frame(side.results), _frame(side.samples))
    medians: dict[tuple[int, str, str], float] = {}
    if len(frames.samples):
        grouped = frames.samples.groupby(["run_id", "test_id", "metric"], sort=False)["value"].median()
        for label, median in grouped.items():
            run_id, test_id, metric = _labels(label)
            medians[(int(run_id), test_id, metric)] = float(median)
    rows = []
    for run_id, test_id, metric, median, mean in frames.results[
        ["run_id", "test_id", "metric", "median", "mean"]
    ].itertuples(index=False):
        key = (int(run_id), str(test_id), str(metric))
        value = medians.get(key)
        if value is None:
            value = _number(median)
        if value is None:
            value = _number(mean)
        if value is not None:
            rows.append((*key, value))
    values = pd.DataFrame.from_records(rows, columns=["run_id", "test_id", "metric", "value"])
    if order is not None:
        values["order"] = values["run_id"].map({run_id: place for place, run_id in enumerate(order)})
    return values


def levels(side: AnySide) -> dict[Key, Level]:
    values = np.asarray(side.samples["value"], dtype=float)
    positions: dict[Key, list[int]] = {}
    for index, key in enumerate(zip(side.samples["test_id"], side.samples["metric"], strict=True)):
        positions.setdefault(key, []).append(index)
    levels: dict[Key, Level] = {}
    for row in _records(side.results):
        key = (str(row["test_id"]), str(row["metric"]))
        level = levels.get(key)
        if level is None:
            samples = values[positions[key]] if key in positions else np.empty(0)
            level = levels[key] = Level(
                str(row["test_name"]), str(row["unit"]), Direction(row["direction"]), (), samples, [], math.nan
            )
        level.runs = (*level.runs, int(row["run_id"]))
        level.statuses[int(row["run_id"])] = str(row["status"] or "passed")
        resolution = _number(row.get("resolution"))
        if resolution is not None:
            level.resolution = max(resolution, level.resolution or 0.0)
        summary = _summary(row)
        if summary is not None:
            level.summaries.append(summary)
        value = _number(row["median"])
        if value is None:
            value = _number(row["mean"])
            level.means_only = value is not None and (level.means_only or len(level.runs) == 1)
        if value is not None:
            level.run_values.append(value)
            stddev, n = spread(_number(row["stddev"]), _number(row["q1"]), _number(row["q3"])), _number(row["n"])
            level.summary_n += int(n) if n is not None else 0
            if stddev is not None and n is not None and n >= 2 and value > 0:
                level.summary_variance = median_log_variance_from_summary(stddev, value, int(n))
    for level in levels.values():
        if len(level.runs) > 1:  # several runs: their medians' variances do not pool simply
            level.summary_variance = math.nan
        if not level.samples.size and len(level.summaries) == len(level.runs):
            level.summary = pooled(level.summaries)
        if level.samples.size:
            level.value = median(level.samples)
        elif level.run_values:
            level.value = median(np.asarray(level.run_values, dtype=float))
        _bound_by_resolution(level)
    return levels


def _bound_by_resolution(level: Level) -> None:
    """A time at or below its timer's resolution is "below the resolution": count it as the resolution,
    an upper bound, so that a change from it is a bound too (0.00 s -> 0.03 s: at least +200%)."""
    step = level.resolution
    if step is None or step <= 0 or level.unit != "s" or level.value is None or level.value > step:
        return
    level.below_resolution = True
    level.value = step
    level.samples = np.maximum(level.samples, step)
    level.run_values = [max(value, step) for value in level.run_values]


def _summary(row: Mapping[str, Any]) -> Summary | None:
    mean, n = _number(row["mean"]), _number(row["n"])
    stddev = spread(_number(row["stddev"]), _number(row["q1"]), _number(row["q3"]))
    if mean is None or stddev is None or n is None or n < 2:
        return None
    return mean, stddev, int(n)


def histories(history: pd.DataFrame | Mapping[str, Sequence[Any]] | None) -> dict[Key, Floats]:
    """Log values of each test's earlier runs, oldest first."""
    if history is None or not len(history["value"]):
        return {}
    values = np.asarray(history["value"], dtype=float)
    kept = np.flatnonzero(values > 0)
    # by order, then run id, else as given (a stable sort)
    kept = kept[np.lexsort((np.asarray(history["run_id"])[kept], np.asarray(history["order"])[kept]))]
    logs = np.log(values[kept])
    tests, metrics = np.asarray(history["test_id"], dtype=object)[kept], np.asarray(history["metric"], dtype=object)
    positions: dict[Key, list[int]] = {}
    for index, key in enumerate(zip(tests.tolist(), metrics[kept].tolist(), strict=True)):
        positions.setdefault((str(key[0]), str(key[1])), []).append(index)
    return {key: logs[index] for key, index in positions.items()}


def _records(table: pd.DataFrame | Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    if isinstance(table, Mapping):
        return [dict(zip(table, row, strict=True)) for row in zip(*table.values(), strict=True)]
    return cast(list[dict[str, Any]], table.to_dict("records"))


def _frame(table: pd.DataFrame | Mapping[str, Sequence[Any]]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(dict(table)) if isinstance(table, Mapping) else table


def _labels(label: Hashable) -> tuple[str, ...]:
    """A pandas group label (a tuple of column values) as strings."""
    return tuple(str(part) for part in cast(tuple[Any, ...], label))


def _number(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number
