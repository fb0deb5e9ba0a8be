"""Read commands change nothing; schema states each get an answer with its fix; empty inputs store nothing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.cli.helpers import run
from tests.conftest import DATA, ROOT
from tracker.store import migrate

EXAMPLE = ROOT / "benchmarks.db.example"
RUN_FILE = DATA / "pytest_benchmark" / "tubular__history__v01__0001_baseline.json"


def _execute(path: Path, statement: str) -> None:
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text(statement))
    engine.dispose()


@pytest.fixture
def example(tmp_path: Path) -> Path:
    copy = tmp_path / "example.db"
    shutil.copy(EXAMPLE, copy)
    return copy


@pytest.fixture
def read_only(example: Path) -> Iterator[Path]:
    """The example database in WAL mode, made unwritable (root ignores permissions: the immutable flag)."""
    assert run("ingest", RUN_FILE, "--commit", "abc1234", "--db", example).exit_code == 0  # leaves it in WAL mode
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(example)], check=True)
    else:
        example.chmod(0o444)
    try:
        yield example
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(example)], check=True)


def test_db_current_refuses_a_newer_schema_like_upgrade_does(example: Path) -> None:
    _execute(example, "UPDATE alembic_version SET version_num = '9999_from_the_future'")
    outcome = run("db", "current", "--db", example)
    assert outcome.exit_code == 2
    assert "9999_from_the_future, newer than this tracker knows" in outcome.stderr
    assert "needs: tracker db upgrade" not in outcome.stdout


def test_db_current_on_an_empty_file_leaves_it_empty(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    outcome = run("db", "current", "--db", empty)
    assert outcome.exit_code == 0
    assert "schema at none" in outcome.stdout
    assert empty.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]


@pytest.mark.parametrize("command", [["runs"], ["tests"], ["compare"], ["db", "current"], ["db", "check"]])
def test_reads_of_a_read_only_database_leave_no_files_behind(read_only: Path, command: list[str]) -> None:
    before = sorted(p.name for p in read_only.parent.iterdir())
    outcome = run(*command, "--db", read_only)
    assert outcome.exit_code in (0, 1), outcome.stderr
    assert sorted(p.name for p in read_only.parent.iterdir()) == before == ["example.db"]


def test_an_emptied_version_table_is_named_and_upgrade_records_it_again(example: Path) -> None:
    runs_before = run("runs", "--db", example).stdout
    _execute(example, "DELETE FROM alembic_version")
    refused = run("runs", "--db", example)
    assert refused.exit_code == 2
    assert "tables but no schema revision" in refused.stderr
    assert f"run: tracker db upgrade --db {example}" in refused.stderr
    upgraded = run("db", "upgrade", "--db", example)
    assert upgraded.exit_code == 0, upgraded.stderr
    assert f"schema at {migrate.head()}" in upgraded.stdout
    assert run("runs", "--db", example).stdout == runs_before


def test_an_emptied_version_table_with_other_tables_is_refused_with_the_fix(example: Path) -> None:
    _execute(example, "DELETE FROM alembic_version")
    _execute(example, "ALTER TABLE runs ADD COLUMN surprise TEXT")
    outcome = run("db", "upgrade", "--db", example)
    assert outcome.exit_code == 2
    assert "differ from the newest schema" in outcome.stderr
    assert "already exists" not in outcome.stderr


def test_a_file_with_no_tests_is_refused_and_nothing_is_stored(tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    document = json.loads(RUN_FILE.read_text(encoding="utf-8"))
    empty.write_text(json.dumps({**document, "benchmarks": []}), encoding="utf-8")
    database = tmp_path / "new.db"
    outcome = run("ingest", empty, "--commit", "abc1234", "--db", database)
    assert outcome.exit_code == 2
    assert f"{empty}: no tests in this file; nothing was stored" in outcome.stderr
    assert not database.exists()


def test_in_a_folder_a_file_with_no_tests_is_skipped_with_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "results"
    folder.mkdir()
    document = json.loads(RUN_FILE.read_text(encoding="utf-8"))
    (folder / "a_empty.json").write_text(json.dumps({**document, "benchmarks": []}), encoding="utf-8")
    shutil.copy(RUN_FILE, folder / "b_full.json")
    database = tmp_path / "new.db"
    outcome = run("ingest", folder, "--commit", "abc1234", "--db", database)
    assert outcome.exit_code == 0, outcome.stderr
    assert f"skipped {folder}/a_empty.json: no tests in it" in outcome.stderr
    assert "ingested 1 new run(s)" in outcome.stderr
