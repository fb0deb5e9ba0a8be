"""Alembic environment: tracker passes an open connection in `config.attributes`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from tracker.store.models import Base


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is None:
    raise SystemExit("run migrations through `tracker db upgrade --db URL`, which passes the connection")
run(connection)
