"""`tracker bisect-plan GOOD BAD`: which unmeasured commits to measure next."""

from __future__ import annotations

from pathlib import Path

import typer

from tracker.cli.changes import BRANCH
from tracker.cli.options import DATABASE, TABLE_FORMAT, TableFormat, output_format, show
from tracker.cli.session import database_session
from tracker.cli.settings import Settings


def bisect_command(
    good: str = typer.Argument(..., help="The last good commit (sha or prefix), as `tracker changes` names it."),
    bad: str = typer.Argument(..., help="The first bad commit."),
    repo: Path = typer.Option(Path(), "--repo", help="The git repository that holds both commits."),
    branch: str | None = BRANCH,
    format: TableFormat | None = TABLE_FORMAT,
    database: str | None = DATABASE,
) -> None:
    """List the commits between GOOD and BAD in the order that halves the range each round.

    The commits come from the git repository (--repo) when it has both, else from the database."""
    from tracker.api.history import bisect_plan
    from tracker.reports.history import bisect_table

    settings = Settings.load()
    with database_session(settings, database) as store:
        result = bisect_plan(store, good=good, bad=bad, branch=branch, repo=repo)
    show(
        output_format(settings, format),
        data=result,
        table=lambda: bisect_table(result.good, result.bad, result.plan, result.source),
    )
