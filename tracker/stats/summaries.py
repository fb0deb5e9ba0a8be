"""Comparing runs that kept only summaries (count, mean, standard deviation), such as asv,
pytest-benchmark or the busted profiler's `profile.json`, when there is no history to learn the
run-to-run noise from: a Welch test on the means (or on the medians, with the spread), never a
silent "not enough data"."""

from __future__ import annotations

import math
from collections.abc import Sequence

Summary = tuple[float, float, int]
"""Mean, standard deviation and count of one run's values."""

IQR_TO_SD = 1.349
"""The interquartile range of a normal distribution, in standard deviations."""


def spread(stddev: float | None, q1: float | None, q3: float | None) -> float | None:
    """The standard deviation a summary gives, else the one its quartiles imply."""
    if stddev is not None:
        return stddev
    if q1 is not None and q3 is not None and q3 >= q1:
        return (q3 - q1) / IQR_TO_SD
    return None


def pooled(parts: Sequence[Summary]) -> Summary | None:
    """The summary of several runs' values taken together (exact for mean and variance)."""
    total = sum(n for _, _, n in parts)
    if not parts or total < 2:
        return None
    mean = math.fsum(m * n for m, _, n in parts) / total
    squares = math.fsum((n - 1) * s * s + n * (m - mean) ** 2 for m, s, n in parts)
    return mean, math.sqrt(squares / (total - 1)), total


def welch(before: Summary, after: Summary, *, medians: bool) -> tuple[float, float, float] | None:
    """Log ratio of the two centres, its standard error and Welch-Satterthwaite degrees of freedom.

    Each summary is (centre, standard deviation, count). The variance of a log mean is its squared
    relative standard error (the delta method), so with MEDIANS false this is Welch's t-test on the
    means, on the log scale like every other test of the gate; a median of normal values varies
    pi/2 times as much as their mean, so with MEDIANS true it is the same test on the medians.
    """
    (m1, s1, n1), (m2, s2, n2) = before, after
    if m1 <= 0 or m2 <= 0 or n1 < 2 or n2 < 2:
        return None
    efficiency = math.pi / 2 if medians else 1.0
    v1, v2 = efficiency * (s1 / m1) ** 2 / n1, efficiency * (s2 / m2) ** 2 / n2
    if v1 + v2 <= 0:
        return None
    dof = (v1 + v2) ** 2 / (v1**2 / (n1 - 1) + v2**2 / (n2 - 1))
    return math.log(m2 / m1), math.sqrt(v1 + v2), dof
