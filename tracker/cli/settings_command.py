"""`tracker config`: every effective setting and where it came from."""

from __future__ import annotations

import typer

from tracker.cli.options import TableFormat, show
from tracker.cli.settings import Settings


def config_command(
    format: TableFormat = typer.Option(TableFormat.TABLE, "--format", help="Output: table, markdown, json or csv."),
) -> None:
    """Show every setting: its value, where it came from, its environment variable."""
    from tracker.reports.table import Column, Table

    effective = Settings.load().all()
    data = [
        {
            "key": e.setting.key,
            "value": e.value,
            "source": e.source,
            "env": e.setting.env,
            "aliases": list(e.setting.aliases),
        }
        for e in effective
    ]
    columns = (Column("Setting"), Column("Value"), Column("Source"), Column("Environment variable"))
    rows = tuple((d["key"], str(d["value"]), d["source"], d["env"]) for d in data)
    show(format, data=data, table=lambda: Table(columns, rows))
