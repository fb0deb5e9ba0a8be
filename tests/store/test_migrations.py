"""The schema comes only from Alembic migrations, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from tests.cli.helpers import run
from tests.conftest import DATA
from tracker.store import migrate

TABLES = {"commits", "runs", "tests", "metrics", "results", "samples", "profile_nodes"}


def _tables(url: str) -> set[str]:
    engine = create_engine(url if "://" in url else f"sqlite:///{url}")
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def _set_revision(url: str, revision: str) -> None:
    engine = create_engine(url if "://" in url else f"sqlite:///{url}")
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    engine.dispose()


def test_upgrade_downgrade_upgrade_round_trip(database: str) -> None:
    head = migrate.head()
    up = run("db", "upgrade", "--db", database)
    assert up.exit_code == 0, up.stderr
    assert f"schema at {head}" in up.stdout
    assert _tables(database) >= TABLES
    down = run("db", "downgrade", "base", "--db", database)
    assert down.exit_code == 0, down.stderr
    assert _tables(database) == set()
    assert run("db", "upgrade", "--db", database).exit_code == 0
    assert _tables(database) >= TABLES


def test_models_and_migrations_agree(database: str) -> None:
    """`alembic check`: autogenerate finds nothing left to migrate."""
    assert run("db", "upgrade", "--db", database).exit_code == 0
    outcome = run("db", "check", "--db", database)
    assert outcome.exit_code == 0, outcome.stderr
    assert "matches the models" in outcome.stdout


def test_current_reports_revision_and_newest(sqlite_db: str) -> None:
    run("db", "upgrade", "--db", sqlite_db)
    outcome = run("db", "current", "--db", sqlite_db)
    assert outcome.stdout.endswith(f"schema at {migrate.head()}, newest {migrate.head()} (up to date)\n")


def test_current_on_a_missing_file_creates_nothing(sqlite_db: str) -> None:
    outcome = run("db", "current", "--db", sqlite_db)
    assert outcome.exit_code == 2
    assert "no database here" in outcome.stderr
    assert not Path(sqlite_db).exists()


def test_a_newer_schema_is_refused(database: str) -> None:
    run("ingest", DATA / "pytest_benchmark" / "tubular__history__v01__0001_baseline.json", "--db", database)
    _set_revision(database, "9999_from_the_future")
    for command in (
        ["runs"],
        ["compare"],
        ["ingest", DATA / "pytest_benchmark" / "tubular__history__v02__0001_baseline.json"],
    ):
        outcome = run(*command, "--db", database)
        assert outcome.exit_code == 2, command
        assert "9999_from_the_future, newer than this tracker knows" in outcome.stderr
        assert "upgrade tracker" in outcome.stderr
    assert run("db", "upgrade", "--db", database).exit_code == 2


def test_an_older_schema_says_how_to_upgrade(sqlite_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A tracker whose migrations have one more revision than the database has."""
    newer = tmp_path / "migrations"
    shutil.copytree(migrate.script_location(), newer)
    (newer / "versions" / "9000_later.py").write_text(
        f'revision = "9000"\ndown_revision = "{migrate.head()}"\nbranch_labels = None\ndepends_on = None\n\n'
        "def upgrade() -> None:\n    pass\n\n\ndef downgrade() -> None:\n    pass\n"
    )
    current = migrate.head()
    assert run("db", "upgrade", "--db", sqlite_db).exit_code == 0
    monkeypatch.setattr(migrate, "script_location", lambda: newer)
    outcome = run("runs", "--db", sqlite_db)
    assert outcome.exit_code == 2
    assert f"the schema is at revision {current}, this tracker needs 9000" in outcome.stderr
    assert f"run: tracker db upgrade --db {sqlite_db}" in outcome.stderr
    assert run("db", "upgrade", "--db", sqlite_db).exit_code == 0
    assert run("runs", "--db", sqlite_db).exit_code == 0


def test_sqlite_runs_with_wal_and_foreign_keys(sqlite_db: str) -> None:
    run("ingest", DATA / "pytest_benchmark" / "tubular__history__v01__0001_baseline.json", "--db", sqlite_db)
    import sqlite3

    with sqlite3.connect(sqlite_db) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    from tracker.store import open_store

    store = open_store(sqlite_db)
    try:
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    finally:
        store.close()
