"""Per-commit levels: the estimates of each run, runs combined per commit, the steadiest estimate per series."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.stats.series_levels import choose_levels, commit_levels, run_levels
from tracker.store.series import RESULT_COLUMNS, SAMPLE_COLUMNS


def no_results() -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in RESULT_COLUMNS}, columns=RESULT_COLUMNS)


def bare(values_per_run: list[list[float]], test: str = "t", metric: int = 1) -> pd.DataFrame:
    """Raw values of results stored without a summary: run i at commit i."""
    rows = [(i, i, test, metric, v) for i, values in enumerate(values_per_run) for v in values]
    return pd.DataFrame(rows, columns=SAMPLE_COLUMNS)


def levels_of(samples: pd.DataFrame, results: pd.DataFrame | None = None) -> pd.DataFrame:
    runs = run_levels(no_results() if results is None else results, samples)
    frame = commit_levels(runs).assign(position=lambda f: f["commit_id"])
    return choose_levels(frame.sort_values(["test_id", "metric_id", "position"]))


def test_one_value_per_commit_is_the_level_whatever_the_estimate() -> None:
    frame = levels_of(bare([[2.0], [3.0], [2.5]]))
    assert frame["level"].tolist() == [2.0, 3.0, 2.5]
    assert set(frame["estimate"]) == {"mean"}
    assert frame["samples"].tolist() == [1, 1, 1] and frame["runs"].tolist() == [1, 1, 1]


def test_two_values_are_averaged_and_have_no_quartiles() -> None:
    (row,) = levels_of(bare([[1.0, 3.0]])).to_dict("records")
    assert row["level"] == row["median"] == 2.0
    assert (row["low"], row["high"]) == (1.0, 3.0)  # no quartiles of two values: the spread is min..max


def test_raw_timings_get_quartiles_and_a_wild_round_makes_the_trimean_the_level() -> None:
    calm, wild = [1.0, 1.1, 1.2, 1.3, 1.4], [1.0, 1.1, 1.2, 1.3, 5.0]
    runs = run_levels(no_results(), bare([calm, wild]))
    assert runs["level_mean"].tolist() == pytest.approx([1.2, (1.1 + 2 * 1.2 + 1.3) / 4])
    assert runs["level_median"].tolist() == pytest.approx([1.2, 1.2])
    assert runs["level_q1"].tolist() == pytest.approx([1.1, 1.1])


def test_a_commit_measured_twice_gets_the_geometric_mean_and_counts_two_runs() -> None:
    samples = pd.DataFrame([(1, 7, "t", 1, 1.0), (2, 7, "t", 1, 4.0), (3, 8, "t", 1, 3.0)], columns=SAMPLE_COLUMNS)
    frame = commit_levels(run_levels(no_results(), samples))
    assert frame["commit_id"].tolist() == [7, 8]
    assert frame["level_mean"].tolist() == pytest.approx([2.0, 3.0])
    assert frame["runs"].tolist() == [2, 1]


def test_stored_summaries_are_used_as_they_are() -> None:
    results = pd.DataFrame([(1, 1, "t", 1, 10, 1.05, 1.0, 0.98, 1.1, 0.9, 1.3)], columns=RESULT_COLUMNS)
    (row,) = run_levels(results, bare([])).to_dict("records")
    assert [row[c] for c in ("level_mean", "level_median", "level_q1", "low", "high")] == [1.05, 1.0, 0.98, 0.98, 1.1]


def bimodal_history(seed: int, commits: int = 40) -> list[list[float]]:
    """Ten rounds per run, each fast (1.00) or slow (1.30) with 1% noise: a cache that is warm or not."""
    rng = np.random.default_rng(seed)
    return [
        list(np.where(rng.random(10) < 0.4, 1.3, 1.0) * (1 + 0.01 * rng.standard_normal(10))) for _ in range(commits)
    ]


def test_a_bimodal_series_is_followed_by_its_fast_mode() -> None:
    frame = levels_of(bare(bimodal_history(5)))
    assert set(frame["estimate"]) == {"lower quartile"}
    steps = np.abs(np.diff(np.log(frame["level"])))
    means = np.abs(np.diff(np.log(frame["level_mean"])))
    assert np.median(steps) < np.median(means) / 3


def test_well_behaved_rounds_keep_the_mean() -> None:
    rng = np.random.default_rng(9)
    frame = levels_of(bare([list(1 + 0.03 * rng.standard_normal(10)) for _ in range(40)]))
    assert set(frame["estimate"]) == {"mean"}
    assert frame["level"].tolist() == frame["level_mean"].tolist()


def test_each_series_chooses_for_itself() -> None:
    rng = np.random.default_rng(9)
    samples = pd.concat(
        [bare(bimodal_history(5), test="bimodal"), bare([list(1 + 0.03 * rng.standard_normal(10)) for _ in range(40)])]
    )
    chosen = levels_of(samples).groupby("test_id")["estimate"].agg(set)
    assert chosen.to_dict() == {"bimodal": {"lower quartile"}, "t": {"mean"}}


@settings(max_examples=40)
@given(st.lists(st.floats(min_value=1e-6, max_value=1e3), min_size=1, max_size=30), st.floats(1e-3, 1e3))
def test_scaling_every_value_scales_the_levels_and_keeps_the_choice(values: list[float], factor: float) -> None:
    plain = levels_of(bare([[v, v * 1.1, v * 0.95] for v in values]))
    scaled = levels_of(bare([[v * factor, v * 1.1 * factor, v * 0.95 * factor] for v in values]))
    np.testing.assert_allclose(scaled["level"], plain["level"] * factor, rtol=1e-9)
    assert scaled["estimate"].tolist() == plain["estimate"].tolist()
    assert all(math.isfinite(v) for v in plain["level"])
