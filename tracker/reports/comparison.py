"""The comparison as a table: worst slowdown first."""

from __future__ import annotations

from tracker.domain import Comparison, RunInfo, Verdict
from tracker.reports.table import Align, Column, Table
from tracker.reports.values import format_percent, format_value

_VERDICT_MARK = {
    Verdict.REGRESSED: "REGRESSED",
    Verdict.IMPROVED: "improved",
    Verdict.UNCHANGED: "unchanged",
    Verdict.NEW: "new",
    Verdict.MISSING: "missing",
    Verdict.NOT_ENOUGH_DATA: "not enough data",
}


def describe_run(run: RunInfo) -> str:
    commit = run.commit[:10] if run.commit else "no commit"
    parts = [f"run {run.id}", commit, run.branch or "no branch"]
    if run.tag:
        parts.append(run.tag)
    if run.subject:
        parts.append(repr(run.subject[:60]))
    return ", ".join(parts)


def comparison_table(comparison: Comparison, baseline: RunInfo, candidate: RunInfo) -> Table:
    several_metrics = len({row.metric for row in comparison.rows}) > 1
    columns = [Column("Test")]
    if several_metrics:
        columns.append(Column("Metric"))
    columns += [
        Column("Baseline", Align.RIGHT),
        Column("Candidate", Align.RIGHT),
        Column("Change", Align.RIGHT),
        Column("Verdict"),
    ]
    rows = []
    for row in comparison.rows:
        cells = [row.test_name]
        if several_metrics:
            cells.append(row.metric)
        cells += [
            format_value(row.baseline_median, row.unit),
            format_value(row.candidate_median, row.unit),
            format_percent(row.change_pct),
            _VERDICT_MARK[row.verdict],
        ]
        rows.append(tuple(cells))
    counts = ", ".join(f"{comparison.count(v)} {_VERDICT_MARK[v].lower()}" for v in Verdict if comparison.count(v))
    notes = (
        f"Baseline: {describe_run(baseline)}",
        f"Candidate: {describe_run(candidate)}",
        f"Threshold: {comparison.threshold_pct:g}% slowdown on the median. {counts or 'no tests'}.",
    )
    return Table(tuple(columns), tuple(rows), title="Benchmark comparison", notes=notes)
