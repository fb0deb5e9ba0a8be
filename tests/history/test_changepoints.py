"""Change-point detection on literal series with known answers, and its properties."""

from __future__ import annotations

import csv
import json
import math
import warnings

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import DATA
from tracker.stats.changepoints import DetectionSettings, _nanmedian, detect, detect_many

HISTORY = DATA / "history"


def indexes(values: list[float]) -> list[int]:
    return [c.index for c in detect(values)]


def test_one_step_is_found_at_the_first_commit_of_the_new_level() -> None:
    (change,) = detect([50.0] * 15 + [100.0] * 15)
    assert change.index == 15
    assert math.isclose(change.change_pct, 100.0)
    assert math.isclose(change.before, 50.0) and math.isclose(change.after, 100.0)
    assert change.low_pct < 100.0 < change.high_pct
    assert change.p_value < 1e-10


def test_a_value_halfway_belongs_to_the_nearer_level_on_a_log_scale() -> None:
    # 74 is 1.48x of 50 but only 1.35x below 100: in ratios it is closer to the new level.
    assert indexes([50.0] * 14 + [74.0] + [100.0] * 15) == [14]
    assert indexes([50.0] * 14 + [60.0] + [100.0] * 15) == [15]


def test_single_spikes_next_to_a_step_are_not_change_points() -> None:
    """The MongoDB regression-and-recovery case: spikes at 2 and 32 around a step up and down."""
    series = [50.0] * 45
    series[2] = 100.0
    series[15:30] = [100.0] * 15
    series[32] = 100.0
    assert indexes(series) == [15, 30]


def test_two_regressions_in_a_row() -> None:
    series = [50.0] * 45
    series[2] = 100.0
    series[15:30] = [100.0] * 15
    series[30:] = [150.0] * 15
    assert indexes(series) == [15, 30]


def test_a_change_needs_three_commits_after_it() -> None:
    assert indexes([1.0] * 10 + [1.5] * 2) == []
    assert indexes([1.0] * 10 + [1.5] * 3) == [10]


def test_weights_count_a_commit_measured_twice() -> None:
    rng = np.random.default_rng(3)
    values = np.exp(rng.normal(0.0, 0.02, 40)) * np.where(np.arange(40) >= 20, 1.3, 1.0)
    (plain,) = detect(values)
    (weighted,) = detect(values, np.where(np.arange(40) == 25, 2.0, 1.0))
    assert plain.index == weighted.index == 20


def test_mongodb_robust_series_has_three_steps() -> None:
    """perf_1635: +7% at 25, a slide back down around 69, +8.6% at 114 (MongoDB's E-divisive test data)."""
    series = json.loads((HISTORY / "mongodb__spa__tests_data_robust_series.json").read_text())
    found = detect(series)
    assert [c.index for c in found] == [25, 69, 114]
    assert [round(c.change_pct, 1) for c in found] == [6.9, -5.6, 8.6]


def test_mongodb_real_series_with_two_outliers_has_no_change_point() -> None:
    """Flat at 15,000 with dips at 4 and 90 that MongoDB's GESD test flags as outliers."""
    series = json.loads((HISTORY / "mongodb__spa__tests_data_real_series.json").read_text())
    assert detect(series) == []


def test_mongodb_long_series_has_four_change_points() -> None:
    """E-divisive finds 4 in MongoDB's test; the values are negative, so the scale is linear."""
    series = json.loads((HISTORY / "mongodb__spa__tests_data_long_series.json").read_text())
    assert indexes(series) == [205, 395, 594, 794]


