"""Comparing a candidate run with its baseline, test by test: the decision rule of the CI gate.

Everything is on the log scale, so a change is a ratio and scaling both sides changes nothing.
A run's value for a test is the median of its raw samples (else the tool's median, else its mean);
a pooled baseline's value is the median over all its samples (or over its runs' values).

Two references, two tests:

    d       = log(candidate value) - log(baseline value)
    se2     = max(s2 / m, w_baseline) + max(s2, w_candidate)
    d_level = log(candidate value) - median of the last `level_runs` logs of the history
    se2_lvl = the noise of a run's distance from the median of the runs before it (`level_noise`)
    p       = 2 * min(p of |d| / se, p of |d_level| / se_lvl), two-sided Student t, capped at 1
              (p of the level = 1 when the baseline is off its level; with fewer than 3 earlier
              runs there is no level test and p is that of |d| / se alone)
    q       = p adjusted by Benjamini-Hochberg over every test of the comparison

`s2` is the run-to-run noise of one run's value, learnt from the steps of the test's own history
(`noise.py`); `m` the number of baseline runs pooled; `w` the bootstrap variance of a side's
median when it has raw samples. The history ends with the baseline runs, so its recent median is
the baseline's level measured by up to ten runs instead of one: a steadier reference, which
finds a 20% step on a runner whose runs wander by 3-5% where one baseline run cannot. The factor
two (Bonferroni) pays for looking twice; the level is not the baseline's when the baseline lies
more than AGREEMENT noise units off it (a step in the last few runs), and is then not used.

A test REGRESSES when all of these hold, checked in this order:

1. the history does not already show this change twice as a one-run spike (a run above both its
   neighbours by as much, in the same direction), while the change is beyond the threshold
   against both references: on a test with occasional 2-7x spikes, one more spike is its noise,
   not a change, and its p enters the false-discovery correction as 1 (change-point detection
   over the following runs tells a step from a spike);
2. q < fdr: the change is significant after the false-discovery correction;
3. the slowdown is beyond the test's threshold;
4. the candidate is also beyond the threshold against the baseline's level, so a baseline run
   that was itself unusually fast does not make a typical candidate a regression;
5. with --min-time, values below the floor count as the floor and the change still passes 3.

Improvements mirror this (faster by the same factor). Anything else with values on both sides is
UNCHANGED, and `reason` says which condition failed. The rule is calibrated on labelled histories
by `benchmarks/eval_gate.py` (`make eval`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import special

from tracker.domain import Comparison, Direction, Reason, RuleConstants, TestComparison, Verdict
from tracker.stats.fdr import benjamini_hochberg
from tracker.stats.noise import MIN_LEVEL_RUNS, level_noise, level_shifts, log_median_variances, median, run_noise
from tracker.stats.outcomes import severity_rank, status_change
from tracker.stats.policy import Policy
from tracker.stats.recent_step import RecentStep, recent_step
from tracker.stats.resolution import resolution_fields, untested_verdict
from tracker.stats.sides import AnySide, Key, Level, PlainSide, Side, histories, levels, run_values
from tracker.stats.summaries import welch

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["HISTORY_COLUMNS", "PlainSide", "Policy", "Side", "compare", "run_values"]

HISTORY_COLUMNS = ["run_id", "order", "test_id", "metric", "value"]
"""A test's earlier runs: one value per run (see `run_values`), `order` ascending from old to new."""
MIN_STEPS_WITHOUT_SAMPLES = 2
"""With one value per run, this many steps between earlier runs are needed to learn the noise."""
INTERVAL = 0.95
AGREEMENT = 3.0
"""The baseline's value must lie within this many noise units of its recent level to test against it."""
REPEATED_SPIKES = 2
"""A change that the test's history shows this many times as one-run spikes is its noise."""
CONSTANTS = RuleConstants(
    level_min_runs=MIN_LEVEL_RUNS, spike_repeats=REPEATED_SPIKES, noise_min_runs=MIN_STEPS_WITHOUT_SAMPLES + 1
)
"""What a comparison carries so that its reports state the rule it was judged by."""


