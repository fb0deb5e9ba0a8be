"""`tracker compare`: the CI gate."""

from __future__ import annotations

import typer

from tracker.cli.options import DATABASE, TableFormat, note, output_format, show
from tracker.cli.settings import Settings

EXIT_REGRESSION = 1
EXIT_NOT_ENOUGH_DATA = 3


def compare_command(
    candidate: str | None = typer.Option(
        None, "--candidate", help="Run id, commit sha or tag [default: the newest run]."
    ),
    baseline: str | None = typer.Option(
        None, "--baseline", help="Run id, commit sha or tag [default: the previous run on the candidate's branch]."
    ),
    threshold: float | None = typer.Option(
        None, "--threshold", help="Slowdown in percent that fails the gate [env TRACKER_THRESHOLD; default 10]."
    ),
    strict: bool | None = typer.Option(
        None, "--strict/--no-strict", help="Exit 3 when there is not enough data to decide [env TRACKER_STRICT]."
    ),
    format: TableFormat | None = typer.Option(
        None, "--format", help="Output: table, markdown, json or csv [env TRACKER_TABLE_STYLE]."
    ),
    database: str | None = DATABASE,
) -> None:
    """Compare a candidate run with its baseline; exit 1 when a test regressed beyond the threshold."""
    from tracker.api.compare import compare_runs
    from tracker.domain import Verdict
    from tracker.reports.comparison import comparison_table, describe_run
    from tracker.stats.compare import Policy

    settings = Settings.load()
    policy = Policy(threshold_pct=settings.get("threshold", threshold))
    result = compare_runs(
        database=settings.get("database", database), candidate_ref=candidate, baseline_ref=baseline, policy=policy
    )
    if result.baseline is None or result.comparison is None:
        note(f"no baseline: {describe_run(result.candidate)} is the first run on its branch; pass --baseline REF")
        raise typer.Exit(EXIT_NOT_ENOUGH_DATA if settings.get("strict", strict) else 0)
    comparison, baseline_run = result.comparison, result.baseline
    show(
        output_format(settings, format),
        data=result,
        table=lambda: comparison_table(comparison, baseline_run, result.candidate),
    )
    if comparison.regressed:
        raise typer.Exit(EXIT_REGRESSION)
    undecided = comparison.count(Verdict.NOT_ENOUGH_DATA)
    if undecided and settings.get("strict", strict):
        note(f"{undecided} test(s) had not enough data to decide (--strict)")
        raise typer.Exit(EXIT_NOT_ENOUGH_DATA)
