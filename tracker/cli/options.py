"""Options shared by several commands, and output helpers."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

import typer

from tracker.cli.settings import Settings, option_help

if TYPE_CHECKING:
    from tracker.reports.table import Table

DATABASE = typer.Option(None, "--db", help=option_help("database", "Database file or SQLAlchemy URL"))


MIN_CHANGE = typer.Option(None, "--min-change", help=option_help("min_change", "Smallest change reported, in percent"))


class TableFormat(StrEnum):
    TABLE = "table"
    MARKDOWN = "markdown"
    JSON = "json"
    CSV = "csv"


TABLE_FORMAT = typer.Option(
    None,
    "--format",
    help=option_help(
        "table_style",
        "Output: table, markdown, json or csv (the table style setting: lines is table, github is markdown)",
    ),
)


def output_format(settings: Settings, given: TableFormat | None) -> TableFormat:
    """--format, else the table style setting (TRACKER_TABLE_STYLE: lines or github)."""
    if given is not None:
        return given
    return TableFormat.MARKDOWN if settings.get("table_style") == "github" else TableFormat.TABLE


def emit(text: str) -> None:
    """Results go to stdout."""
    typer.echo(text, nl=False)


def note(text: str) -> None:
    """Progress and diagnostics go to stderr."""
    typer.echo(text, err=True)


def show(chosen: TableFormat, *, data: object, table: Callable[[], Table]) -> None:
    """Print DATA as JSON, or the table built from it in the chosen text format."""
    from tracker.reports.jsonout import render_json
    from tracker.reports.table import render_csv, render_markdown, render_text

    if chosen is TableFormat.JSON:
        emit(render_json(data))
        return
    render = {TableFormat.TABLE: render_text, TableFormat.MARKDOWN: render_markdown, TableFormat.CSV: render_csv}
    emit(render[chosen](table()))