def compare(
    baseline: AnySide,
    candidate: AnySide,
    policy: Policy,
    rng: np.random.Generator,
    history: pd.DataFrame | Mapping[str, Any] | None = None,
) -> Comparison:
    """Judge every test and metric found on either side; regressions first, then the worst slowdown."""
    before = levels(baseline)
    after = levels(candidate)
    keys = sorted(before.keys() | after.keys())
    names = {key: (after.get(key) or before[key]).test_name for key in keys}
    ignored = [key for key in keys if policy.ignores(names[key])]
    keys = [key for key in keys if key not in set(ignored)]
    pasts = histories(history)
    judged = [key for key in keys if key in before and key in after]
    variances = log_median_variances(
        [before[key].samples for key in judged] + [after[key].samples for key in judged], rng
    )
    within = {key: (variances[i], variances[len(judged) + i]) for i, key in enumerate(judged)}
    tests = {key: _test(before[key], after[key], within[key], pasts.get(key), policy) for key in judged}
    limits = {key: _limit(policy.threshold_for(names[key])) for key in judged}
    p_values = np.array([_evidence(tests[key], limits[key]) for key in judged], dtype=float)
    adjusted = benjamini_hochberg(p_values)
    q_values = {key: float(adjusted[i]) for i, key in enumerate(judged) if not math.isnan(adjusted[i])}
    out = [_row(key, before.get(key), after.get(key), tests.get(key), q_values.get(key), policy) for key in keys]
    out.sort(key=_severity)
    return Comparison(tuple(out), policy, CONSTANTS, ignored=len(ignored))


# --- one test -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Test:
    """The statistics of one test with values on both sides; `p` None when it cannot be judged."""

    reason: Reason | None
    d: float | None = None
    se: float | None = None
    dof: float | None = None
    p: float | None = None
    noise: float | None = None
    steps: int = 0
    level_d: float | None = None
    untested_d: float | None = None
    """The change when it cannot be tested: still shown."""
    summary_test: bool = False
    """Judged by Welch's test on the tools' summaries (mean, standard deviation, count)."""
    spikes: int = 0
    """Earlier runs that stood out from both neighbours, in this change's direction, by as much as it."""
    step: RecentStep | None = None
    """A step among the pool's newest runs that the candidate continues, when it was the strongest evidence."""


def _test(
    before: Level,
    after: Level,
    within: tuple[float, float],
    past: np.ndarray[Any, np.dtype[np.float64]] | None,
    policy: Policy,
) -> _Test:
    base, cand = before.value, after.value
    if base is None or cand is None:
        return _Test(Reason.NO_VALUE)
    if base <= 0 or cand <= 0:
        return _Test(None if base == cand else Reason.NOT_POSITIVE)
    history = past if past is not None else np.empty(0)
    shifts = level_shifts(history)
    noise = run_noise(history, shifts)
    w_base = within[0] if not math.isnan(within[0]) else before.summary_variance
    w_cand = within[1] if not math.isnan(within[1]) else after.summary_variance
    if (math.isnan(w_base) or math.isnan(w_cand)) and noise.steps < MIN_STEPS_WITHOUT_SAMPLES:
        return _summary_test(before, after, noise.steps)
    pooled = len(before.runs)
    base_share = noise.variance / pooled * (math.pi / 2 if pooled > 2 else 1.0)
    cand_share = _max(noise.variance, w_cand)
    se = math.sqrt(_max(base_share, w_base) + cand_share)
    d = math.log(cand) - math.log(base)
    p = _two_sided(d, se, noise.dof)
    test = _Test(None, d=d, se=se, dof=noise.dof, p=p, noise=math.sqrt(noise.variance), steps=noise.steps)
    current = history[shifts[-1] :] if shifts else history  # the level since the last shift
    recent = current[-policy.level_runs :]
    if not recent.size:
        return test
    level = median(recent)
    level_d = math.log(cand) - level
    step = None
    if current.size >= MIN_LEVEL_RUNS:
        # The baseline's level from several runs is a steadier reference than one run: test against
        # it too, and keep the stronger evidence at the price of a Bonferroni factor of two (three
        # with a pooled baseline's newest runs tried as well). Unless the baseline is off that level
        # (a step in the last few runs): then it is not its level.
        spread = level_noise(history, policy.level_runs, shifts)
        level_se = math.sqrt(max(spread.variance, cand_share + noise.variance * math.pi / (2.0 * recent.size)))
        agrees = abs(math.log(base) - level) <= AGREEMENT * level_se
        p_level = _two_sided(level_d, level_se, spread.dof) if agrees else 1.0
        found = recent_step(
            history,
            shifts,
            before.run_values,
            (math.log(base), math.log(cand)),
            policy.level_runs,
            (noise.variance, cand_share),
            min(p, p_level),
        )
        p = min(1.0, (3.0 if found.tried else 2.0) * min(p, p_level, found.p))
        step = found.step if found.p < min(test.p or 1.0, p_level) else None
    spikes = _spikes(history, math.copysign(min(abs(d), abs(level_d)), d)) if d * level_d > 0 else 0
    return replace(test, p=p, level_d=level_d, spikes=spikes, step=step)


