"""Benjamini-Hochberg adjusted p-values."""

from __future__ import annotations

import numpy as np
from scipy import stats

from tracker.stats.fdr import benjamini_hochberg


def test_adjusted_values_by_hand() -> None:
    # sorted: 0.005 0.01 0.03 0.04 -> scaled by 4/rank: 0.02 0.02 0.04 0.04 (then the running minimum)
    adjusted = benjamini_hochberg(np.array([0.01, 0.04, 0.03, 0.005]))
    assert adjusted.tolist() == [0.02, 0.04, 0.04, 0.02]


def test_agrees_with_scipy() -> None:
    p = np.random.default_rng(3).uniform(0, 0.2, 500) ** 2
    assert np.allclose(benjamini_hochberg(p), stats.false_discovery_control(p))


def test_tests_without_a_p_value_are_left_out_of_the_family() -> None:
    adjusted = benjamini_hochberg(np.array([np.nan, 0.01, np.nan, 0.02]))
    assert np.isnan(adjusted[0]) and np.isnan(adjusted[2])
    assert adjusted[1] == adjusted[3] == 0.02


def test_order_of_the_tests_does_not_matter() -> None:
    p = np.random.default_rng(5).uniform(size=50)
    order = np.random.default_rng(6).permutation(50)
    assert np.array_equal(benjamini_hochberg(p)[order], benjamini_hochberg(p[order]))


def test_adjusted_values_never_exceed_one() -> None:
    assert benjamini_hochberg(np.array([0.9, 0.95, 1.0])).max() == 1.0
    assert benjamini_hochberg(np.array([])).size == 0
