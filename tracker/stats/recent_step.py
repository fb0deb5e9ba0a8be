"""A step among a pooled baseline's newest runs that the candidate continues.

When a test slowed down one or two runs before the candidate, a pool of five baseline runs still
has its median on the earlier level, so the candidate is slower than the baseline; but one
candidate run against that median is weak evidence on a test whose runs wander by 10%, and the
pool's mixed samples make the baseline look noisy. The runs since the step are more evidence of
the same change: the mean of the candidate and the newest J baseline runs is tested against the
median of the runs before them, for every J that leaves the pool's median on the earlier level
(fewer than half of its runs), with a Bonferroni factor for the J tried. The noise of a mean of
J + 1 consecutive runs around the median of the runs before them is measured on the test's own
history (real runners wander, so consecutive runs do not average out as independent ones would).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy import special

from tracker.stats.noise import (
    MIN_LEVEL_RUNS,
    PRIOR_NOISE,
    PRIOR_WEIGHT,
    Floats,
    RunNoise,
    median,
    segments,
    shrunk,
    trailing_medians,
    trimmed_variance,
)


@dataclass(frozen=True)
class RecentStep:
    """The strongest split: the candidate and the newest RUNS baseline runs against the EARLIER runs before them."""

    runs: int
    earlier: int
    level: float
    """Median of the earlier runs (log)."""
    d: float
    """Log change of their mean from that median."""
    se: float
    dof: float


@dataclass(frozen=True)
class StepEvidence:
    tried: int
    """Splits tried (0: the pool is a single run, or not the newest runs of the history)."""
    p: float
    """The strongest split's two-sided p, times the splits tried; 1 when it does not count."""
    step: RecentStep | None


def recent_step(
    history: Floats,
    shifts: tuple[int, ...],
    pool: Sequence[float],
    sides: tuple[float, float],
    window: int,
    shares: tuple[float, float],
    to_beat: float = 1.0,
) -> StepEvidence:
    """The evidence of the runs since a step among the pool's newest (SIDES: log baseline and candidate).

    It counts only when the step goes the way of the candidate's change and the pool's value lies
    nearer the level before it than the runs after it (so the pool's median is still before it).
    Its noise is measured only when some split could count and beat TO_BEAT, the smallest p of the
    other tests, even at its least possible noise: most tests have no step to find.
    """
    base, cand = sides
    current = history[shifts[-1] :] if shifts else history
    splits = recent_steps(current, cand, pool)

    def counts(level: float, d: float) -> bool:
        return d * (cand - base) > 0 and abs(base - level) < abs(d) / 2

    best_dof = PRIOR_WEIGHT + history.size
    for newest, earlier in splits:
        level = median(earlier[-window:])
        d = math.fsum(newest.tolist()) / newest.size - level
        floor = math.sqrt(_own_variance(newest.size, min(window, earlier.size), shares))
        if counts(level, d) and len(splits) * _two_sided(d, floor, best_dof) < to_beat:
            break
    else:
        return StepEvidence(len(splits), 1.0, None)
    step = strongest(splits, history, shifts, window, shares)
    if step is None or not counts(step.level, step.d):
        return StepEvidence(len(splits), 1.0, None)
    return StepEvidence(len(splits), min(1.0, len(splits) * _two_sided(step.d, step.se, step.dof)), step)


def _two_sided(d: float, se: float, dof: float) -> float:
    return float(2.0 * special.stdtr(dof, -abs(d) / se))


def _own_variance(span: int, earlier: int, shares: tuple[float, float]) -> float:
    """Variance of a mean of SPAN runs (the candidate's last) less the median of EARLIER runs, were runs independent."""
    run_variance, cand_share = shares
    return (run_variance * (span - 1) + cand_share) / span**2 + run_variance * math.pi / (2.0 * earlier)


def recent_steps(current: Floats, candidate: float, pool: Sequence[float]) -> list[tuple[Floats, Floats]]:
    """(newest runs with the candidate, earlier runs) for each split worth testing, or none.

    CURRENT is the test's history on its present level (log values, oldest first); POOL the
    baseline runs' values. The splits are tested only when CURRENT ends with the pool's runs.
    """
    splits = (len(pool) - 1) // 2
    if splits < 1 or current.size < len(pool) or not _ends_with(current, pool):
        return []
    out = []
    for newest in range(1, splits + 1):
        earlier = current[:-newest]
        if earlier.size < MIN_LEVEL_RUNS:
            break
        out.append((np.append(current[-newest:], candidate), earlier))
    return out


def _ends_with(history: Floats, pool: Sequence[float]) -> bool:
    """The last runs of HISTORY are the pool's runs, in some order."""
    values = np.asarray(pool, dtype=float)
    if np.any(values <= 0):
        return False
    return bool(np.max(np.abs(np.sort(history[-values.size :]) - np.sort(np.log(values)))) <= 1e-9)


def mean_level_noise(history: Floats, window: int, span: int, shifts: tuple[int, ...]) -> RunNoise:
    """Noise of the mean of SPAN consecutive runs around the median of the up to WINDOW runs before them.

    Measured as `noise.level_noise` measures one run (SPAN 1), on each level of the history.
    """
    distances = []
    for part in segments(history, shifts):
        if part.size < MIN_LEVEL_RUNS + span:
            continue
        means = sliding_window_view(part, span).mean(axis=1)[MIN_LEVEL_RUNS:]
        distances.append(means - trailing_medians(part, window)[: means.size])
    observed = np.concatenate(distances) if distances else np.empty(0)
    prior = PRIOR_NOISE**2 * (1.0 / span + math.pi / (2.0 * window))
    return shrunk(trimmed_variance(observed) if observed.size else 0.0, observed.size, prior)


def strongest(
    splits: list[tuple[Floats, Floats]],
    history: Floats,
    shifts: tuple[int, ...],
    window: int,
    shares: tuple[float, float],
) -> RecentStep | None:
    """The split with the largest change in noise units; SHARES: one run's and the candidate's variance."""
    best: RecentStep | None = None
    for newest, earlier in splits:
        reference = earlier[-window:]
        span = newest.size
        # measured on the runs before the split: the runs after it are the step under test
        before = history[: -(span - 1)]
        spread = mean_level_noise(before, window, span, tuple(s for s in shifts if s < before.size))
        se = math.sqrt(max(spread.variance, _own_variance(span, reference.size, shares)))
        level = median(reference)
        step = RecentStep(span - 1, reference.size, level, float(np.mean(newest)) - level, se, spread.dof)
        if best is None or abs(step.d) / step.se > abs(best.d) / best.se:
            best = step
    return best
