"""The schema itself, for `tracker db`: no schema check first, since these commands mend it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine

from tracker.store import engine as engines
from tracker.store import migrate, prepare_file, translate_errors


@contextmanager
def _engine(database: str | None, *, create: bool = False, writable: bool = True) -> Iterator[tuple[Engine, str]]:
    """An engine without schema checks and its URL; CREATE allows a new file, and a read-only engine
    (WRITABLE false) changes nothing, not even an empty file's header."""
    url = engines.resolve_url(database)
    path = engines.sqlite_path(url)
    if path is not None:
        prepare_file(path, writable=create)
    engine = engines.create(url, writable=writable)
    try:
        yield engine, url
    finally:
        engine.dispose()


def state(database: str | None) -> tuple[str, migrate.SchemaState]:
    """The database's URL and its schema revision against the newest one, read without writing; a
    database from a newer tracker is refused."""
    with _engine(database, writable=False) as (engine, url), translate_errors(url), engine.connect() as connection:
        found = migrate.state(connection)
    migrate.refuse_newer(found, url)
    return url, found


def upgrade(database: str | None, revision: str = "head") -> None:
    """Create the database if needed and bring its schema to REVISION."""
    with _engine(database, create=True) as (engine, url), translate_errors(url):
        migrate.upgrade(engine, revision, url)


def downgrade(database: str | None, revision: str) -> None:
    with _engine(database) as (engine, url), translate_errors(url):
        migrate.downgrade(engine, revision)


def check(database: str | None) -> None:
    """Raise if the models and the migrated schema differ (a migration is missing)."""
    with _engine(database, writable=False) as (engine, _):
        migrate.check(engine)