def _summary_test(before: Level, after: Level, steps: int) -> _Test:
    """Welch's test on the tools' summaries when nothing else measures the noise; else the change, untested."""
    assert before.value is not None and after.value is not None
    found = None
    if before.summary and after.summary:
        # the values shown are medians unless a side has means only: the test is on what is shown
        medians = not (before.means_only or after.means_only)
        centre = (before.value, after.value) if medians else (before.summary[0], after.summary[0])
        found = welch((centre[0], *before.summary[1:]), (centre[1], *after.summary[1:]), medians=medians)
    if found is None:
        return _Test(Reason.NO_NOISE_ESTIMATE, steps=steps, untested_d=math.log(after.value) - math.log(before.value))
    d, se, dof = found
    return _Test(None, d=d, se=se, dof=dof, p=_two_sided(d, se, dof), steps=steps, summary_test=True)


def _spikes(history: np.ndarray[Any, np.dtype[np.float64]], size: float) -> int:
    """Runs that stood above both neighbours by SIZE or more (below, for a negative SIZE): spikes that came and went."""
    signed = math.copysign(1.0, size) * history
    prominence = signed[1:-1] - np.maximum(signed[:-2], signed[2:])
    return int(np.sum(prominence >= abs(size)))


def _repeats(test: _Test, limit: float) -> int:
    """Spikes as large as TEST's change when it is beyond LIMIT against both references, else 0."""
    if test.d is None or test.level_d is None or min(abs(test.d), abs(test.level_d)) <= limit:
        return 0
    return test.spikes


def _evidence(test: _Test, limit: float) -> float:
    """The p-value that enters the false-discovery correction: none for a change the test often shows."""
    if test.p is None:
        return math.nan
    return 1.0 if _repeats(test, limit) >= REPEATED_SPIKES else test.p


def _limit(threshold_pct: float) -> float:
    return math.log1p(threshold_pct / 100)


def _two_sided(d: float, se: float, dof: float) -> float:
    """Student t probability of a change at least as large as |D| when noise alone moves it by SE."""
    return float(2.0 * special.stdtr(dof, -abs(d) / se)) if se > 0 else (0.0 if d else 1.0)


def _max(shared: float, own: float) -> float:
    return shared if math.isnan(own) else max(shared, own)


def _row(
    key: Key,
    before: Level | None,
    after: Level | None,
    test: _Test | None,
    q: float | None,
    policy: Policy,
) -> TestComparison:
    known = after or before
    assert known is not None
    direction = policy.direction_for(known.test_name, key[1], known.direction)
    threshold = policy.threshold_for(known.test_name)
    fields: dict[str, Any] = {
        "test_id": key[0],
        "test_name": known.test_name,
        "metric": key[1],
        "unit": known.unit,
        "direction": direction,
        "baseline_median": before.value if before else None,
        "candidate_median": after.value if after else None,
        "baseline_n": before.n if before else 0,
        "candidate_n": after.n if after else 0,
        "threshold_pct": threshold,
        "baseline_runs": before.runs if before else (),
        "baseline_status": before.status if before else None,
        "candidate_status": after.status if after else None,
        **resolution_fields(before, after),
    }
    broken = status_change(before, after)
    if broken is not None:
        d = test.d if test is not None else None
        change = None if d is None else _pct(d)
        slowdown = None if d is None else _pct(d if direction is Direction.LOWER_IS_BETTER else -d)
        return TestComparison(**fields, verdict=broken[0], change_pct=change, slowdown_pct=slowdown, reason=broken[1])
    if before is None:
        return TestComparison(
            **fields, verdict=Verdict.NEW, change_pct=None, slowdown_pct=None, reason=Reason.ONLY_CANDIDATE
        )
    if after is None:
        return TestComparison(
            **fields, verdict=Verdict.MISSING, change_pct=None, slowdown_pct=None, reason=Reason.ONLY_BASELINE
        )
    assert test is not None
    sign = 1.0 if direction is Direction.LOWER_IS_BETTER else -1.0
    if test.d is None:
        return _untested_row(fields, test, sign, threshold)
    return _tested_row(fields, test, sign, q, threshold, known, policy)


