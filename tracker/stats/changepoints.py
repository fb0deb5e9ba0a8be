"""Change points in a benchmark's history: where its level stepped, by how much, and at which commit.

The method, and why
-------------------
Input: one value per measured commit, in commit order (the commit's level: see
`series_levels`), optionally a weight per commit (how many runs measured it) and the commit's
position on the branch (which lets series share what they know about culprits, step 6).

1. **Log scale.** Timings are multiplicative: a 10% slowdown is the same step on a 1 µs and on a
   1 s benchmark, and the noise is roughly proportional to the level. Working on `log(level)`
   makes the detector scale-free (scaling a series keeps its change points exactly).
2. **Noise from the series itself.** Run-to-run noise on a CI machine (offsets of 3-8% between
   runs) is much larger than what the samples of one run show, so the samples of one commit
   cannot tell how much the level wanders from commit to commit. The noise scale is estimated
   robustly from the series: the median absolute first difference (`MAD / sqrt(2)`), which a few
   steps and spikes do not move; a floor (`noise_floor`) keeps perfectly flat series (bundle
   sizes, counts) from turning rounding into change points. The penalty and the tests below are
   in units of this noise, so each series is judged against its own noise.
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
5. **Each change explains itself.** The level before and after (geometric means of the adjacent
   segments, at most `test_window` commits each side), the change in percent with a 95%
   interval and a Welch t-test p-value. Change points with `p > alpha` or a change smaller than
   `min_change_pct` are dropped one at a time (weakest first), merging their segments, and the
   neighbours are judged again. The p-value is computed after the split was chosen, so it is
   optimistic; it ranks changes and filters noise, it is not a calibrated error rate.
6. **Culprits are shared.** One commit that slows a code path slows every benchmark through it,
   so where one series cannot tell which of two or three neighbouring commits did it, the
   others can. After every series is segmented, each change point is placed, within
   `culprit_radius` commits of where its own series put it, at the commit with the highest
   posterior: its own Gaussian log-likelihood (`-misfit / 2` in noise units) plus the log of a
   prior that counts the change points the *other* series put at each commit (plus one, so an
   empty commit keeps a chance). A series whose own evidence is clear keeps its commit (moving
   by one commit on a clean 20% step costs far more likelihood than any count buys); only
   near-ties are decided by the rest of the branch. This is empirical Bayes on the commits,
   and the way people triage alerts (grouping them by the commit they share).

Missing commits need nothing special here: the series holds the measured commits only, and the
caller reports which unmeasured commits lie between the last good and the first bad one. A
commit measured several times counts once, with a weight equal to its number of runs.

Everything is pure: arrays in, dataclasses out; no randomness. `detect_many` works on many
series at once (a vectorised filter, one vectorised dynamic-programme pass per commit
position over up to 512 series), so 2,000 series of 300 commits take well under a second.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tracker.defaults import MIN_CHANGE_PCT
from tracker.domain import SILENT, Progress
from tracker.stats.culprits import FloatArray, IntArray, attribute, window_sums

# Normal-consistent MAD of first differences: MAD * 1.4826 estimates sd(diff) = sd * sqrt(2).
_MAD_TO_SD = 1.4826 / math.sqrt(2.0)
_BATCH = 512


@dataclass(frozen=True)
class DetectionSettings:
    """How eager the detector is. The defaults were tuned on generated histories (see README)."""

    penalty: float = 3.0
    """Cost of one more change point, times log(number of commits), in squared noise units."""
    min_segment: int = 3
    """Fewest commits on each side of a change point."""
    alpha: float = 1e-4
    """Largest p-value kept."""
    min_change_pct: float = MIN_CHANGE_PCT
    """Smallest change kept, in percent of the level before."""
    outlier_z: float = 3.0
    """How far (in noise units) from its neighbours' median a commit's level may be."""
    window: int = 3
    """Neighbours on each side for the running median of the outlier filter."""
    noise_floor: float = 0.002
    """Smallest noise assumed, as a fraction of the level (0.2%)."""
    test_window: int = 30
    """Commits on each side used to measure a change (levels, interval, p-value)."""
    culprit_radius: int = 2
    """How far (in measured commits) the culprits of other series may move a change point."""


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
    transient: bool = False
    """Part of a transient excursion: a step and a step back to the level before it (`stats.transients`)."""
    returns_at: int | None = None
    """On the first step of an excursion: the position of the first commit back at the old level."""


def detect(
    values: Sequence[float] | FloatArray,
    weights: Sequence[float] | FloatArray | None = None,
    settings: DetectionSettings = DetectionSettings(),
) -> list[Change]:
    """The change points of one series (values in commit order; weights default to 1)."""
    return detect_many(
        [np.asarray(values, dtype=float)], None if weights is None else [np.asarray(weights, dtype=float)], settings
    )[0]


def detect_many(
    series: Sequence[FloatArray],
    weights: Sequence[FloatArray] | None = None,
    settings: DetectionSettings = DetectionSettings(),
    positions: Sequence[IntArray] | None = None,
    progress: Progress = SILENT,
) -> list[list[Change]]:
    """The change points of many series at once.

    POSITIONS (each value's commit position on the branch) let the series share culprits
    (step 6 of the module docstring); without them each series is on its own, and the answer
    for each is the same as `detect`'s. PROGRESS hears of each batch of series searched."""
    prepared = _prepare_all(series, weights, settings)
    cuts: list[list[int]] = [[] for _ in series]
    order = sorted(range(len(series)), key=lambda i: prepared[i].n)
    eligible = [i for i in order if prepared[i].n >= 2 * settings.min_segment]
    progress.advance(len(series) - len(eligible))  # too short to search
    for start in range(0, len(eligible), _BATCH):
        batch = eligible[start : start + _BATCH]
        for i, found in zip(batch, _partition([prepared[i] for i in batch], settings), strict=True):
            cuts[i] = found
        progress.advance(len(batch))
    cuts = _judge(prepared, cuts, settings)
    if positions is not None:
        at = [np.asarray(positions[i])[p.kept] for i, p in enumerate(prepared)]
        votes = Counter(int(at[i][c]) for i, found in enumerate(cuts) for c in found)
        moved = [
            attribute(prepared[i].sums, prepared[i].sigma, found, at[i], votes, settings) if found else found
            for i, found in enumerate(cuts)
        ]
        cuts = _judge(prepared, moved, settings, only=[i for i in range(len(cuts)) if moved[i] != cuts[i]])
    return _changes(prepared, cuts, _measure(prepared, cuts, settings))


@dataclass(frozen=True)
class _Prepared:
    y: FloatArray
    """Cleaned series on the working scale (log when every value is positive)."""
    w: FloatArray
    sigma: float
    logged: bool
    kept: IntArray
    """Index in the input of each value (non-finite values are left out)."""
    shift: float
    sums: FloatArray
    """Prefix sums (3 x n+1) of w, w*y and w*y^2, y centred on `shift`, its median (no cancellation)."""

    @property
    def n(self) -> int:
        return len(self.y)


def _prepare_all(
    series: Sequence[FloatArray], weights: Sequence[FloatArray] | None, settings: DetectionSettings
) -> list[_Prepared]:
    """Working scale, noise and outlier filter of every series, vectorised over a padded matrix."""
    raw = [np.asarray(s, dtype=float) for s in series]
    kept = [np.flatnonzero(np.isfinite(v)) for v in raw]
    count, width = len(raw), max((len(k) for k in kept), default=0)
    y = np.full((count, width), np.nan)
    w = np.zeros((count, width))
    logged = np.zeros(count, dtype=bool)
    scale = np.ones(count)
    for row, (values, index) in enumerate(zip(raw, kept, strict=True)):
        v = values[index]
        n = len(v)
        w[row, :n] = 1.0 if weights is None else np.asarray(weights[row], dtype=float)[index]
        logged[row] = n > 0 and bool(np.all(v > 0))
        y[row, :n] = np.log(v) if logged[row] else v
        if not logged[row] and n:
            scale[row] = float(np.median(np.abs(v))) or 1.0
    diffs = np.diff(y, axis=1)
    centre = _nanmedian(diffs)
    mad = _nanmedian(np.abs(diffs - centre[:, None]))
    sigma = np.fmax(_MAD_TO_SD * mad, settings.noise_floor * scale)
    sigma = np.where(np.isfinite(sigma) & (sigma > 0), sigma, 1.0)
    cleaned = _clip_outliers(y, sigma, settings)
    prepared = []
    for row, index in enumerate(kept):
        n = len(index)
        yr, wr = cleaned[row, :n], w[row, :n]
        shift = float(np.median(yr)) if n else 0.0
        centred = yr - shift
        sums = np.zeros((3, n + 1))
        np.cumsum(wr, out=sums[0, 1:])
        np.cumsum(wr * centred, out=sums[1, 1:])
        np.cumsum(wr * centred * centred, out=sums[2, 1:])
        prepared.append(_Prepared(yr, wr, float(sigma[row]), bool(logged[row]), index.astype(np.int64), shift, sums))
    return prepared


def _nanmedian(a: FloatArray) -> FloatArray:
    """Median along the last axis ignoring NaN (NaN where all are NaN); much faster than
    `np.nanmedian` on many short rows."""
    ordered = np.sort(a, axis=-1)  # NaN sorts last
    valid = np.sum(~np.isnan(a), axis=-1)
    last = max(a.shape[-1] - 1, 0)
    low = np.clip((valid - 1) // 2, 0, last)[..., None]
    high = np.clip(valid // 2, 0, last)[..., None]
    if a.shape[-1] == 0:
        return np.full(a.shape[:-1], np.nan)
    middle = (np.take_along_axis(ordered, low, -1) + np.take_along_axis(ordered, high, -1))[..., 0] / 2.0
    return np.where(valid > 0, middle, np.nan)


def _clip_outliers(y: FloatArray, sigma: FloatArray, settings: DetectionSettings) -> FloatArray:
    """Pull every value to within `outlier_z` noise units of its predecessors' or its successors'
    median (`window` commits each side), whichever is nearer: a commit that agrees with neither
    side is an outlier, while the first commit of a new level agrees with the commits after it."""
    h = settings.window
    count, width = y.shape
    padded = np.concatenate([np.full((count, h), np.nan), y, np.full((count, h), np.nan)], axis=1)
    windows = np.lib.stride_tricks.sliding_window_view(padded, h, axis=1)
    before = _nanmedian(windows[:, :width])
    after = _nanmedian(windows[:, h + 1 : h + 1 + width])
    near = np.where(np.isnan(after) | (np.abs(y - before) <= np.abs(y - after)), before, after)
    near = np.where(np.isnan(near), y, near)
    limit = (settings.outlier_z * sigma)[:, None]
    return np.asarray(near + np.clip(y - near, -limit, limit), dtype=float)


def _partition(batch: list[_Prepared], settings: DetectionSettings) -> list[list[int]]:
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
    rows = np.arange(count)
    with np.errstate(divide="ignore", invalid="ignore"):
        for t in range(m, width + 1):
            starts = slice(0, t - m + 1)
            total = s0[:, t : t + 1] - s0[:, starts]
            mean_sum = s1[:, t : t + 1] - s1[:, starts]
            cost = (s2[:, t : t + 1] - s2[:, starts]) - mean_sum * mean_sum / total
            cost[(cnt[:, t : t + 1] - cnt[:, starts] < m) | (total <= 0)] = np.inf
            candidate = best[:, starts] + cost + beta[:, None]
            choice = np.argmin(candidate, axis=1)
            best[:, t] = candidate[rows, choice]
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


@dataclass(frozen=True)
class _Measured:
    """The changes of many series: arrays over all their cuts, series after series."""

    owner: IntArray
    """Which series (index into the list measured) each cut belongs to."""
    mean_l: FloatArray
    mean_r: FloatArray
    p_value: FloatArray
    pct: FloatArray
    low_pct: FloatArray
    high_pct: FloatArray


def _judge(
    prepared: list[_Prepared], cuts: list[list[int]], settings: DetectionSettings, only: list[int] | None = None
) -> list[list[int]]:
    """The cuts that pass, per series (of ONLY, the others as they are): in every series with a
    failing cut, drop the weakest and measure its neighbours again, all series at once."""
    kept = [list(c) for c in cuts]
    pending = [i for i in (range(len(cuts)) if only is None else only) if kept[i]]
    while pending:
        m = _measure([prepared[i] for i in pending], [kept[i] for i in pending], settings)
        failing = np.flatnonzero((m.p_value > settings.alpha) | (np.abs(m.pct) < settings.min_change_pct))
        if not len(failing):
            break
        first = np.searchsorted(m.owner, np.arange(len(pending)))
        still = []
        for row in np.unique(m.owner[failing]).tolist():
            mine = failing[m.owner[failing] == row]
            weakest = max(mine.tolist(), key=lambda k: (m.p_value[k], -abs(m.pct[k])))
            i = pending[row]
            del kept[i][weakest - int(first[row])]
            if kept[i]:
                still.append(i)
        pending = still
    return kept


def _measure(prepared: list[_Prepared], cuts: list[list[int]], settings: DetectionSettings) -> _Measured:
    """Levels, change, interval and Welch p-value of every cut of every series, each cut between
    its neighbours; vectorised over all of them."""
    owner = np.repeat(np.arange(len(cuts)), [len(c) for c in cuts])
    c = np.array([k for found in cuts for k in found], dtype=np.int64)
    n = np.array([p.n for p in prepared], dtype=np.int64)
    first = np.r_[True, owner[1:] != owner[:-1]] if len(c) else np.zeros(0, dtype=bool)
    last = np.r_[owner[1:] != owner[:-1], True] if len(c) else np.zeros(0, dtype=bool)
    before = np.where(first, 0, np.r_[0, c[:-1]])
    after = np.where(last, n[owner], np.r_[c[1:], 0])
    lo = np.maximum(before, c - settings.test_window)
    hi = np.minimum(after, c + settings.test_window)
    # One matrix of every series' prefix sums, so that each window is two lookups.
    offsets = np.r_[0, np.cumsum(n + 1)]
    sums = np.concatenate([p.sums for p in prepared], axis=1) if prepared else np.zeros((3, 0))
    base = offsets[owner]
    w_l, mean_l, wss_l = window_sums(sums, base + lo, base + c)
    w_r, mean_r, wss_r = window_sums(sums, base + c, base + hi)
    shift = np.array([p.shift for p in prepared])[owner]
    logged = np.array([p.logged for p in prepared], dtype=bool)[owner]
    mean_l, mean_r = mean_l + shift, mean_r + shift
    n_l, n_r = (c - lo).astype(float), (hi - c).astype(float)
    floor = (settings.noise_floor * np.where(logged, 1.0, np.maximum(np.abs(mean_l), 1e-300))) ** 2
    var_l = np.maximum(wss_l / np.maximum(n_l - 1, 1), floor) / w_l
    var_r = np.maximum(wss_r / np.maximum(n_r - 1, 1), floor) / w_r
    se = np.sqrt(var_l + var_r)
    # Welch: the noise may differ on each side of a change (a slower code path is often noisier).
    df = (var_l + var_r) ** 2 / (var_l**2 / np.maximum(n_l - 1, 1) + var_r**2 / np.maximum(n_r - 1, 1))
    delta = mean_r - mean_l
    from scipy import special  # much lighter to import than scipy.stats

    p_value = 2.0 * special.stdtr(df, -np.abs(delta) / se)
    margin = special.stdtrit(df, 0.975) * se
    with np.errstate(divide="ignore", invalid="ignore"):
        linear_base = np.where(mean_l != 0, np.abs(mean_l), np.inf)
        pct = [
            np.where(logged, np.expm1(d) * 100.0, d / linear_base * 100.0)
            for d in (delta, delta - margin, delta + margin)
        ]
    back = np.where(logged, np.exp(mean_l), mean_l), np.where(logged, np.exp(mean_r), mean_r)
    return _Measured(owner, back[0], back[1], p_value, pct[0], pct[1], pct[2])


def _changes(prepared: list[_Prepared], cuts: list[list[int]], m: _Measured) -> list[list[Change]]:
    flat = [(i, k) for i, found in enumerate(cuts) for k in found]
    out: list[list[Change]] = [[] for _ in cuts]
    for j, (i, k) in enumerate(flat):
        out[i].append(
            Change(
                index=int(prepared[i].kept[k]),
                before=float(m.mean_l[j]),
                after=float(m.mean_r[j]),
                change_pct=float(m.pct[j]),
                low_pct=float(m.low_pct[j]),
                high_pct=float(m.high_pct[j]),
                p_value=float(m.p_value[j]),
            )
        )
    return out
