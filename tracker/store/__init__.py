"""The database: the only package that imports SQLAlchemy.

A `Store` checks the schema before anything else happens: an empty database is created
when writing, an older one must be upgraded with `tracker db upgrade`, a newer one is refused.
`schema` works on the schema itself, for `tracker db`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from sqlalchemy import Connection, Engine, RootTransaction
from sqlalchemy.exc import DBAPIError, OperationalError

from tracker.domain import Measurement, ParsedRun
from tracker.errors import DatabaseError
from tracker.store import engine as engines
from tracker.store import migrate
from tracker.store.copy import CopyCheck, copy_history, copy_sqlite
from tracker.store.export import ExportQueries
from tracker.store.profiles import ProfileQueries
from tracker.store.queries import Queries
from tracker.store.series import SeriesQueries
from tracker.store.writer import RunWriter, SaveResult, append_samples

IN_MEMORY = "sqlite://"


class Store(Queries, ProfileQueries, SeriesQueries, ExportQueries):
    """A session on one database, opened once per command and closed with it.

    `Store(database)` names the database (a path, a URL or None for ./benchmarks.db); the
    connection is made and the schema checked on first use, so that a command's own usage errors
    are reported before the database's. Use it as a context manager:

        with Store("benchmarks.db") as store:
            runs = store.runs()
    """

    def __init__(self, database: str | None = None, *, writable: bool = False) -> None:
        self.database = database
        self.writable = writable
        self.url = ""
        """The resolved URL, once connected."""
        self._engine: Engine | None = None
        self._created: Path | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine, self.url, self._created = _connect(self.database, writable=self.writable)
        return self._engine

    def connect(self) -> Self:
        """Connect and check the schema now rather than on first use."""
        _ = self.engine
        return self

    def save_runs(self, runs: list[ParsedRun]) -> SaveResult:
        """Write parsed runs in one transaction; runs already stored are skipped."""
        with self.saving() as session:
            session.add(runs)
        return session.result()

    @contextmanager
    def saving(self) -> Iterator[SavingSession]:
        """Runs saved slice by slice (`add`) in ONE transaction, begun with the first slice and committed
        when the block ends; when the block raises, nothing is written (and a database file created
        for it is removed), so that a failure anywhere leaves the database as it was."""
        session = SavingSession(self)
        try:
            yield session
            session.commit()
            self._created = None  # the file holds committed runs now: a later failure must keep it
        except BaseException:
            session.rollback()
            self._remove_if_created()
            raise

    def copy_into(self, target: Store) -> CopyCheck:
        """Copy this whole database into the empty TARGET (a new file or an empty server database)."""
        engine = target.engine
        with translate_errors(target.url):
            try:
                return copy_history(self.engine, engine, target.url)
            except BaseException:
                target._remove_if_created()
                raise

    def in_memory_copy(self) -> Store:
        """A writable copy of this whole database in memory, for work that must leave it untouched (a
        result file compared with its runs): SQLite is copied page by page, other databases row by row."""
        scratch = Store(IN_MEMORY, writable=True)
        try:
            if self.engine.dialect.name == "sqlite":
                with translate_errors(self.url):
                    copy_sqlite(self.engine, scratch.engine)
            else:
                self.copy_into(scratch)
        except BaseException:
            scratch.close()
            raise
        return scratch

    def append_samples(self, run_id: int, measurements: Sequence[Measurement]) -> int:
        """Add re-run values to the results run RUN_ID holds, in one transaction (see writer.append_samples)."""
        with translate_errors(self.url):
            return append_samples(self.engine, run_id, measurements)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def _remove_if_created(self) -> None:
        """A database file this process created is removed again when the first write fails."""
        if self._created is None:
            return
        self.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self._created}{suffix}").unlink(missing_ok=True)


class SavingSession:
    """The open transaction of `Store.saving`; the database is connected at the first slice, so that
    an input that fails before it is reported before any problem of the database."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._connection: Connection | None = None
        self._transaction: RootTransaction | None = None
        self._writer: RunWriter | None = None

    def add(self, runs: Sequence[ParsedRun]) -> None:
        """Write RUNS (a slice of the ingest); runs stored already, or earlier in this session, are skipped."""
        if self._writer is None:
            engine = self._store.engine
            with translate_errors(self._store.url):
                self._connection = engine.connect()
                self._transaction = self._connection.begin()
            self._writer = RunWriter(self._connection)
        with translate_errors(self._store.url):
            self._writer.add(runs)

    def result(self) -> SaveResult:
        return self._writer.result() if self._writer is not None else SaveResult((), 0, 0, 0)

    def commit(self) -> None:
        if self._transaction is not None:
            with translate_errors(self._store.url):
                self._transaction.commit()
        self._close()

    def rollback(self) -> None:
        try:
            if self._transaction is not None and self._transaction.is_active:
                self._transaction.rollback()
        finally:
            self._close()

    def _close(self) -> None:
        if self._connection is not None:
            self._connection.close()
        self._connection = self._transaction = None


