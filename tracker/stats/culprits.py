"""Shared culprits (step 6 of `changepoints`): each change point moved, within a few commits, to
the commit that its own evidence and the other series' change points make most likely."""

from __future__ import annotations

from collections import Counter
from typing import Protocol

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class Radii(Protocol):
    """The part of the detection settings that placing culprits reads."""

    @property
    def min_segment(self) -> int: ...
    @property
    def culprit_radius(self) -> int: ...
    @property
    def test_window(self) -> int: ...


def window_sums(sums: FloatArray, lo: IntArray, hi: IntArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Weight, mean (centred scale) and weighted sum of squares of the values between LO and HI."""
    s = sums[:, hi] - sums[:, lo]
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = s[1] / s[0]
        wss = np.maximum(s[2] - s[1] * mean, 0.0)
    return s[0], mean, wss


def attribute(
    sums: FloatArray, sigma: float, cuts: list[int], at: IntArray, votes: Counter[int], settings: Radii
) -> list[int]:
    """Each cut moved to the nearby commit with the highest posterior (step 6 of the docstring):
    its own log-likelihood plus the log of one more than the other series' change points there."""
    moved = list(cuts)
    if not cuts:
        return moved
    m, radius = settings.min_segment, settings.culprit_radius
    for k, cut in enumerate(cuts):
        left = moved[k - 1] if k else 0
        right = moved[k + 1] if k + 1 < len(moved) else (sums.shape[1] - 1)
        lo, hi = max(left, cut - settings.test_window), min(right, cut + settings.test_window)
        options = np.arange(max(left + m, cut - radius), min(right - m, cut + radius) + 1, dtype=np.int64)
        if len(options) < 2:
            continue
        _, _, before = window_sums(sums, np.full(len(options), lo), options)
        _, _, after = window_sums(sums, options, np.full(len(options), hi))
        misfit = (before + after) / sigma**2
        others = np.array([votes[int(at[t])] - (t == cut) for t in options], dtype=float)
        score = -0.5 * (misfit - misfit.min()) + np.log1p(others)
        best = int(np.argmax(score))
        if score[best] > score[options == cut][0] + 1e-9:
            moved[k] = int(options[best])
    return moved
