"""False discovery rate: Benjamini-Hochberg adjusted p-values over all tests of one comparison."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]


def benjamini_hochberg(p_values: Floats) -> Floats:
    """Adjusted p-values: a test is a discovery at rate q when its adjusted value is below q.

    NaN entries (tests without a p-value) are left out of the family and stay NaN. The result does
    not depend on the order of the tests: ties and ranks are resolved on the values alone.
    """
    adjusted = np.full(p_values.shape, np.nan)
    known = np.flatnonzero(~np.isnan(p_values))
    if known.size == 0:
        return adjusted
    values = p_values[known]
    order = np.argsort(values, kind="stable")
    ranked = values[order] * known.size / np.arange(1, known.size + 1)
    # Each adjusted value is the smallest scaled value at its rank or above.
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(known.size)
    out[order] = np.minimum(ranked, 1.0)
    adjusted[known] = out
    return adjusted
