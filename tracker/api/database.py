"""Schema management: `tracker db upgrade | current | check`."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.store import migrate, open_engine, translate_errors


@dataclass(frozen=True)
class SchemaStatus:
    database: str
    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def _status(database: str | None) -> SchemaStatus:
    engine, url = open_engine(database)
    try:
        with translate_errors(url), engine.connect() as connection:
            state = migrate.state(connection)
        return SchemaStatus(url, state.current, state.head)
    finally:
        engine.dispose()


def upgrade(database: str | None, revision: str = "head") -> SchemaStatus:
    engine, url = open_engine(database, create=True)
    try:
        with translate_errors(url):
            migrate.upgrade(engine, revision)
    finally:
        engine.dispose()
    return _status(database)


def downgrade(database: str | None, revision: str) -> SchemaStatus:
    engine, url = open_engine(database)
    try:
        with translate_errors(url):
            migrate.downgrade(engine, revision)
    finally:
        engine.dispose()
    return _status(database)


def current(database: str | None) -> SchemaStatus:
    return _status(database)


def check(database: str | None) -> SchemaStatus:
    """Raise unless the database is at the newest revision and matches the models exactly."""
    status = _status(database)
    engine, _ = open_engine(database)
    try:
        migrate.check(engine)
    finally:
        engine.dispose()
    return status
