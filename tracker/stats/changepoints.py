"""Change points in a benchmark's history: where its level stepped, and by how much.

The method, and why
-------------------
Input: one value per measured commit, in commit order (the commit's level: see
`series_levels`), and optionally a weight per commit (how many runs measured it).

1. **Log scale.** Timings are multiplicative: a 10% slowdown is the same step on a 1 µs and on a
   1 s benchmark, and the noise is roughly proportional to the level. Working on `log(level)`
   makes the detector scale-free (scaling a series keeps its change points exactly).
2. **Noise from the series itself.** Run-to-run noise on a CI machine (offsets of 3-8% between
   runs) is much larger than what the samples of one run show, so the samples of one commit
   cannot tell how much the level wanders from commit to commit. The noise scale is estimated
   robustly from the series: the median absolute first difference (`MAD / sqrt(2)`), which a few
   steps and spikes do not move; a floor (`noise_floor`) keeps perfectly flat series (bundle
   sizes, counts) from turning rounding into change points.
3. **Outliers are not change points.** A commit whose level is far (`outlier_z` noise units)
   from both the median of the `window` commits before it and that of the commits after it
   agrees with neither side: it is pulled back to within that distance of the nearer side
   before segmenting (a two-sided Hampel filter with Huber clipping). The first commit of a new
   level agrees with its successors, so steps survive; single and double 2-5x spikes do not,
   even right next to a step.
4. **Several change points, located exactly.** The cleaned series is split by *optimal
   partitioning* (the exact dynamic programme behind PELT) with a Gaussian cost (weighted sum
   of squares) and a BIC-style penalty `penalty * log(n)` per change point; the segments are at
   least `min_segment` commits long. Unlike binary segmentation it finds close and opposite
   steps (a regression and its fix) and places each at the commit that minimises the misfit.
   The programme runs over many series at once (`detect_many`): one vectorised pass per commit
   position, so thousands of tests take about a second.
5. **Each change explains itself.** The level before and after (geometric means of the adjacent
   segments, at most `test_window` commits each side), the change in percent with a 95%
   interval and a Welch t-test p-value. Change points with `p > alpha` or a change smaller than
   `min_change_pct` are dropped one at a time (weakest first), merging their segments, and the
   neighbours are judged again. The p-value is computed after the split was chosen, so it is
   optimistic; it ranks changes and filters noise, it is not a calibrated error rate.

Missing commits need nothing special here: the series holds the measured commits only, and the
caller reports which unmeasured commits lie between the last good and the first bad one. A
commit measured several times counts once, with a weight equal to its number of runs.

Everything is pure: arrays in, dataclasses out; no randomness.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

# Normal-consistent MAD of first differences: MAD * 1.4826 estimates sd(diff) = sd * sqrt(2).
_MAD_TO_SD = 1.4826 / math.sqrt(2.0)
_BATCH = 512


@dataclass(frozen=True)
class Settings:
    """How eager the detector is. The defaults were tuned on generated histories (see README)."""

    penalty: float = 3.0
    """Cost of one more change point, times log(number of commits), in squared noise units."""
    min_segment: int = 3
    """Fewest commits on each side of a change point."""
    alpha: float = 1e-4
    """Largest p-value kept."""
    min_change_pct: float = 5.0
    """Smallest change kept, in percent of the level before."""
    outlier_z: float = 3.0
    """How far (in noise units) from its neighbours' median a commit's level may be."""
    window: int = 3
    """Neighbours on each side for the running median of the outlier filter."""
    noise_floor: float = 0.002
    """Smallest noise assumed, as a fraction of the level (0.2%)."""
    test_window: int = 30
    """Commits on each side used to measure a change (levels, interval, p-value)."""


@dataclass(frozen=True)
class Change:
    """A step in one series: the level moved at position `index` (the first commit at the new level)."""

    index: int
    before: float
    after: float
    change_pct: float
    """(after / before - 1) * 100."""
    low_pct: float
    high_pct: float
    """95% interval of the change, in percent."""
    p_value: float


def detect(
    values: Sequence[float] | FloatArray,
    weights: Sequence[float] | FloatArray | None = None,
    settings: Settings = Settings(),
) -> list[Change]:
    """The change points of one series (values in commit order; weights default to 1)."""
    return detect_many(
        [np.asarray(values, dtype=float)], None if weights is None else [np.asarray(weights, dtype=float)], settings
    )[0]


def detect_many(
    series: Sequence[FloatArray], weights: Sequence[FloatArray] | None = None, settings: Settings = Settings()
) -> list[list[Change]]:
    """The change points of many series at once; the same answer as `detect` on each."""
    prepared = [
        _prepare(np.asarray(s, dtype=float), None if weights is None else weights[i], settings)
        for i, s in enumerate(series)
    ]
    results: list[list[Change]] = [[] for _ in series]
    order = sorted(range(len(series)), key=lambda i: prepared[i].n)
    eligible = [i for i in order if prepared[i].n >= 2 * settings.min_segment]
    for start in range(0, len(eligible), _BATCH):
        batch = eligible[start : start + _BATCH]
        splits = _partition([prepared[i] for i in batch], settings)
        for i, found in zip(batch, splits, strict=True):
            results[i] = _judge(prepared[i], found, settings)
    return results


@dataclass(frozen=True)
class _Prepared:
    y: FloatArray
    """Cleaned series on the working scale (log when every value is positive)."""
    w: FloatArray
    sigma: float
    logged: bool

    @property
    def n(self) -> int:
        return len(self.y)


def _prepare(values: FloatArray, weights: FloatArray | None, settings: Settings) -> _Prepared:
    finite = np.isfinite(values)
    values = values[finite]
    w = np.ones(len(values)) if weights is None else np.asarray(weights, dtype=float)[finite]
    logged = bool(len(values)) and bool(np.all(values > 0))
    y = np.log(values) if logged else values.copy()
    if len(y) < 2:
        return _Prepared(y, w, 1.0, logged)
    scale = 1.0 if logged else float(np.median(np.abs(y))) or 1.0
    diffs = np.diff(y)
    sigma = max(_MAD_TO_SD * float(np.median(np.abs(diffs - np.median(diffs)))), settings.noise_floor * scale)
    return _Prepared(_clip_outliers(y, sigma, settings), w, sigma, logged)


def _clip_outliers(y: FloatArray, sigma: float, settings: Settings) -> FloatArray:
    """Pull every value to within `outlier_z` noise units of its predecessors' or its successors'
    median (`window` commits each side), whichever is nearer: a commit that agrees with neither
    side is an outlier, while the first commit of a new level agrees with the commits after it."""
    h, n = settings.window, len(y)
    padded = np.concatenate([np.full(h, np.nan), y, np.full(h, np.nan)])
    windows = np.lib.stride_tricks.sliding_window_view(padded, h)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN side at the ends
        before = np.nanmedian(windows[:n], axis=1)
        after = np.nanmedian(windows[h + 1 : h + 1 + n], axis=1)
    near = np.where(np.isnan(after) | (np.abs(y - before) <= np.abs(y - after)), before, after)
    near = np.where(np.isnan(near), y, near)
    limit = settings.outlier_z * sigma
    return np.asarray(near + np.clip(y - near, -limit, limit), dtype=float)


def _partition(batch: list[_Prepared], settings: Settings) -> list[list[int]]:
    """Optimal partitioning of every series in the batch; returns each one's change indexes."""
    width = max(p.n for p in batch)
    count = len(batch)
    z = np.zeros((count, width))
    w = np.zeros((count, width))
    present = np.zeros((count, width))
    for row, p in enumerate(batch):
        z[row, : p.n] = p.y / p.sigma
        w[row, : p.n] = p.w
        present[row, : p.n] = 1.0
    zeros = np.zeros((count, 1))
    s0 = np.hstack([zeros, np.cumsum(w, axis=1)])
    s1 = np.hstack([zeros, np.cumsum(w * z, axis=1)])
    s2 = np.hstack([zeros, np.cumsum(w * z * z, axis=1)])
    cnt = np.hstack([zeros, np.cumsum(present, axis=1)])
    beta = np.array([settings.penalty * math.log(p.n) for p in batch])
    m = settings.min_segment
    best = np.full((count, width + 1), np.inf)
    best[:, 0] = -beta
    last = np.zeros((count, width + 1), dtype=np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        for t in range(m, width + 1):
            starts = slice(0, t - m + 1)
            total = s0[:, t : t + 1] - s0[:, starts]
            mean_sum = s1[:, t : t + 1] - s1[:, starts]
            cost = (s2[:, t : t + 1] - s2[:, starts]) - mean_sum * mean_sum / total
            cost[(cnt[:, t : t + 1] - cnt[:, starts] < m) | (total <= 0)] = np.inf
            candidate = best[:, starts] + cost + beta[:, None]
            choice = np.argmin(candidate, axis=1)
            best[:, t] = candidate[np.arange(count), choice]
            last[:, t] = choice
    found = []
    for row, p in enumerate(batch):
        cuts = []
        t = p.n
        while t > 0:
            t = int(last[row, t])
            if t > 0:
                cuts.append(t)
        found.append(sorted(cuts))
    return found


def _judge(p: _Prepared, cuts: list[int], settings: Settings) -> list[Change]:
    """Measure every change; drop the weakest failing one and measure its neighbours again."""
    cuts = list(cuts)
    while cuts:
        changes = [_measure(p, cuts, k, settings) for k in range(len(cuts))]
        failing = [k for k, c in enumerate(changes) if not _keeps(c, settings)]
        if not failing:
            return changes
        weakest = max(failing, key=lambda k: (changes[k].p_value, -abs(changes[k].change_pct)))
        del cuts[weakest]
    return []


def _keeps(change: Change, settings: Settings) -> bool:
    return change.p_value <= settings.alpha and abs(change.change_pct) >= settings.min_change_pct


def _measure(p: _Prepared, cuts: list[int], k: int, settings: Settings) -> Change:
    edges = [0, *cuts, p.n]
    cut = cuts[k]
    lo = max(edges[k], cut - settings.test_window)
    hi = min(edges[k + 2], cut + settings.test_window)
    left, right = p.y[lo:cut], p.y[cut:hi]
    wl, wr = p.w[lo:cut], p.w[cut:hi]
    mean_l, mean_r = _wmean(left, wl), _wmean(right, wr)
    floor = (settings.noise_floor * (1.0 if p.logged else max(abs(mean_l), 1e-300))) ** 2
    var_l = max(_wss(left, wl, mean_l) / max(len(left) - 1, 1), floor) / float(wl.sum())
    var_r = max(_wss(right, wr, mean_r) / max(len(right) - 1, 1), floor) / float(wr.sum())
    se = math.sqrt(var_l + var_r)
    # Welch: the noise may differ on each side of a change (a slower code path is often noisier).
    df = (var_l + var_r) ** 2 / (var_l**2 / max(len(left) - 1, 1) + var_r**2 / max(len(right) - 1, 1))
    delta = mean_r - mean_l
    from scipy import special  # much lighter to import than scipy.stats

    p_value = float(2.0 * special.stdtr(df, -abs(delta) / se))
    margin = float(special.stdtrit(df, 0.975)) * se
    if p.logged:
        before, after = math.exp(mean_l), math.exp(mean_r)
        pct = [math.expm1(d) * 100.0 for d in (delta, delta - margin, delta + margin)]
    else:
        before, after = mean_l, mean_r
        base = abs(mean_l) or math.inf
        pct = [d / base * 100.0 for d in (delta, delta - margin, delta + margin)]
    return Change(cut, before, after, pct[0], pct[1], pct[2], p_value)


def _wmean(x: FloatArray, w: FloatArray) -> float:
    return float(np.dot(x, w) / w.sum())


def _wss(x: FloatArray, w: FloatArray, mean: float) -> float:
    """Weighted sum of squares: a commit of weight w (runs) has 1/w of a single run's variance."""
    return float(np.dot(w, (x - mean) ** 2))
