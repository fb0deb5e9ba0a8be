"""Verdicts from how tests ended rather than from their timings: a test that broke, or that passes again.

A test that stopped passing has no timing (or one that measures a failure), and that is news, not
a lack of data: it gets a verdict of its own, `failing`, listed before every regression.
"""

from __future__ import annotations

from tracker.domain import Reason, Verdict
from tracker.stats.sides import Level

BROKEN = frozenset({"failed", "error"})


def status_change(before: Level | None, after: Level | None) -> tuple[Verdict, Reason] | None:
    """FAILING when BEFORE passed and AFTER fails or errors; FIXED the other way round; else None."""
    if before is None or after is None:
        return None
    if before.status == "passed" and after.status in BROKEN:
        return Verdict.FAILING, Reason.STOPPED_PASSING
    if before.status in BROKEN and after.status == "passed":
        return Verdict.FIXED, Reason.PASSES_AGAIN
    return None


def severity_rank(verdict: Verdict) -> int:
    """Broken tests first, then regressions, then the rest."""
    return {Verdict.FAILING: 0, Verdict.REGRESSED: 1}.get(verdict, 2)
