"""`tracker formats`: every input format tracker reads."""

from __future__ import annotations

import typer

from tracker.cli.options import TableFormat, show


def formats_command(
    format: TableFormat = typer.Option(TableFormat.TABLE, "--format", help="Output: table, markdown, json or csv."),
) -> None:
    """List the input formats, in detection order, with a one-line example each."""
    from tracker import parsers
    from tracker.reports.table import Column, Table

    entries = [{"name": m.NAME, "description": m.DESCRIPTION, "example": m.EXAMPLE} for m in parsers.FORMATS]
    columns = (Column("Format"), Column("Reads"), Column("Example"))
    rows = tuple((e["name"], e["description"], e["example"]) for e in entries)
    show(format, data=entries, table=lambda: Table(columns, rows))
