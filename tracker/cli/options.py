"""Options shared by several commands, and output helpers."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

import typer

from tracker.cli.settings import Settings, option_help
from tracker.errors import OutputError

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


EXIT_BROKEN_PIPE = 141
"""The reader of standard output went away (`tracker ... | head`): quiet, as if killed by SIGPIPE."""


def terminal_width(wide: bool = False) -> int | None:
    """The width tables fit: COLUMNS when set, else the terminal's; None (whole lines) when piped or --wide."""
    if wide:
        return None
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def use_colour(given: bool | None) -> bool:
    """--color/--no-color, else colour on a terminal unless NO_COLOR is set (https://no-color.org)."""
    if given is not None:
        return given
    return not os.environ.get("NO_COLOR") and sys.stdout.isatty()


COLOR = typer.Option(None, "--color/--no-color", help="Colour the verdicts [default: on a terminal, unless NO_COLOR].")
WIDE = typer.Option(False, "--wide", help="Never shorten test names to fit the terminal (json and csv never do).")


def emit(text: str, *, colour: bool = False) -> None:
    """Results go to stdout; a failed write is an error (exit 2), a closed pipe a quiet exit. COLOUR keeps
    the colour codes, which are otherwise taken out of what does not go to a terminal."""
    try:
        typer.echo(text, nl=False, color=colour or None)  # flushes, so a full disk shows here and not at exit
    except BrokenPipeError:
        _discard_stdout()
        raise typer.Exit(EXIT_BROKEN_PIPE) from None
    except OSError as error:
        _discard_stdout()
        raise OutputError(
            f"cannot write to standard output ({error.strerror or error}); "
            "free space on its device or redirect it elsewhere"
        ) from None


def _discard_stdout() -> None:
    """Point standard output at /dev/null so that the flush at exit cannot fail a second time."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (tests capture it)
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, descriptor)
    os.close(null)


def note(text: str) -> None:
    """Progress and diagnostics go to stderr, each line with control and bidirectional characters escaped."""
    from tracker.reports.escaping import escape_text

    typer.echo("\n".join(escape_text(line) for line in text.split("\n")), err=True)


def show(chosen: TableFormat, *, data: object, table: Callable[[], Table]) -> None:
    """Print DATA as JSON, or the table built from it in the chosen text format."""
    from tracker.reports.jsonout import render_json
    from tracker.reports.table import render_csv, render_markdown, render_text

    if chosen is TableFormat.JSON:
        emit(render_json(data))
        return
    if chosen is TableFormat.TABLE:
        emit(render_text(table(), terminal_width()))
        return
    render = {TableFormat.MARKDOWN: render_markdown, TableFormat.CSV: render_csv}
    emit(render[chosen](table()))
