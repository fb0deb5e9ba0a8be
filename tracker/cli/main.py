"""The `tracker` command and its single error boundary."""

from __future__ import annotations

from typing import Any

import typer
from typer._click import Context
from typer.core import TyperGroup

from tracker import __version__
from tracker.cli import (
    bisect,
    changes,
    ci,
    compare,
    dashboard,
    database,
    export,
    flamegraph,
    formats,
    history,
    ingest,
    inspect,
    profile,
    publish,
    report,
    run,
    settings_command,
)
from tracker.errors import TrackerError


class ErrorBoundary(TyperGroup):
    """Every `TrackerError` becomes one line on stderr and its exit code; nothing else is caught."""

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except TrackerError as error:
            from tracker.reports.escaping import escape_text

            lines = "\n".join(escape_text(line) for line in str(error).split("\n"))
            typer.echo(f"tracker: error: {lines}", err=True)
            raise typer.Exit(error.exit_code) from None


app = typer.Typer(
    cls=ErrorBoundary,
    name="tracker",
    help="Benchmark-history regression tracker: ingest results, compare runs, gate CI.",
    epilog="Exit codes: 0 success, 1 regression beyond the threshold, 2 error, 3 not enough data (--strict).",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tracker {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """Benchmark-history regression tracker: ingest results, compare runs, gate CI."""


app.command("ingest")(ingest.ingest_command)
app.command("compare")(compare.compare_command)
app.command("runs")(inspect.runs_command)
app.command("tests")(inspect.tests_command)
app.command("formats")(formats.formats_command)
app.command("export")(export.export_command)
app.command("config")(settings_command.config_command)
app.command("changes")(changes.changes_command)
app.command("history")(history.history_command)
app.command("bisect-plan")(bisect.bisect_command)
app.command("profile")(profile.profile_command)
app.command("flamegraph")(flamegraph.flamegraph_command)
app.command("report")(report.report_command)
app.command("publish")(publish.publish_command)
app.command("restore")(publish.restore_command)
app.command("ci")(ci.ci_command)
app.command("summary")(publish.summary_command)
app.command("dashboard")(dashboard.dashboard_command)
app.add_typer(database.app, name="db")
app.add_typer(run.app, name="run")


def main() -> None:
    app(prog_name="tracker")
