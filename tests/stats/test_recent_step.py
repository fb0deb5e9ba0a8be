"""A pooled baseline whose newest runs already show the step the candidate continues.

The histories are shaped like corpus-dev's noisy real-noise tests (runs move by about 10% from
one to the next, 2% within a run) in a comparison of 200 tests, so the false-discovery
correction is as strict as in a real suite.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.stats.frames import history, pooled, side
from tracker.domain import Comparison, Reason, TestComparison, Verdict
from tracker.reports.comparison import explain_verdict
from tracker.stats.compare import Side, compare
from tracker.stats.policy import Policy
from tracker.stats.recent_step import mean_level_noise

RUNS = 30
POOL = 5
TESTS = 200
STEPPED = "tests/bench/test_mathx.py::test_hash[10000]"


def _suite(step_at: int, size: float = 1.5, noise: float = 0.10, seed: int = 7) -> dict[str, np.ndarray]:
    """Run levels of every test, RUNS earlier runs then the candidate; STEPPED slows by SIZE at run STEP_AT."""
    rng = np.random.default_rng(seed)
    names = [STEPPED] + [f"tests/bench/test_other.py::test_{i}" for i in range(TESTS - 1)]
    out = {}
    for name in names:
        levels = 10 ** rng.uniform(-5, -2) * np.exp(noise * rng.standard_normal(RUNS + 1))
        if name == STEPPED:
            levels[step_at:] *= size
        out[name] = levels
    return out


def _run(levels: dict[str, np.ndarray], index: int, seed: int) -> Side:
    """Run INDEX with 10 raw samples per test (2% apart) and the tool's median, as pytest-benchmark stores it."""
    rng = np.random.default_rng([seed, index])
    tests = {name: (run[index] * (1 + 0.02 * rng.standard_normal(10))).tolist() for name, run in levels.items()}
    made = side(tests, run_id=index)
    medians = [float(np.median(values)) for values in tests.values()]
    return Side(made.results.assign(median=medians), made.samples)


def _judge(levels: dict[str, np.ndarray], pool: int = POOL, seed: int = 7) -> Comparison:
    runs = [_run(levels, index, seed) for index in range(RUNS + 1)]
    medians = [r.results["median"].to_numpy(dtype=float) for r in runs[:RUNS]]
    values = {name: [float(m[i]) for m in medians] for i, name in enumerate(levels)}
    baseline = pooled(*runs[RUNS - pool : RUNS])
    return compare(baseline, runs[RUNS], Policy(), np.random.default_rng(0), history(values))


def _row(comparison: Comparison, name: str = STEPPED) -> TestComparison:
    return next(row for row in comparison.rows if row.test_name == name)


def test_a_slowdown_two_runs_into_a_pool_of_five_regresses_with_the_runs_since_it_as_evidence() -> None:
    result = _judge(_suite(step_at=RUNS - 2))
    row = _row(result)
    assert (row.verdict, row.reason) == (Verdict.REGRESSED, Reason.BEYOND_THRESHOLD)
    assert row.change_pct is not None and row.change_pct > 30  # the pool's median is still before the step
    assert (row.recent_step_runs, row.recent_step_earlier) == (2, 10)
    assert row.recent_step_pct == pytest.approx(50, abs=12)
    assert row.p_adjusted is not None and row.p_adjusted < Policy().fdr
    sentence = explain_verdict(row, result)
    assert "the candidate and the newest 2 baseline runs: +" in sentence
    assert "against the median of the 10 runs before them" in sentence
    assert [r.test_name for r in result.rows if r.verdict is Verdict.REGRESSED] == [STEPPED]


def test_without_the_runs_since_the_step_the_same_candidate_is_within_the_noise() -> None:
    # The same series with the step only at the candidate: one run against the pool is too weak.
    row = _row(_judge(_suite(step_at=RUNS)))
    assert row.recent_step_runs == 0
    assert row.p_adjusted is not None and row.p_adjusted > 0.01


def test_a_step_three_runs_into_the_pool_moved_its_median_and_is_no_longer_a_change() -> None:
    row = _row(_judge(_suite(step_at=RUNS - 3)))
    assert row.verdict is Verdict.UNCHANGED
    assert row.recent_step_runs == 0


def test_the_previous_run_as_baseline_tries_no_split() -> None:
    row = _row(_judge(_suite(step_at=RUNS - 2), pool=1))
    assert row.verdict is Verdict.UNCHANGED  # the previous run is on the new level already
    assert row.recent_step_runs == 0


def test_quiet_suites_raise_no_alarm_with_a_pooled_baseline() -> None:
    for seed in range(3):
        result = _judge(_suite(step_at=RUNS + 1, seed=seed), seed=seed)
        assert result.count(Verdict.REGRESSED) == 0, seed


def test_the_noise_of_a_mean_of_runs_is_measured_on_each_level_of_the_history() -> None:
    rng = np.random.default_rng(3)
    steady = 0.05 * rng.standard_normal(40)
    one = mean_level_noise(steady, 10, 1, ())
    three = mean_level_noise(steady, 10, 3, ())
    # independent runs: the mean of three moves about as much as one run over sqrt(3), plus the level's own
    assert math.sqrt(three.variance) < math.sqrt(one.variance)
    assert 0.03 < math.sqrt(one.variance) < 0.08
    stepped = np.concatenate([steady[:20], steady[20:] + 1.0])
    assert mean_level_noise(stepped, 10, 3, (20,)).variance < 0.01  # the step is not noise
