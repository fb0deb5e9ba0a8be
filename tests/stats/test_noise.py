"""The noise model: bootstrap of a run's median, and the run-to-run spread of a test's history."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tracker.stats.noise import (
    MIN_LEVEL_RUNS,
    PRIOR_NOISE,
    PRIOR_WEIGHT,
    Floats,
    level_noise,
    level_shifts,
    log_median_variances,
    run_noise,
    trailing_medians,
)


def _series(noise: float, runs: int, seed: int = 1) -> Floats:
    values: Floats = math.log(1e-3) + noise * np.random.default_rng(seed).standard_normal(runs)
    return values


@pytest.mark.parametrize("noise", [0.005, 0.02, 0.08])
def test_run_noise_recovers_the_spread_of_a_steady_series(noise: float) -> None:
    estimates = [math.sqrt(run_noise(_series(noise, 30, seed)).variance) for seed in range(200)]
    # shrunk a little towards the 2% prior (4 of 33 observations' worth)
    expected = math.sqrt((PRIOR_WEIGHT * PRIOR_NOISE**2 + 29 * noise**2) / (PRIOR_WEIGHT + 29))
    assert np.median(estimates) == pytest.approx(expected, rel=0.1)


def test_a_real_step_in_the_history_is_not_taken_for_noise() -> None:
    steady = _series(0.01, 30)
    stepped = steady + np.where(np.arange(30) >= 12, math.log(1.2), 0.0)
    assert math.sqrt(run_noise(stepped).variance) == pytest.approx(math.sqrt(run_noise(steady).variance), rel=0.15)
    untrimmed = math.sqrt(np.mean(np.diff(stepped) ** 2) / 2)
    assert untrimmed > 2 * math.sqrt(run_noise(stepped).variance)


@pytest.mark.parametrize("runs", [8, 12, 30])
@pytest.mark.parametrize("factor", [1.2, 2.0, 200.0, 1 / 50])
def test_a_lasting_step_of_any_size_in_a_history_of_any_length_is_not_noise(runs: int, factor: float) -> None:
    """Issue 10: a 200x step at run 5 of 8 was taken for +-113% noise, blinding the gate."""
    steady = _series(0.01, runs)
    stepped = steady + np.where(np.arange(runs) >= 4, math.log(factor), 0.0)
    assert level_shifts(stepped) == (4,)
    assert run_noise(stepped).variance == pytest.approx(run_noise(steady).variance, rel=0.5)
    assert math.sqrt(run_noise(stepped).variance) < 0.02
    assert math.sqrt(level_noise(stepped, 10).variance) < 0.03


def test_repeated_steps_are_all_shifts_and_spikes_are_not() -> None:
    series = _series(0.01, 30) + np.where(np.arange(30) >= 5, math.log(200), 0.0)
    series += np.where(np.arange(30) >= 8, math.log(2), 0.0)
    series[20] += math.log(3)  # one run that came back: a spike, which stays noise
    assert level_shifts(series) == (5, 8)
    assert math.sqrt(run_noise(series).variance) > 0.05


def test_a_step_at_the_last_run_cannot_be_told_from_a_spike() -> None:
    series = _series(0.01, 8)
    series[-1] += math.log(2)
    assert level_shifts(series) == ()


def test_a_slow_drift_cancels_out() -> None:
    steady = _series(0.01, 30)
    drifting = steady + 0.001 * np.arange(30)
    assert run_noise(drifting).variance == pytest.approx(run_noise(steady).variance, rel=0.05)


def test_the_distance_from_the_recent_level_of_steady_runs_is_their_noise_and_a_bit() -> None:
    # iid runs: a run's distance from the median of the 10 before it has variance s2 (1 + pi / 20)
    estimates = [level_noise(_series(0.03, 30, seed), 10) for seed in range(200)]
    assert np.median([e.steps for e in estimates]) == 27  # rarely, chance looks like a lasting shift
    expected = math.sqrt((PRIOR_WEIGHT * PRIOR_NOISE**2 + 27 * 0.03**2) / (PRIOR_WEIGHT + 27) * (1 + math.pi / 20))
    assert np.median([math.sqrt(e.variance) for e in estimates]) == pytest.approx(expected, rel=0.1)


@pytest.mark.parametrize("window", [1, 2, 3, 5, 10, 14])
@pytest.mark.parametrize("runs", [0, 3, 4, 9, 10, 11, 39])
def test_each_distance_is_measured_from_the_median_of_the_runs_just_before(runs: int, window: int) -> None:
    series = _series(0.03, runs, seed=runs)
    expected = [np.median(series[max(0, t - window) : t]) for t in range(MIN_LEVEL_RUNS, runs)]
    assert trailing_medians(series, window).tolist() == pytest.approx(expected, rel=1e-12)


def test_runs_that_wander_are_further_from_their_recent_level_than_their_steps_show() -> None:
    # a slow machine stays slow for a few runs: smooth offsets make consecutive steps small
    wander = 0.04 * np.sin(np.arange(30) / 2.0)
    series = _series(0.005, 30) + wander
    assert level_noise(series, 10).variance > 3 * run_noise(series).variance


def test_without_history_the_prior_alone_speaks() -> None:
    for history in (np.empty(0), np.array([math.log(0.5)])):
        noise = run_noise(history)
        assert (noise.variance, noise.dof, noise.steps) == (PRIOR_NOISE**2, PRIOR_WEIGHT, 0)
    assert run_noise(_series(0.01, 6)).dof == PRIOR_WEIGHT + 5


def test_bootstrap_variance_of_the_median_matches_theory_for_normal_samples() -> None:
    rng = np.random.default_rng(11)
    groups = [1e-3 * (1 + 0.05 * rng.standard_normal(25)) for _ in range(300)]
    variances = log_median_variances(groups, np.random.default_rng(0))
    theory = math.pi / 2 * 0.05**2 / 25  # asymptotic variance of a normal median
    assert float(np.median(variances)) == pytest.approx(theory, rel=0.3)


def test_a_groups_variance_depends_on_its_own_values_only() -> None:
    rng = np.random.default_rng(2)
    mine = 1 + 0.1 * rng.random(10)
    others = [1 + rng.random(10) for _ in range(5)] + [1 + rng.random(7)]
    alone = log_median_variances([mine], np.random.default_rng(0))[0]
    among = log_median_variances([*others[:3], mine, *others[3:]], np.random.default_rng(0))[3]
    assert alone == among


def test_too_few_or_non_positive_samples_give_no_bootstrap() -> None:
    variances = log_median_variances(
        [np.array([1.0, 1.1, 0.9, 1.0]), np.array([1.0, 0.0, 1.0, 1.0, 1.0])], np.random.default_rng(0)
    )
    assert np.isnan(variances).all()
