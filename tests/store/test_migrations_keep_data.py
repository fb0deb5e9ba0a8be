"""Every migration keeps the data of a database filled at the revision before it.

A database filled at each older revision is kept: the shipped `benchmarks.db.example` for its own
revision, `tests/data/migrations/<revision>.db` for the others (add one, filled by the tracker of
that revision, whenever a migration is added). Each is upgraded one migration at a time to the
newest; after every step the rows of every table are all still there and the reports read the same.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from tests.cli.helpers import run
from tests.conftest import DATA, ROOT
from tracker.store import migrate

EXAMPLE = ROOT / "benchmarks.db.example"
FILLED_FOLDER = DATA / "migrations"


def _chain() -> list[tuple[str, str | None]]:
    """(revision, previous revision) from the first migration to the newest."""
    scripts = ScriptDirectory(str(migrate.script_location()))
    steps = [(script.revision, script.down_revision) for script in scripts.walk_revisions()]
    return [(revision, str(down) if down else None) for revision, down in reversed(steps)]


def _revision(path: Path) -> str:
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    engine.dispose()
    return str(revision)


def _filled() -> dict[str, Path]:
    found = {path.stem: path for path in sorted(FILLED_FOLDER.glob("*.db"))} if FILLED_FOLDER.is_dir() else {}
    return {**found, _revision(EXAMPLE): EXAMPLE}


def _row_counts(path: Path) -> dict[str, int]:
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        tables = [name for name in inspect(connection).get_table_names() if name != "alembic_version"]
        counts = {name: connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one() for name in tables}
    engine.dispose()
    return counts


def test_every_migration_has_a_database_filled_at_the_revision_before_it() -> None:
    chain = _chain()
    assert chain[0][1] is None and chain[-1][0] == migrate.head()
    filled = _filled()
    missing = [f"{previous} (before {revision})" for revision, previous in chain if previous and previous not in filled]
    assert missing == [], f"add a database filled at these revisions under {FILLED_FOLDER}"


def test_each_filled_database_upgrades_one_step_at_a_time_keeping_every_row(tmp_path: Path) -> None:
    chain = [revision for revision, _ in _chain()]
    for revision, source in _filled().items():
        copy = tmp_path / f"{revision}.db"
        shutil.copy(source, copy)
        counts = _row_counts(copy)
        assert counts["runs"] > 0 and counts["results"] > 0, f"{source} is not filled"
        runs_before = run("runs", "--db", copy).stdout if revision == migrate.head() else None
        for later in chain[chain.index(revision) + 1 :]:
            outcome = run("db", "upgrade", later, "--db", copy)
            assert outcome.exit_code == 0, outcome.stderr
            after = _row_counts(copy)
            assert {name: after.get(name) for name in counts} == counts, f"{later} lost rows of {source}"
        assert run("db", "check", "--db", copy).exit_code == 0
        if runs_before is not None:
            assert run("runs", "--db", copy).stdout == runs_before


def test_the_shipped_example_upgrades_to_the_newest_schema_and_still_shows_its_regression(tmp_path: Path) -> None:
    copy = tmp_path / "example.db"
    shutil.copy(EXAMPLE, copy)
    outcome = run("db", "upgrade", "--db", copy)
    assert outcome.exit_code == 0, outcome.stderr
    assert f"schema at {migrate.head()}" in outcome.stdout
    assert _row_counts(copy) == _row_counts(EXAMPLE)
    compared = run("compare", "--db", copy)
    assert compared.exit_code == 1
    assert "REGRESSED" in compared.stdout