def test_otava_sample_finds_metric2_drop_at_aaa6_like_otava() -> None:
    """Otava's own end-to-end test expects -12.9% on metric2 at commit aaa6 and nothing on metric1."""
    with (HISTORY / "apache__otava__tests_resources_sample.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert detect([float(r["metric1"]) for r in rows]) == []
    (change,) = detect([float(r["metric2"]) for r in rows])
    assert rows[change.index]["commit"] == "aaa6"
    assert round(change.change_pct, 1) == -12.9


def test_detect_many_gives_the_same_answers_as_detect() -> None:
    rng = np.random.default_rng(11)
    series = [np.exp(rng.normal(0.0, 0.03, n) + np.where(np.arange(n) >= n // 2, 0.25, 0.0)) for n in (8, 30, 57, 120)]
    assert detect_many(series) == [detect(s) for s in series]


levels = st.floats(min_value=1e-6, max_value=1e3)


@st.composite
def stepped_series(draw: st.DrawFn) -> list[float]:
    """2% noise around a level that steps once by 50% to 4.5x, up or down, at least 6 commits from either
    end: always one change to find (closer to an end or smaller, a step can hide in the noise)."""
    length = draw(st.integers(min_value=16, max_value=60))
    at = draw(st.integers(min_value=6, max_value=length - 6))
    step = draw(st.sampled_from([-1.0, 1.0])) * draw(st.floats(min_value=0.4, max_value=1.5))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return [float(v) for v in np.exp(rng.normal(0.0, 0.02, length) + np.where(np.arange(length) >= at, step, 0.0))]


@given(levels, st.integers(min_value=0, max_value=80))
def test_a_constant_series_has_no_change_point(level: float, length: int) -> None:
    assert detect([level] * length) == []


@settings(max_examples=60)
@given(stepped_series(), st.floats(min_value=1e-6, max_value=1e6))
def test_scaling_a_series_keeps_its_change_points(values: list[float], factor: float) -> None:
    plain = detect(values)
    assert plain, "every generated series has a step"
    scaled = detect([v * factor for v in values])
    assert [c.index for c in scaled] == [c.index for c in plain]
    for a, b in zip(plain, scaled, strict=True):
        assert math.isclose(a.change_pct, b.change_pct, rel_tol=1e-6, abs_tol=1e-6)


@settings(max_examples=60)
@given(st.integers(min_value=10, max_value=40), st.integers(min_value=10, max_value=40), st.integers(0, 2**32 - 1))
def test_one_spike_of_two_to_five_times_is_never_a_change_point(before: int, after: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    values = np.exp(rng.normal(0.0, 0.02, before + after))
    values[before] *= rng.uniform(2.0, 5.0)
    assert detect(values) == []


def test_values_that_are_not_finite_are_skipped_and_indexes_refer_to_the_input() -> None:
    series = [50.0] * 15 + [100.0] * 15
    series[3] = math.nan
    series[20] = math.inf
    (change,) = detect(series)
    assert change.index == 15
    assert math.isclose(change.before, 50.0) and math.isclose(change.after, 100.0)


# A step of +30% at commit 20 seen by five series, and a sixth whose commit 20 sits just below
# halfway between its levels (alternating noise of 2% keeps the noise estimate realistic).
NOISE = [0.02 * (-1) ** i for i in range(40)]
CLEAR = [math.exp(e + (math.log(1.3) if i >= 20 else 0.0)) for i, e in enumerate(NOISE)]
AMBIGUOUS = [math.exp(e + (math.log(1.3) if i >= 21 else 0.0)) for i, e in enumerate(NOISE)]
AMBIGUOUS[20] = math.exp(0.45 * math.log(1.3))
EVERY_COMMIT = np.arange(40)


def test_alone_an_ambiguous_step_goes_to_the_commit_its_own_values_favour() -> None:
    (change,) = detect(AMBIGUOUS)
    assert change.index == 21
    (alone,) = detect_many([np.array(AMBIGUOUS)], positions=[EVERY_COMMIT])[0]
    assert alone == change


def test_other_series_that_changed_at_a_nearby_commit_decide_an_ambiguous_step() -> None:
    found = detect_many([np.array(CLEAR)] * 5 + [np.array(AMBIGUOUS)], positions=[EVERY_COMMIT] * 6)
    assert [[c.index for c in f] for f in found] == [[20]] * 6
    # The change is measured again at its new place: 45% of the step is on the old side now.
    assert 25.0 < found[5][0].change_pct < 30.0


def test_culprits_further_away_than_the_radius_do_not_move_a_step() -> None:
    elsewhere = [math.exp(e + (math.log(1.3) if i >= 24 else 0.0)) for i, e in enumerate(NOISE)]
    found = detect_many([np.array(elsewhere)] * 5 + [np.array(AMBIGUOUS)], positions=[EVERY_COMMIT] * 6)
    assert [c.index for c in found[5]] == [21]
    assert detect_many(
        [np.array(AMBIGUOUS)], settings=DetectionSettings(culprit_radius=0), positions=[EVERY_COMMIT]
    ) == [detect(AMBIGUOUS)]


def test_positions_are_commits_so_a_series_with_gaps_votes_at_the_right_commit() -> None:
    """The sixth series skipped commits 5-9: its value index 15 is commit 20."""
    gappy = np.array(AMBIGUOUS[:5] + AMBIGUOUS[10:])
    found = detect_many([np.array(CLEAR)] * 5 + [gappy], positions=[EVERY_COMMIT] * 5 + [np.r_[0:5, 10:40]])
    assert [c.index for c in found[5]] == [15]


@settings(max_examples=40)
@given(st.integers(min_value=2, max_value=6), st.integers(0, 2**32 - 1))
def test_sharing_culprits_moves_a_change_by_at_most_the_radius(count: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    length = 60
    steps = rng.integers(8, length - 8, size=count)
    series = [
        np.exp(rng.normal(0.0, 0.05, length) + np.where(np.arange(length) >= s, rng.choice([-0.3, 0.2]), 0.0))
        for s in steps
    ]
    alone = detect_many(series)
    shared = detect_many(series, positions=[np.arange(length)] * count)
    for mine, together in zip(alone, shared, strict=True):
        for change in together:
            assert min(abs(change.index - c.index) for c in mine) <= DetectionSettings().culprit_radius


@settings(max_examples=80)
@given(
    st.lists(
        st.lists(st.one_of(st.floats(-1e6, 1e6), st.just(math.nan)), min_size=0, max_size=9),
        min_size=1,
        max_size=5,
    )
)
def test_the_fast_median_ignores_nan_like_numpy(rows: list[list[float]]) -> None:
    width = max(len(r) for r in rows)
    matrix = np.array([r + [math.nan] * (width - len(r)) for r in rows], dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN rows
        expected = np.nanmedian(matrix, axis=1) if width else np.full(len(rows), math.nan)
    np.testing.assert_allclose(_nanmedian(matrix), expected, equal_nan=True)
