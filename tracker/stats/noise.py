"""How much a test's value moves when nothing changed.

Three measures, all on the log scale (so a change is a ratio and scaling both sides changes nothing):

- within one run: the bootstrap variance of the log of the median of its raw samples;
- from run to run: the spread of the test's own history. CI machines shift whole runs by a few
  percent, which no single run's samples can show, so this is what keeps a noisy runner quiet.
  The spread is measured on the steps between consecutive runs (a slow drift cancels out), the
  steps where the level lastingly shifted are left out (`level_shifts`: a real change in the
  history is not noise, whatever its size and however short the history), and so is the largest
  remaining step in every 15;
- around the recent level: how far a run lands from the median of the runs before it. Real
  runners wander (a slow machine stays slow for a few runs), which makes consecutive steps look
  quieter than this distance is, so it is measured directly, the same way it is used.
"""

from __future__ import annotations

import functools
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view
from scipy import special

Floats = npt.NDArray[np.float64]

BOOTSTRAP_RESAMPLES = 400
MIN_BOOTSTRAP_SAMPLES = 5
"""Below this many raw samples the bootstrap of a median says little; the history decides."""
TRIM_ONE_IN = 15
PRIOR_NOISE = 0.02
"""Run-to-run noise assumed before any history is seen (2% of the value)..."""
PRIOR_WEIGHT = 4.0
"""...worth as much as this many observed steps; it also sets the degrees of freedom."""
MIN_LEVEL_RUNS = 3
"""Earlier runs needed before a run's distance from their median is measured."""
SHIFT_Z = 6.0
"""A level shift moves a run this many robust noise units (of one step) from the runs before it..."""
SHIFT_FLOOR = 0.01
"""...with the noise taken as at least 1% of the value, so a flat or coarse series does not shift on rounding."""
SHIFT_RUNS = 3
"""Runs on each side that tell a lasting shift (the runs after it all stay on the new level) from a spike."""
_MAD_TO_SD = 1.4826
"""Earlier runs needed before a run's distance from their median is measured."""
_CHUNK = 2_000_000
_FEW = 64
"""Up to this many values, `median` sorts a list: np.median costs more in overhead than in work."""


def median(values: Floats) -> float:
    """np.median's value (NaN when a value is), faster on the few numbers of one test's history.

    statistics.median averages the two middle values as (a + b) / 2, as np.median does: the same bits.
    """
    if not 0 < values.size <= _FEW:
        return float(np.median(values))
    listed = values.tolist()
    if any(map(math.isnan, listed)):  # sorting would misplace a NaN
        return math.nan
    return float(statistics.median(listed))


