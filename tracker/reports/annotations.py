"""GitHub Actions workflow commands for a comparison: an error or warning annotation per test that matters."""

from __future__ import annotations

from tracker.domain import Comparison, Verdict
from tracker.reports.comparison import explain_verdict
from tracker.reports.escaping import annotation_data, annotation_property


def github_annotations(comparison: Comparison) -> list[str]:
    """GitHub Actions workflow commands: an error per regression, a warning per test beyond the warning level."""
    lines = []
    for row in comparison.rows:
        if row.verdict is Verdict.REGRESSED:
            kind, title = "error", "Benchmark regression"
        elif row.verdict is Verdict.FAILING:
            kind, title = ("error" if comparison.policy.fail_on_broken else "warning"), "Test stopped passing"
        elif row.warned:
            kind, title = "warning", "Benchmark slowdown"
        else:
            continue
        message = f"{row.test_name}: {explain_verdict(row, comparison)}"
        lines.append(f"::{kind} title={annotation_property(title)}::{annotation_data(message)}")
    return lines
