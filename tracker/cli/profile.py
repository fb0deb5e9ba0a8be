"""`tracker profile TEST`: the functions of a test's profile, slowest first."""

from __future__ import annotations

import typer

from tracker.cli.completion import test_names
from tracker.cli.options import DATABASE, TableFormat, output_format, show
from tracker.cli.session import database_session
from tracker.cli.settings import Settings


def profile_command(
    test: str | None = typer.Argument(
        None,
        help="Test id, full name, glob or unique part of the name [default: the largest profile in the run].",
        autocompletion=test_names,
    ),
    run: str | None = typer.Option(
        None, "--run", help="Run id, commit sha or tag [default: the newest run with a profile of the test]."
    ),
    top: int = typer.Option(20, "--top", min=0, help="Show this many functions, slowest first (0: all)."),
    format: TableFormat | None = typer.Option(
        None, "--format", help="Output: table, markdown (the original profiler's columns), json or csv."
    ),
    database: str | None = DATABASE,
) -> None:
    """Count, total time, self time and self % of each function in a test's profile, slowest first."""
    from tracker.api.profiles import profile_functions
    from tracker.reports.profiles import functions_table

    settings = Settings.load()
    with database_session(settings, database) as store:
        report = profile_functions(store, test=test, run_ref=run, top=top or None)
    chosen = output_format(settings, format)
    shown = len(report.functions)
    notes = (
        f"Test: {report.test_name} ({report.test_id})",
        f"Run: {report.run.id}{' ' + report.run.tag if report.run.tag else ''}; "
        f"{shown} of {report.function_count} function(s).",
    )
    show(
        chosen,
        data=report,
        table=lambda: functions_table(report.functions, notes=notes, original_shape=chosen is TableFormat.MARKDOWN),
    )
