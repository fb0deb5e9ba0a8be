"""Which database, and how to connect to it (SQLite pragmas, PostgreSQL)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from tracker.errors import DatabaseError

DEFAULT_DATABASE = "benchmarks.db"
BUSY_TIMEOUT_MS = 10_000


def resolve_url(database: str | None) -> str:
    """A SQLAlchemy URL from `--db`: a URL as given, a file path as SQLite, none as ./benchmarks.db."""
    value = database or DEFAULT_DATABASE
    if "://" in value:
        try:
            make_url(value)
        except ArgumentError as error:
            raise DatabaseError(
                f"{value}: not a database URL ({error}); use a file path or a SQLAlchemy URL"
            ) from error
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def create(url: str, *, writable: bool) -> Engine:
    """An engine; SQLite gets foreign keys, a busy timeout and (when writing) WAL."""
    if not writable:
        url = _immutable_when_unwritable(url)
    try:
        engine = create_engine(url)
    except (ArgumentError, ImportError) as error:
        raise DatabaseError(f"{url}: cannot open ({error}); check the URL and that its driver is installed") from error
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine, writable=writable)
    return engine


def _immutable_when_unwritable(url: str) -> str:
    """A SQLite file this process cannot write is opened as immutable: SQLite would otherwise create
    `-wal` and `-shm` files beside it that it cannot remove (a read must leave nothing behind). Not
    when a `-wal` file holds changes: those must be read, through the usual (shared) opening."""
    path = sqlite_path(url)
    if path is None or not path.is_file() or os.access(path, os.W_OK):
        return url
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return url
    return f"sqlite:///file:{quote(str(path))}?immutable=1&uri=true"


def _configure_sqlite(engine: Engine, *, writable: bool) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own BEGIN handling breaks transactional DDL; take over the transactions.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if writable:
            cursor.execute("PRAGMA journal_mode = WAL")
        else:
            cursor.execute("PRAGMA query_only = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # Take the write lock at the start so concurrent writers wait instead of failing mid-way.
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writable else "BEGIN")