def _untested_row(fields: dict[str, Any], test: _Test, sign: float, threshold: float) -> TestComparison:
    """A pair the rule cannot test: not positive, no noise estimate, or only a timer's resolution apart."""
    if test.reason is None:  # equal and not positive (zero allocations on both sides)
        return TestComparison(**fields, verdict=Verdict.UNCHANGED, change_pct=0.0, slowdown_pct=0.0)
    untested = test.untested_d
    slowdown_pct = None if untested is None else _pct(sign * untested)
    coarse = untested_verdict(fields["below_resolution"], slowdown_pct, _limit(threshold))
    return TestComparison(
        **fields,
        verdict=coarse[0] if coarse else Verdict.NOT_ENOUGH_DATA,
        change_pct=None if untested is None else _pct(untested),
        slowdown_pct=slowdown_pct,
        history_runs=test.steps + 1 if test.steps else 0,
        reason=coarse[1] if coarse else test.reason,
        warned=coarse is not None and coarse[1] is Reason.EXCEEDS_RESOLUTION and (slowdown_pct or 0) > 0,
    )


def _tested_row(
    fields: dict[str, Any], test: _Test, sign: float, q: float | None, threshold: float, known: Level, policy: Policy
) -> TestComparison:
    """A pair the rule tested: the verdict, its interval, its p-values and what it rests on."""
    base, cand = fields["baseline_median"], fields["candidate_median"]
    assert test.d is not None and test.se is not None and test.dof is not None and base is not None and cand is not None
    slowdown = sign * test.d
    spread = float(special.stdtrit(test.dof, 0.5 + INTERVAL / 2)) * test.se
    verdict, reason = _verdict(slowdown, sign, test, q, _limit(threshold), base, cand, known, policy)
    if fields["below_resolution"] == "both":
        verdict, reason = Verdict.UNCHANGED, Reason.BELOW_RESOLUTION
    warn = policy.warn_threshold_pct
    warned = verdict is Verdict.REGRESSED or (
        warn is not None
        and slowdown > 0
        and _verdict(slowdown, sign, test, q, _limit(warn), base, cand, known, policy)[0] is Verdict.REGRESSED
    )
    return TestComparison(
        **fields,
        verdict=verdict,
        change_pct=_pct(test.d),
        slowdown_pct=_pct(slowdown),
        change_low_pct=_pct(test.d - spread),
        change_high_pct=_pct(test.d + spread),
        p_value=test.p,
        p_adjusted=q,
        noise_pct=100.0 * test.noise if test.noise is not None else None,
        history_runs=test.steps + 1 if test.steps else 0,
        level_change_pct=_pct(test.level_d) if test.level_d is not None else None,
        similar_spikes=_repeats(test, _limit(threshold)),
        **_step_fields(test.step),
        summary_test=test.summary_test,
        warned=warned,
        reason=reason,
    )


def _verdict(
    slowdown: float,
    sign: float,
    test: _Test,
    q: float | None,
    limit: float,
    base: float,
    cand: float,
    level: Level,
    policy: Policy,
) -> tuple[Verdict, Reason]:
    """The conditions of the rule, in order; the first that fails is the reason."""
    if _repeats(test, limit) >= REPEATED_SPIKES:
        return Verdict.UNCHANGED, Reason.SEEN_BEFORE
    if q is None or not q < policy.fdr:
        return Verdict.UNCHANGED, Reason.NOT_SIGNIFICANT
    if abs(slowdown) <= limit:
        return Verdict.UNCHANGED, Reason.WITHIN_THRESHOLD
    worse = slowdown > 0
    if test.level_d is not None and (sign * test.level_d if worse else -sign * test.level_d) <= limit:
        return Verdict.UNCHANGED, Reason.BASELINE_OUTLIER
    if policy.min_time > 0 and level.unit == "s":
        floored = sign * (math.log(max(cand, policy.min_time)) - math.log(max(base, policy.min_time)))
        if abs(floored) <= limit:
            return Verdict.UNCHANGED, Reason.BELOW_MIN_TIME
    return (Verdict.REGRESSED if worse else Verdict.IMPROVED), Reason.BEYOND_THRESHOLD


def _step_fields(step: RecentStep | None) -> dict[str, Any]:
    if step is None:
        return {}
    return {"recent_step_runs": step.runs, "recent_step_pct": _pct(step.d), "recent_step_earlier": step.earlier}


def _pct(log_ratio: float) -> float:
    return math.expm1(log_ratio) * 100.0


def _severity(row: TestComparison) -> tuple[int, float, str, str]:
    """Broken tests and regressions first, then the worst slowdown; tests without a slowdown figure last."""
    slowdown = row.slowdown_pct if row.slowdown_pct is not None else float("-inf")
    return (severity_rank(row.verdict), -slowdown, row.test_name, row.metric)