def open_store(database: str | None, *, writable: bool = False) -> Store:
    """Open `database` (a path, a URL or None for ./benchmarks.db) with its schema checked."""
    return Store(database, writable=writable).connect()


def _connect(database: str | None, *, writable: bool) -> tuple[Engine, str, Path | None]:
    """An engine on a schema-checked database, its URL, and the file it created (if any)."""
    url = engines.resolve_url(database)
    path = engines.sqlite_path(url)
    created = None
    if path is not None:
        created = prepare_file(path, writable=writable)
    engine = engines.create(url, writable=writable)
    where = str(path) if path is not None else engine.url.render_as_string(hide_password=True)
    try:
        with translate_errors(where), engine.connect() as connection:
            schema = migrate.state(connection)
        migrate.refuse_newer(schema, where)
        if writable and not schema.is_current:
            with translate_errors(where):
                schema = migrate.create_if_empty(engine, where)
        _require_current(schema, where)
    except BaseException:
        engine.dispose()
        if created is not None:
            Path(created).unlink(missing_ok=True)
        raise
    return engine, url, created


def _require_current(schema: migrate.SchemaState, where: str) -> None:
    if schema.is_empty:
        raise DatabaseError(
            f"{where}: not a tracker database (no tables); ingest results first or run tracker db upgrade"
        )
    if schema.is_unversioned:
        raise DatabaseError(migrate.unversioned_message(where))
    if not schema.is_current:
        raise DatabaseError(
            f"{where}: the schema is at revision {schema.current}, this tracker needs {schema.head}; "
            f"run: tracker db upgrade --db {where}"
        )


def prepare_file(path: Path, *, writable: bool) -> Path | None:
    """Check a SQLite file can be used; return it when it does not exist yet (it will be created)."""
    if path.exists():
        if path.is_dir():
            raise DatabaseError(f"{path}: is a folder, not a database file; pass a file path with --db")
        return None
    if not writable:
        raise DatabaseError(
            f"{path}: no database here; ingest results first (tracker ingest FILE --db {path}) or pass --db"
        )
    if not path.parent.is_dir():
        raise DatabaseError(f"{path}: the folder {path.parent} does not exist; create it or pass another --db")
    return path


@contextmanager
def translate_errors(where: str) -> Iterator[None]:
    """Database driver errors become messages that say what to do."""
    try:
        yield
    except OperationalError as error:
        text = str(error.orig)
        if "locked" in text or "busy" in text:
            raise DatabaseError(
                f"{where}: the database is locked by another process; retry when it has finished"
            ) from error
        if "readonly" in text or "unable to open" in text or "read-only" in text:
            raise DatabaseError(
                f"{where}: cannot write the database ({text}); check the file's permissions or pass another --db"
            ) from error
        raise DatabaseError(f"{where}: {text}") from error
    except DBAPIError as error:
        text = str(error.orig)
        if "file is not a database" in text:
            raise DatabaseError(f"{where}: not a SQLite database file; pass the right file with --db") from error
        raise DatabaseError(f"{where}: {text}") from error


__all__ = ["CopyCheck", "SaveResult", "SavingSession", "Store", "open_store", "translate_errors"]
