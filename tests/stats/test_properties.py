"""Properties of the decision rule that must hold for any data (hypothesis)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.stats.frames import history, side
from tracker.domain import Comparison, TestComparison, Verdict
from tracker.stats.compare import compare
from tracker.stats.policy import Policy

POLICY = Policy()
FLIPPED = {Verdict.REGRESSED: Verdict.IMPROVED, Verdict.IMPROVED: Verdict.REGRESSED}

positive = st.floats(min_value=1e-6, max_value=1e3, allow_nan=False, allow_infinity=False)
samples = st.lists(positive, min_size=1, max_size=15)
runs = st.dictionaries(st.sampled_from(["a", "b", "c", "d", "e"]), samples, min_size=1, max_size=5)


def _compare(before: dict[str, list[float]], after: dict[str, list[float]], **kw: object) -> Comparison:
    return compare(side(before, run_id=1), side(after, run_id=2), POLICY, np.random.default_rng(0), **kw)  # type: ignore[arg-type]


def _by_name(comparison: Comparison) -> dict[str, TestComparison]:
    return {row.test_name: row for row in comparison.rows}


def _clear_of_the_boundaries(row: TestComparison) -> bool:
    """Far enough from the threshold and the FDR cut that rounding in the last bit cannot tip it."""
    if row.slowdown_pct is None or row.p_adjusted is None:
        return True
    limit = math.log1p(POLICY.threshold_pct / 100)
    return abs(abs(math.log1p(row.slowdown_pct / 100)) - limit) > 1e-9 and abs(row.p_adjusted - POLICY.fdr) > 1e-9


@settings(max_examples=150)
@given(runs)
def test_identical_samples_never_regress(tests: dict[str, list[float]]) -> None:
    for row in _compare(tests, tests).rows:
        assert row.verdict in (Verdict.UNCHANGED, Verdict.NOT_ENOUGH_DATA)  # a single value needs a history
        assert row.change_pct in (0.0, None)


@settings(max_examples=150)
@given(runs, runs)
def test_swapping_baseline_and_candidate_flips_the_verdict(
    before: dict[str, list[float]], after: dict[str, list[float]]
) -> None:
    forward, backward = _by_name(_compare(before, after)), _by_name(_compare(after, before))
    assert forward.keys() == backward.keys()
    for name, row in forward.items():
        back = backward[name]
        if row.verdict in (Verdict.NEW, Verdict.MISSING):
            assert back.verdict is (Verdict.MISSING if row.verdict is Verdict.NEW else Verdict.NEW)
            continue
        assert back.verdict is FLIPPED.get(row.verdict, row.verdict)
        assert back.p_value == row.p_value
        if row.change_pct is not None and back.change_pct is not None:
            # untested changes are shown too, up to 1e7x: a change near -100% keeps few digits in percent
            assert math.isclose((1 + row.change_pct / 100) * (1 + back.change_pct / 100), 1.0, rel_tol=1e-6)


@settings(max_examples=150)
@given(
    runs,
    runs,
    st.integers(min_value=-20, max_value=20),
    st.floats(min_value=0.5, max_value=2.0),
    st.lists(st.floats(min_value=0.7, max_value=1.5), max_size=14),
)
def test_scaling_both_sides_by_a_constant_keeps_the_verdict(
    before: dict[str, list[float]], after: dict[str, list[float]], power: int, factor: float, wander: list[float]
) -> None:
    scale = 2.0**power * factor
    # a history that wanders around each test's baseline and ends with it
    past = {k: [float(np.median(vs)) * w for w in [*wander, 1.0]] for k, vs in before.items()}
    plain = _compare(before, after, history=history(past))
    assume(all(_clear_of_the_boundaries(row) for row in plain.rows))

    def scaled_by(tests: dict[str, list[float]]) -> dict[str, list[float]]:
        return {k: [v * scale for v in vs] for k, vs in tests.items()}

    scaled = _by_name(_compare(scaled_by(before), scaled_by(after), history=history(scaled_by(past))))
    for row in plain.rows:
        assert scaled[row.test_name].verdict is row.verdict
        if row.p_value is not None:
            assert math.isclose(scaled[row.test_name].p_value or 0, row.p_value, rel_tol=1e-6, abs_tol=1e-12)


@settings(max_examples=100)
@given(runs, runs, st.randoms(use_true_random=False))
def test_results_do_not_depend_on_the_order_of_the_tests(
    before: dict[str, list[float]], after: dict[str, list[float]], shuffler: object
) -> None:
    import random

    assert isinstance(shuffler, random.Random)
    past = {name: [1.0, 1.01, 0.99, 1.0] for name in before}

    def shuffled(tests: dict[str, list[float]]) -> dict[str, list[float]]:
        names = list(tests)
        shuffler.shuffle(names)
        return {name: tests[name] for name in names}

    plain = _compare(before, after, history=history(past))
    reordered = _compare(shuffled(before), shuffled(after), history=history(shuffled(past)))
    assert plain == reordered
