"""Schema versions through Alembic: where the migrations live, upgrade, current, check.

Every command checks the schema first, so that check stays light: the database's revision is
read with one query and the newest revision from the migration files' own `revision =` lines.
Alembic itself (a third of a second to import) is loaded only to change or inspect the schema.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from tracker.errors import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

_REVISION = re.compile(r"""^(down_revision|revision)\s*(?::[^=]*)?=\s*["']?([^"'\s]+)""", re.MULTILINE)


def script_location() -> Path:
    """`tracker/_migrations` in an installed wheel, the repository's `migrations/` in a checkout."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "_migrations"
    return packaged if packaged.is_dir() else package.parent / "migrations"


def _config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config(stdout=sys.stdout)  # the stdout of now: alembic is imported late, maybe while it is redirected
    config.set_main_option("script_location", str(script_location()))
    config.attributes["connection"] = connection
    return config


def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def head() -> str:
    """The newest revision: the one no migration file names as its `down_revision`."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (script_location() / "versions").glob("*.py"):
        for kind, value in _REVISION.findall(path.read_text(encoding="utf-8")):
            (revisions if kind == "revision" else parents).add(value)
    heads = revisions - parents
    assert len(heads) == 1, f"the migrations folder must have one head, not {sorted(heads)}"
    return heads.pop()


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str
    has_tables: bool

    @property
    def is_empty(self) -> bool:
        return self.current is None and not self.has_tables

    @property
    def is_current(self) -> bool:
        return self.current == self.head

    @property
    def is_unversioned(self) -> bool:
        """Tables but no revision: the alembic_version table was emptied or dropped."""
        return self.current is None and self.has_tables

    @property
    def is_newer(self) -> bool:
        """The database was migrated by a newer tracker: its revision is unknown to this one."""
        if self.current is None or self.current == self.head:
            return False
        from alembic.util.exc import CommandError

        try:
            return _scripts().get_revision(self.current) is None
        except CommandError:
            return True


def state(connection: Connection) -> SchemaState:
    names = set(inspect(connection).get_table_names())
    current = None
    if "alembic_version" in names:
        current = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return SchemaState(current=current, head=head(), has_tables=bool(names - {"alembic_version"}))


# Any constant will do; it only has to be the same for every tracker process.
_MIGRATION_LOCK = 0x7472_6163_6B65_72


def upgrade(engine: Engine, revision: str = "head", where: str | None = None) -> None:
    with engine.begin() as connection:
        _lock(connection)
        schema = state(connection)
        refuse_newer(schema, where or str(engine.url))
        if schema.is_unversioned:
            _restamp(connection, where or str(engine.url))
        from alembic import command

        command.upgrade(_config(connection), revision)


def _restamp(connection: Connection, where: str) -> None:
    """Record the newest revision again when the tables are exactly the newest schema; refuse otherwise."""
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from tracker.store.models import Base

    if compare_metadata(MigrationContext.configure(connection), Base.metadata):
        raise DatabaseError(
            f"{where}: the database has tracker's tables but no schema revision (its alembic_version table is "
            "empty), and they differ from the newest schema; restore the database from a backup, or write its "
            "revision back into alembic_version (version_num) and run tracker db upgrade again"
        )
    command.stamp(_config(connection), "head")


def create_if_empty(engine: Engine, where: str) -> SchemaState:
    """Create the schema if the database is still empty, and return its state, both under the lock.

    A state read outside the lock can catch another process half-way (its tables there, its
    revision not yet): judged again here, it is whole.
    """
    with engine.begin() as connection:
        _lock(connection)
        schema = state(connection)
        refuse_newer(schema, where)
        if schema.is_empty:
            from alembic import command

            command.upgrade(_config(connection), "head")
            schema = state(connection)
    return schema


def _lock(connection: Connection) -> None:
    """Serialise schema changes: CI runners sharing a database may all find it empty at once."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
    # SQLite: a writer's transaction begins IMMEDIATE (store.engine), which is the lock.


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    with engine.begin() as connection:
        command.downgrade(_config(connection), revision)


def check(engine: Engine) -> None:
    """Raise if the models and the migrated schema differ (a migration is missing)."""
    from alembic import command
    from alembic.util.exc import CommandError

    with engine.begin() as connection:
        try:
            command.check(_config(connection))
        except CommandError as error:
            raise DatabaseError(f"{engine.url}: schema and models differ: {error}") from error


def unversioned_message(where: str) -> str:
    return (
        f"{where}: the database has tracker's tables but no schema revision (its alembic_version table is "
        f"empty); run: tracker db upgrade --db {where} (it records the revision when the tables match it)"
    )


def refuse_newer(schema: SchemaState, where: str) -> None:
    if schema.is_newer:
        raise DatabaseError(
            f"{where}: the database has schema revision {schema.current}, newer than this tracker knows "
            f"(its newest is {schema.head}); upgrade tracker (pip install -U tracker) to use it"
        )
