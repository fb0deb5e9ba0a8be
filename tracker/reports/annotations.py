"""GitHub Actions workflow commands for a comparison: an error or warning annotation per test that matters."""

from __future__ import annotations

from collections.abc import Mapping

from tracker.domain import Comparison, Verdict
from tracker.reports.comparison import explain_verdict
from tracker.reports.escaping import annotation_data, annotation_property


def github_annotations(
    comparison: Comparison, files: Mapping[str, str] | None = None, lines: Mapping[str, int] | None = None
) -> list[str]:
    """GitHub Actions workflow commands: an error per regression, a warning per test beyond the warning level;
    with the test's source file (FILES, by test id) GitHub shows it on that file in the pull request, and
    with its line (LINES) on that line of the diff."""
    commands = []
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
        file = (files or {}).get(row.test_id)
        line = (lines or {}).get(row.test_id)
        place = f"file={annotation_property(file)}," if file else ""
        place += f"line={line}," if file and line else ""
        commands.append(f"::{kind} {place}title={annotation_property(title)}::{annotation_data(message)}")
    return commands
