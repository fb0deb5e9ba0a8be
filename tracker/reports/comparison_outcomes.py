"""Sentences for the verdicts that do not rest on the usual rule: tests that broke or pass again,
comparisons of summaries only, and changes that could not be tested."""

from __future__ import annotations

from tracker.domain import Reason, TestComparison, Verdict
from tracker.reports.values import format_percent, format_value


def explain_outcome(row: TestComparison, noise_min_runs: int) -> str | None:
    """The sentence for ROW when its reason is one of these cases, else None (NOISE_MIN_RUNS: the earlier
    runs a one-value test needs, as the statistics applied it)."""
    if row.reason is Reason.STOPPED_PASSING:
        timing = f" (its time changed by {format_percent(row.change_pct)})" if row.change_pct is not None else ""
        return (
            f"{row.baseline_status} in the baseline, {row.candidate_status} in the candidate{timing}: a test that "
            "broke hides its timing, so this fails the gate unless --no-fail-on-broken"
        )
    if row.reason is Reason.PASSES_AGAIN:
        return f"{row.baseline_status} in the baseline, {row.candidate_status} in the candidate"
    if row.below_resolution is not None and row.resolution is not None:
        return _coarse_sentence(row)
    if row.summary_test:
        return _summary_sentence(row)
    if row.reason is Reason.NO_NOISE_ESTIMATE and row.change_pct is not None:
        return (
            f"{format_percent(row.change_pct)}, untested: one value per run without a count and a standard "
            f"deviation, and {row.history_runs or 'no'} earlier run(s); a test needs {noise_min_runs} earlier runs, "
            "raw samples in both runs, or summaries with mean, standard deviation and count on both sides"
        )
    return None


def _coarse_sentence(row: TestComparison) -> str:
    assert row.resolution is not None
    step = format_value(row.resolution, row.unit)
    advice = (
        f"the timer is coarse: the format writes times in steps of {step}; for finer times use `busted -o json`, "
        "pytest-benchmark, or tracker's own runner"
    )
    if row.reason is Reason.BELOW_RESOLUTION:
        return f"both values are at or below the timer's resolution ({step}): no change can be seen; {advice}"
    side = {"baseline": "the baseline's value", "candidate": "the candidate's value"}[row.below_resolution or ""]
    bound = "at least" if row.below_resolution == "baseline" else "at most"
    change = f"{bound} {format_percent(row.change_pct)} ({side} is at or below {step} and counts as {step})"
    if row.reason is Reason.EXCEEDS_RESOLUTION:
        return f"{change}: exceeds the resolution, but one value per side cannot be tested; {advice}"
    if row.reason is Reason.BEYOND_THRESHOLD and row.p_adjusted is not None:
        what = "slower" if row.verdict is Verdict.REGRESSED else "faster"
        evidence = f"p={row.p_value:.2g}, {row.p_adjusted:.2g} adjusted"
        return f"{change}: {what} beyond {row.threshold_pct:g}% and significant ({evidence}); {advice}"
    return f"{change}: {row.verdict.value} ({row.reason or 'no test'}); {advice}"


def _summary_sentence(row: TestComparison) -> str:
    low, high = format_percent(row.change_low_pct), format_percent(row.change_high_pct)
    change = f"{format_percent(row.change_pct)} [{low}, {high}]"
    evidence = f"p={row.p_value:.2g}, {row.p_adjusted:.2g} adjusted" if row.p_adjusted is not None else ""
    if row.reason is Reason.BEYOND_THRESHOLD:
        what = "slower" if row.verdict is Verdict.REGRESSED else "faster"
        verdict = f"{what} beyond {row.threshold_pct:g}% and significant ({evidence})"
    elif row.reason is Reason.WITHIN_THRESHOLD:
        verdict = f"significant ({evidence}) but within the {row.threshold_pct:g}% threshold"
    else:
        verdict = f"within the noise ({evidence})"
    return (
        f"{change}: {verdict}, by Welch's test on the tool's summaries (median or mean, standard deviation, "
        "count); without raw samples or earlier runs, how much whole runs shift is not known"
    )


def outcome_mark(row: TestComparison) -> str:
    """How the test ended on both sides, for the verdict cell of broken and fixed tests."""
    if row.verdict in (Verdict.FAILING, Verdict.FIXED):
        return f" ({row.baseline_status}, now {row.candidate_status})"
    return ""
