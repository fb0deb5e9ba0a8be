"""`tracker changes`: change points over every test's history, attributed to commits."""

from __future__ import annotations

import typer

from tracker.cli.completion import test_names
from tracker.cli.options import DATABASE, MIN_CHANGE, TABLE_FORMAT, TableFormat, output_format, show
from tracker.cli.progress import progress_on_stderr
from tracker.cli.session import database_session
from tracker.cli.settings import Settings

BRANCH = typer.Option(None, "--branch", help="Branch whose history to read [default: the newest run's branch].")


def changes_command(
    test: str | None = typer.Option(
        None,
        "--test",
        help="Only these tests: a full name, an id, a glob or a part of the name.",
        autocompletion=test_names,
    ),
    branch: str | None = BRANCH,
    since: str | None = typer.Option(
        None, "--since", help="Only change points at or after this commit (sha or prefix) or date (2025-01-31)."
    ),
    min_change: float | None = MIN_CHANGE,
    transients: bool = typer.Option(
        False, "--transients", help="Also list transient excursions: a step undone within 6 measured commits."
    ),
    format: TableFormat | None = TABLE_FORMAT,
    database: str | None = DATABASE,
) -> None:
    """List the change points of every test's history on a branch, newest first (JSON schema: README)."""
    from tracker.api.changes import DetectionSettings, find_changes
    from tracker.reports.history import changes_table

    settings = Settings.load()
    detection = DetectionSettings(min_change_pct=settings.get("min_change", min_change))
    with database_session(settings, database) as store, progress_on_stderr() as progress:
        result = find_changes(
            store,
            branch=branch,
            test_glob=test,
            since=since,
            settings=detection,
            transients=transients,
            progress=progress,
        )
    show(
        output_format(settings, format),
        data=list(result.changes),
        table=lambda: changes_table(result.changes, branch=result.branch, commits=result.commits, series=result.series),
    )
