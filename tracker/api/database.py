"""Schema management: `tracker db upgrade | current | check`."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.store import CopyCheck, Store, schema


@dataclass(frozen=True)
class SchemaStatus:
    database: str
    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def _status(database: str | None) -> SchemaStatus:
    url, state = schema.state(database)
    return SchemaStatus(url, state.current, state.head)


def upgrade(database: str | None, revision: str = "head") -> SchemaStatus:
    schema.upgrade(database, revision)
    return _status(database)


def downgrade(database: str | None, revision: str) -> SchemaStatus:
    schema.downgrade(database, revision)
    return _status(database)


def current(database: str | None) -> SchemaStatus:
    return _status(database)


def check(database: str | None) -> SchemaStatus:
    """Raise unless the database is at the newest revision and matches the models exactly."""
    status = _status(database)
    schema.check(database)
    return status


def copy(source: str, target: str) -> CopyCheck:
    """Copy every run of SOURCE into the empty TARGET (SQLite <-> PostgreSQL), checked after the copy."""
    with Store(source) as reading, Store(target, writable=True) as writing:
        return reading.copy_into(writing)
