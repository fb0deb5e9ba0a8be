"""The comparison's fast paths give the very numbers of the plain definitions they replace."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd

from tests.stats.frames import history, pooled, side
from tracker.stats.compare import PlainSide, Policy, Side, compare
from tracker.stats.noise import BOOTSTRAP_RESAMPLES, log_median_variances, median


def _bootstrap_by_definition(groups: list[np.ndarray], seed_rng: np.random.Generator) -> list[float]:
    """Each group resampled with the indices shared by its size, np.median of each resample, variance summed exactly."""
    seed = int(seed_rng.integers(2**62))
    out = []
    for values in groups:
        if len(values) < 5 or not np.all(values > 0):
            out.append(math.nan)
            continue
        picks = np.random.default_rng([seed, len(values)]).integers(0, len(values), (BOOTSTRAP_RESAMPLES, len(values)))
        medians = np.median(np.log(values)[picks], axis=1)
        mean = math.fsum(medians) / medians.size
        out.append(math.fsum((medians - mean) ** 2) / (medians.size - 1))
    return out


def test_bootstrap_variances_are_those_of_np_median_of_each_resample() -> None:
    rng = np.random.default_rng(5)
    groups = []
    for size in (5, 6, 7, 10, 10, 11, 25, 4, 10):
        values = np.exp(rng.normal(0.0, 0.2, size)) * 1e-3
        groups.append(np.round(values, 4) if size == 11 else values)  # rounded: tied values
    groups.append(np.array([1.0, 0.0, 2.0, 3.0, 4.0]))
    fast = log_median_variances(groups, np.random.default_rng(9))
    assert np.array_equal(fast, _bootstrap_by_definition(groups, np.random.default_rng(9)), equal_nan=True)
    assert np.isnan(fast[[-3, -1]]).all()  # four samples; a zero


def test_median_is_np_median_to_the_bit() -> None:
    rng = np.random.default_rng(3)
    for size in [*range(1, 70), 200]:
        values = rng.normal(size=size) * 10.0 ** rng.integers(-9, 9)
        assert median(values) == float(np.median(values))
        assert median(np.round(values, 1)) == float(np.median(np.round(values, 1)))
    assert math.isnan(median(np.array([1.0, math.nan, 2.0])))


def _plain(frame: pd.DataFrame) -> dict[str, list[object]]:
    return {column: frame[column].tolist() for column in frame.columns}


def test_plain_columns_are_judged_as_dataframes_are() -> None:
    rng = np.random.default_rng(17)
    names = [f"test_{i}" for i in range(40)]
    level = {name: float(np.exp(rng.normal(-7, 1))) for name in names}
    step = {name: (1.3 if i % 5 == 0 else 1.0) for i, name in enumerate(names)}

    def run(run_id: int, factor: dict[str, float]) -> Side:
        samples = {name: (level[name] * factor[name] * np.exp(rng.normal(0, 0.03, 10))).tolist() for name in names}
        return side(samples, run_id=run_id)

    flat = dict.fromkeys(names, 1.0)
    baseline = pooled(run(1, flat), run(2, flat))
    candidate = run(3, step)
    past = history({name: list(level[name] * np.exp(rng.normal(0, 0.03, 12))) for name in names})
    policy = Policy()
    frames = compare(baseline, candidate, policy, np.random.default_rng(0), past)
    plain = compare(
        PlainSide(_plain(baseline.results), _plain(baseline.samples)),
        PlainSide(_plain(candidate.results), _plain(candidate.samples)),
        policy,
        np.random.default_rng(0),
        _plain(past),
    )
    assert [dataclasses.asdict(row) for row in plain.rows] == [dataclasses.asdict(row) for row in frames.rows]
    assert sum(row.verdict.value == "regressed" for row in plain.rows) == 8
