"""`tracker db copy`: a whole history moved between SQLite and PostgreSQL, without loss."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine

from tests.cli.helpers import run
from tests.conftest import DATA
from tracker.store.copy import checked

HISTORY = sorted((DATA / "pytest_benchmark").glob("tubular__history__v0[1-5]__*.json"))
NEWEST = sorted((DATA / "pytest_benchmark").glob("tubular__history__v06__*.json"))
SAMPLED = [
    DATA / "hyperfine" / "RUCICS__meowhw-delique1984__hyperfine_results.json",
    DATA / "go_bench" / "go_bench_count3.txt",
    DATA / "busted" / "busted_json_output_repeat2.json",
]
TRACE = DATA / "trace_event" / "HaydenA0__small-c-profiler__trace.json"


def _figures(database: str) -> tuple[dict[str, int], str]:
    engine = create_engine(database if "://" in database else f"sqlite:///{database}")
    try:
        found = checked(engine)
    finally:
        engine.dispose()
    return found.rows, found.samples_checksum


def test_a_history_goes_there_and_back_without_loss(database: str, tmp_path: Path) -> None:
    source, back = str(tmp_path / "source.db"), str(tmp_path / "back.db")
    assert run("ingest", *HISTORY, *SAMPLED, TRACE, "--db", source).exit_code == 0
    rows, checksum = _figures(source)
    assert rows["runs"] == len(HISTORY) + len(SAMPLED) + 1
    assert rows["samples"] > 20 and rows["profile_nodes"] > 0 and rows["results"] > rows["tests"]

    there = run("db", "copy", "--from", source, "--to", database)
    assert there.exit_code == 0, there.stderr
    assert f"samples checksum {checksum} on both sides" in there.stdout
    assert f"{rows['samples']} samples" in there.stdout
    assert _figures(database) == (rows, checksum)
    assert run("db", "copy", "--from", database, "--to", back).exit_code == 0
    assert _figures(back) == (rows, checksum)
    for command in (["runs"], ["compare", "--format", "json"], ["tests"]):
        assert run(*command, "--db", back).stdout == run(*command, "--db", source).stdout, command


def test_the_copy_takes_new_runs_afterwards(database: str, tmp_path: Path) -> None:
    """Ids drawn by the target (PostgreSQL's sequences) continue after the copied ones."""
    source = str(tmp_path / "source.db")
    assert run("ingest", *HISTORY, "--db", source).exit_code == 0
    assert run("db", "copy", "--from", source, "--to", database).exit_code == 0
    added = run("ingest", *NEWEST, "--db", database)
    assert added.exit_code == 0, added.stderr
    assert _figures(database)[0]["runs"] == len(HISTORY) + 1


def test_a_copy_goes_only_into_an_empty_database(database: str, tmp_path: Path) -> None:
    source = str(tmp_path / "source.db")
    assert run("ingest", *HISTORY, "--db", source).exit_code == 0
    assert run("ingest", *NEWEST, "--db", database).exit_code == 0
    refused = run("db", "copy", "--from", source, "--to", database)
    assert refused.exit_code == 2
    assert "already holds 1 run(s); copy into an empty database" in refused.stderr
    assert _figures(database)[0]["runs"] == 1
