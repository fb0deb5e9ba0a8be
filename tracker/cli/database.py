"""`tracker db upgrade | downgrade | current | check`."""

from __future__ import annotations

import typer

from tracker.cli.options import DATABASE, emit
from tracker.cli.settings import Settings

app = typer.Typer(help="Create, upgrade and check the database schema.", no_args_is_help=True)


def _database(given: str | None) -> str:
    return str(Settings.load().get("database", given))


@app.command("upgrade")
def upgrade_command(
    revision: str = typer.Argument("head", help="Target revision."),
    database: str | None = DATABASE,
) -> None:
    """Create the database, or bring its schema up to date."""
    from tracker.api.database import upgrade

    status = upgrade(_database(database), revision)
    emit(f"{status.database}: schema at {status.current}\n")


@app.command("downgrade")
def downgrade_command(
    revision: str = typer.Argument(..., help="Target revision (base removes every table)."),
    database: str | None = DATABASE,
) -> None:
    """Take the schema back to an older revision (data in removed tables is lost)."""
    from tracker.api.database import downgrade

    status = downgrade(_database(database), revision)
    emit(f"{status.database}: schema at {status.current or 'base'}\n")


@app.command("current")
def current_command(database: str | None = DATABASE) -> None:
    """Show the schema revision of the database and the newest one this tracker knows."""
    from tracker.api.database import current

    status = current(_database(database))
    state = "up to date" if status.up_to_date else "needs: tracker db upgrade"
    emit(f"{status.database}: schema at {status.current or 'none'}, newest {status.head} ({state})\n")


@app.command("check")
def check_command(database: str | None = DATABASE) -> None:
    """Exit 2 unless the schema is current and matches the models exactly."""
    from tracker.api.database import check

    status = check(_database(database))
    emit(f"{status.database}: schema at {status.current}, matches the models\n")


@app.command("copy")
def copy_command(
    source: str = typer.Option(..., "--from", help="The database to copy: a SQLite file or a database URL."),
    target: str = typer.Option(..., "--to", help="An empty database to copy into (created when it is a new file)."),
) -> None:
    """Copy a whole history between databases (SQLite <-> PostgreSQL), checked by row counts and a sample checksum."""
    from tracker.api.database import copy

    check = copy(source, target)
    counts = ", ".join(f"{rows} {table}" for table, rows in check.rows.items())
    emit(f"copied {counts}; samples checksum {check.samples_checksum} on both sides\n")
