"""`tracker runs` and `tracker tests`: what the database holds."""

from __future__ import annotations

import typer

from tracker.cli.options import DATABASE, TABLE_FORMAT, TableFormat, output_format, show
from tracker.cli.session import database_session
from tracker.cli.settings import Settings


def runs_command(
    branch: str | None = typer.Option(None, "--branch", help="Only runs of this branch."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="At most this many runs, newest first."),
    format: TableFormat | None = TABLE_FORMAT,
    database: str | None = DATABASE,
) -> None:
    """List runs, newest first: commit, branch, tag, time, format, number of tests and samples."""
    from tracker.api.inspect import list_runs
    from tracker.reports.listing import runs_table

    settings = Settings.load()
    with database_session(settings, database) as store:
        runs = list_runs(store, branch=branch, limit=limit)
    show(output_format(settings, format), data=runs, table=lambda: runs_table(runs))


def tests_command(
    format: TableFormat | None = TABLE_FORMAT,
    database: str | None = DATABASE,
) -> None:
    """List tests: id (UUID of the md5 of the full name), full name, number of runs."""
    from tracker.api.inspect import list_tests
    from tracker.reports.listing import tests_table

    settings = Settings.load()
    with database_session(settings, database) as store:
        tests = list_tests(store)
    show(output_format(settings, format), data=tests, table=lambda: tests_table(tests))
