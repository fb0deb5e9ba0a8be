"""Copying a whole history between databases (SQLite <-> PostgreSQL), checked after the copy.

Every table is read in slices and written through SQLAlchemy (so JSON and times convert between
dialects), in one transaction on the target: a failed copy leaves the target as it was. The
copy is checked by the row count of every table and a checksum of every sample (run, test,
metric, index and the exact bits of its value), computed on each side by reading it back. The
checksum is a sum of per-sample hashes, so it does not depend on the order rows come back in
(PostgreSQL and SQLite sort text differently).
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, func, insert, select, text

from tracker.errors import DatabaseError
from tracker.store import models

_SLICE = 50_000
_TABLES = [models.Commit, models.Metric, models.Test, models.Run, models.Result, models.Sample, models.ProfileNode]
_SERIAL = [models.Commit, models.Metric, models.Run, models.ProfileNode]
"""Tables whose integer ids PostgreSQL draws from a sequence, which must move past the copied ids."""


@dataclass(frozen=True)
class CopyCheck:
    """What both databases hold after a copy: rows per table, and the samples' checksum."""

    rows: dict[str, int]
    samples_checksum: str


def copy_history(source: Engine, target: Engine, where: str) -> CopyCheck:
    """Copy every row of SOURCE into the empty database TARGET (named WHERE in messages); check it."""
    with target.begin() as writing:
        held = writing.execute(select(func.count()).select_from(models.Run)).scalar_one()
        if held:
            raise DatabaseError(
                f"{where}: already holds {held} run(s); copy into an empty database (a new file or URL)"
            )
        with source.connect() as reading:
            for model in _TABLES:
                _copy_table(reading, writing, model)
        if writing.dialect.name == "postgresql":
            for model in _SERIAL:
                name = model.__tablename__
                restart = f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), coalesce(max(id), 0) + 1, false)"
                writing.execute(text(f"{restart} FROM {name}"))
    copied, expected = checked(target), checked(source)
    if copied != expected:
        raise DatabaseError(
            f"{where}: the copy differs from its source ({copied} against {expected}); it was kept for inspection"
        )
    return copied


def copy_sqlite(source: Engine, target: Engine) -> None:
    """Copy the SQLite database SOURCE over TARGET whole, page by page (SQLite's backup: a read of SOURCE)."""
    reading, writing = source.raw_connection(), target.raw_connection()
    try:
        reading.driver_connection.backup(writing.driver_connection)  # type: ignore[union-attr]
    finally:
        reading.close()
        writing.close()


def _copy_table(reading: Connection, writing: Connection, model: type[models.Base]) -> None:
    table = models.Base.metadata.tables[model.__tablename__]
    rows = reading.execution_options(yield_per=_SLICE).execute(select(table).order_by(*table.primary_key.columns))
    for part in rows.partitions():
        writing.execute(insert(table), [row._asdict() for row in part])


def checked(engine: Engine) -> CopyCheck:
    """Row counts of every table and the checksum of every sample of the database behind ENGINE."""
    with engine.connect() as connection:
        rows = {
            model.__tablename__: int(connection.execute(select(func.count()).select_from(model)).scalar_one())
            for model in _TABLES
        }
        sample = models.Sample
        total = 0
        values = connection.execution_options(yield_per=_SLICE).execute(
            select(sample.run_id, sample.test_id, sample.metric_id, sample.idx, sample.value)
        )
        for part in values.partitions():
            for run_id, test_id, metric_id, idx, value in part:
                row = f"{run_id}|{test_id}|{metric_id}|{idx}|".encode() + struct.pack("<d", value)
                total += int.from_bytes(hashlib.blake2b(row, digest_size=16).digest(), "little")
    return CopyCheck(rows, f"{total % 2**128:032x}")