def log_median_variances(groups: Sequence[Floats], rng: np.random.Generator) -> Floats:
    """Bootstrap variance of log(median) for each group of raw samples; NaN when it cannot be had.

    All groups of one size share one matrix of resampling indices, drawn from a seed taken once
    from RNG: a group's variance depends on its own values only, not on the other tests, their
    order, or which side of the comparison it is on.
    """
    out = np.full(len(groups), np.nan)
    by_size: dict[int, list[int]] = {}
    for index, values in enumerate(groups):
        if len(values) >= MIN_BOOTSTRAP_SAMPLES and bool(np.all(values > 0)):
            by_size.setdefault(len(values), []).append(index)
    seed = int(rng.integers(2**62))
    for size in sorted(by_size):
        members = by_size[size]
        picks = np.random.default_rng([seed, size]).integers(0, size, size=(BOOTSTRAP_RESAMPLES, size))
        copies = (picks[:, :, None] == np.arange(size)).sum(axis=1, dtype=np.min_scalar_type(size))
        step = max(1, _CHUNK // (BOOTSTRAP_RESAMPLES * size))
        for start in range(0, len(members), step):
            chunk = members[start : start + step]
            medians = _resampled_medians(np.log(np.stack([groups[i] for i in chunk])), copies)
            out[chunk] = _variances(medians)
    return out


def _resampled_medians(logs: Floats, copies: npt.NDArray[np.integer[Any]]) -> Floats:
    """The median of each resample of each group of LOGS (one group a row; the result: one group
    a row, one resample a column): the same numbers as `np.median` of the resampled values.

    COPIES: how often each resample (row) picked each position. With a group's values in
    ascending order, the resample's k-th smallest value is the first whose running count of
    copies passes k: counting, instead of sorting every resample.
    """
    size = logs.shape[1]
    order = np.argsort(logs, axis=1)
    ascending = np.take_along_axis(logs, order, axis=1)
    running = np.cumsum(copies.T[order.T], axis=0, dtype=copies.dtype)  # rank x group x resample

    def smallest(k: int) -> Floats:
        return np.take_along_axis(ascending, np.sum(running <= k, axis=0), axis=1)

    upper = smallest(size // 2)
    if size % 2:
        return upper
    return (smallest(size // 2 - 1) + upper) / 2.0  # np.median's mean of the two middle values


def _variances(medians: Floats) -> list[float]:
    """Sample variance of each row, summed exactly, so it is the same bits wherever the row sits."""
    count = medians.shape[1]
    means = np.array([math.fsum(row) / count for row in medians.tolist()])
    squares = (medians - means[:, None]) ** 2
    return [math.fsum(row) / (count - 1) for row in squares.tolist()]


@dataclass(frozen=True)
class RunNoise:
    """Run-to-run noise of one test: variance of one run's log value, and its degrees of freedom."""

    variance: float
    dof: float
    steps: int
    """Steps between consecutive runs the estimate rests on (0: the prior alone)."""


def level_shifts(history: Floats) -> tuple[int, ...]:
    """Where a test's level lastingly shifted: the index of the first run on each new level.

    A run shifts when it lies more than SHIFT_Z noise units of one step (the MAD of the steps
    between consecutive runs, at least SHIFT_FLOOR) from the median of the up to SHIFT_RUNS runs
    before it, and it and the next SHIFT_RUNS - 1 runs all stay beyond half
    that distance: a spike comes back, a step stays. The last run can never be told from a spike.
    """
    steps = np.diff(history)
    if steps.size < 2:
        return ()
    deviation = median(np.abs(steps - median(steps)))
    limit = SHIFT_Z * max(_MAD_TO_SD * deviation, SHIFT_FLOOR * math.sqrt(2.0))
    shifts: list[int] = []
    for index in np.flatnonzero(np.abs(steps) > limit) + 1:
        start = max(shifts[-1] if shifts else 0, index - SHIFT_RUNS)
        before = median(history[start:index])
        jump = float(history[index]) - before
        after = history[index : index + SHIFT_RUNS]
        stays = after.size >= SHIFT_RUNS and bool(np.all(np.sign(jump) * (after - before) > abs(jump) / 2))
        if abs(jump) > limit and stays:
            shifts.append(int(index))
    return tuple(shifts)


def segments(history: Floats, shifts: tuple[int, ...]) -> list[Floats]:
    """HISTORY cut at its level shifts, oldest first."""
    return [part for part in np.split(history, list(shifts)) if part.size]


def run_noise(history: Floats, shifts: tuple[int, ...] | None = None) -> RunNoise:
    """From the log values of a test's earlier runs, oldest first, shrunk towards the prior.

    Steps across a level shift (SHIFTS, found by `level_shifts` when not given) are not noise.
    """
    cut = level_shifts(history) if shifts is None else shifts
    steps = np.concatenate([np.diff(part) for part in segments(history, cut)] or [np.empty(0)])
    return shrunk(trimmed_variance(steps) / 2.0 if steps.size else 0.0, steps.size, PRIOR_NOISE**2)


def level_noise(history: Floats, window: int, shifts: tuple[int, ...] | None = None) -> RunNoise:
    """Noise of a run's distance from the median of the up to WINDOW runs before it.

    Each run from the fourth of its level on (the history is cut at its level shifts) is measured
    against the median of its own predecessors on that level (at most WINDOW of them), the
    largest distance in every 15 is left out, and the result is shrunk towards the prior like
    `run_noise`; with three runs or fewer on every level, the prior alone speaks.
    """
    cut = level_shifts(history) if shifts is None else shifts
    parts = [part[MIN_LEVEL_RUNS:] - trailing_medians(part, window) for part in segments(history, cut)]
    distances = np.concatenate([part for part in parts if part.size] or [np.empty(0)])
    observed = trimmed_variance(distances) if distances.size else 0.0
    return shrunk(observed, distances.size, PRIOR_NOISE**2 * (1.0 + math.pi / (2.0 * window)))


def shrunk(observed: float, count: int, prior: float) -> RunNoise:
    """COUNT observations with mean square OBSERVED, pooled with the prior's PRIOR_WEIGHT."""
    variance = (PRIOR_WEIGHT * prior + count * observed) / (PRIOR_WEIGHT + count)
    return RunNoise(variance, PRIOR_WEIGHT + count, count)


def trailing_medians(history: Floats, window: int) -> Floats:
    """For each run after the first MIN_LEVEL_RUNS, the median of the up to WINDOW runs before it."""
    size = history.size
    listed = history.tolist()
    # statistics.median: the same value as np.median, without its overhead on a few numbers.
    short = [statistics.median(listed[:t]) for t in range(MIN_LEVEL_RUNS, min(window, size))]
    full = _window_medians(history[:-1], window) if size > window else np.empty(0)
    full = full[max(0, MIN_LEVEL_RUNS - window) :]  # windows are full from run WINDOW on
    return np.concatenate([np.asarray(short, dtype=float), full])


def _window_medians(values: Floats, window: int) -> Floats:
    """np.median of every run of WINDOW consecutive VALUES: each window sorted, its middle averaged
    as np.median does ((a + b) / 2), without np.median's overhead per call."""
    if not np.isfinite(values).all():  # a sort would misplace a NaN
        return np.median(sliding_window_view(values, window), axis=1)
    windows = np.sort(values[np.arange(values.size - window + 1)[:, None] + np.arange(window)], axis=1)
    middle = windows[:, window // 2]
    return middle if window % 2 else (windows[:, window // 2 - 1] + middle) / 2.0


def trimmed_variance(steps: Floats) -> float:
    """Mean square of the steps without the largest one in every TRIM_ONE_IN, made unbiased for normal noise."""
    count = steps.size
    keep = count - count // TRIM_ONE_IN
    kept = np.sort(np.abs(steps))[:keep]
    return float(np.mean(kept**2)) / _trim_factor(keep / count)


@functools.lru_cache(maxsize=256)
def _trim_factor(kept_share: float) -> float:
    """E[Z^2 | |Z| below its KEPT_SHARE quantile] for a standard normal Z."""
    if kept_share >= 1.0:
        return 1.0
    cut = float(special.ndtri((1.0 + kept_share) / 2.0))
    density = math.exp(-cut * cut / 2.0) / math.sqrt(2.0 * math.pi)
    return 1.0 - 2.0 * cut * density / kept_share


def median_log_variance_from_summary(stddev: float, center: float, n: int) -> float:
    """Variance of log(median) of N normal values with this spread: what a summary-only run offers."""
    return math.pi / 2.0 * (stddev / center) ** 2 / n
