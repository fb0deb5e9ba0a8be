"""Sentences for the verdicts that do not rest on the usual rule: tests that broke or pass again."""

from __future__ import annotations

from tracker.domain import Reason, TestComparison, Verdict
from tracker.reports.values import format_percent


def explain_outcome(row: TestComparison) -> str | None:
    """The sentence for ROW when its reason is one of these cases, else None."""
    if row.reason is Reason.STOPPED_PASSING:
        timing = f" (its time changed by {format_percent(row.change_pct)})" if row.change_pct is not None else ""
        return (
            f"{row.baseline_status} in the baseline, {row.candidate_status} in the candidate{timing}: a test that "
            "broke hides its timing, so this fails the gate unless --no-fail-on-broken"
        )
    if row.reason is Reason.PASSES_AGAIN:
        return f"{row.baseline_status} in the baseline, {row.candidate_status} in the candidate"
    return None


def outcome_mark(row: TestComparison) -> str:
    """How the test ended on both sides, for the verdict cell of broken and fixed tests."""
    if row.verdict in (Verdict.FAILING, Verdict.FIXED):
        return f" ({row.baseline_status}, now {row.candidate_status})"
    return ""
