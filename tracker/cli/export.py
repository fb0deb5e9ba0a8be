"""`tracker export`: the whole database as tracker's JSON, for another database, a results branch or a backup."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import typer

from tracker.cli.options import DATABASE, note
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
            sys.stdout.write(chunk)
        sys.stdout.flush()
        return
    target = Path(output)
    if not target.parent.is_dir():
        raise UsageError(
            f"--output {output}: the folder {target.parent} does not exist; create it or pick another path"
        )
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("w", encoding="utf-8") as stream:
            for chunk in chunks:
                stream.write(chunk)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    note(f"exported to {target}")
