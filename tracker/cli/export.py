"""`tracker export`: the whole database as tracker's JSON, for another database, a results branch or a backup."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import typer

from tracker.cli.options import DATABASE, emit, note
from tracker.cli.session import database_session
from tracker.cli.settings import Settings
from tracker.errors import UsageError


def export_command(
    output: str = typer.Option(
        "-", "--output", "-o", help="File to write [default: - for standard output]; written whole or not at all."
    ),
    database: str | None = DATABASE,
) -> None:
    """Write every run (commits, tests, samples, summaries, profiles) as tracker's JSON; ingest reads it back."""
    from tracker.api.export import export_json

    settings = Settings.load()
    with database_session(settings, database) as store:
        _write(output, export_json(store))


def _write(output: str, chunks: Iterator[str]) -> None:
    """To standard output, or into a file that is replaced only once the whole document is written."""
    if output == "-":
        for chunk in chunks:
            emit(chunk)
        return
    target = Path(output)
    if not target.parent.is_dir():
        raise UsageError(
            f"--output {output}: the folder {target.parent} does not exist; create it or pick another path"
        )
    from tracker.reports.output_file import write_output

    write_output(target, chunks)
    note(f"exported to {target}")
