"""Descriptive statistics of a set of values: what a report prints per test and release."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tracker.domain import Summary


def describe(values: Sequence[float], *, whole_population: bool = False) -> Summary:
    """n, mean, median, standard deviation, min, max, quartiles. The standard deviation is the
    sample's (None for fewer than two values), or, with WHOLE_POPULATION (the values are every
    member, such as every test of a suite), the population's."""
    array = np.asarray(values, dtype=float)
    array = array[np.isfinite(array)]
    if array.size == 0:
        return Summary(n=0)
    q1, median, q3 = (float(v) for v in np.quantile(array, [0.25, 0.5, 0.75]))
    return Summary(
        n=int(array.size),
        mean=float(array.mean()),
        median=median,
        stddev=float(array.std(ddof=0 if whole_population else 1)) if array.size > 1 or whole_population else None,
        min=float(array.min()),
        max=float(array.max()),
        q1=q1,
        q3=q3,
    )
