"""`tracker history TEST`: one test's series, its change points and a chart."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from tracker.cli.changes import BRANCH
from tracker.cli.completion import test_names
from tracker.cli.options import DATABASE, MIN_CHANGE, TABLE_FORMAT, TableFormat, note, output_format, show
from tracker.cli.session import database_session
from tracker.cli.settings import Settings


def history_command(
    test: str = typer.Argument(
        ...,
        help="The test: its full name, its id, a glob or a part of its name that names one test.",
        autocompletion=test_names,
    ),
    metric: str | None = typer.Option(None, "--metric", help="Which metric when the test has several [default: time]."),
    branch: str | None = BRANCH,
    svg: Path | None = typer.Option(None, "--svg", help="Write the history chart (SVG) to this path."),
    min_change: float | None = MIN_CHANGE,
    format: TableFormat | None = TABLE_FORMAT,
    database: str | None = DATABASE,
) -> None:
    """Show one test's level at every measured commit, its change points and a sparkline."""
    from tracker.api.history import DetectionSettings, test_history
    from tracker.reports.chart_svg import history_svg
    from tracker.reports.history import history_table
    from tracker.reports.output_file import write_output
    from tracker.reports.sparkline import sparkline

    settings = Settings.load()
    detection = DetectionSettings(min_change_pct=settings.get("min_change", min_change))
    with database_session(settings, database) as store:
        result = test_history(store, test=test, branch=branch, metric=metric, settings=detection)
    title = f"{result.test_name} ({result.metric}, branch {result.branch or '(none)'})"
    if svg is not None:
        write_output(svg, history_svg(title, result.unit, result.points, result.changes), flag="--svg")
        note(f"chart written to {svg}")
    index = {p.commit.sha: i for i, p in enumerate(result.points)}
    line = sparkline(
        [p.level for p in result.points],
        marks=[index[c.commit.sha] for c in result.changes],
        ascii_only=not _unicode_terminal(),
    )
    show(
        output_format(settings, format),
        data=result,
        table=lambda: history_table(title, result.unit, result.points, result.changes, line, result.estimate),
    )


def _unicode_terminal() -> bool:
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower()
    return "utf" in encoding or os.environ.get("PYTHONIOENCODING", "").lower().startswith("utf")
