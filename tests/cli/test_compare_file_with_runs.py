"""`tracker compare FILE`: a result file judged against its baseline in the database, which stays as it was."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import run
from tests.conftest import DATA

TUBULAR = sorted((DATA / "pytest_benchmark").glob("tubular__history__v0*"))
V06 = TUBULAR[5]
SLOWED_FILE = "tests/misc/test_SetValueTransformer.py"


def _ingest(db: str, *paths: Path) -> None:
    outcome = run("ingest", *paths, "--db", db)
    assert outcome.exit_code == 0, outcome.stderr


def _compare(db: str, *args: str | Path) -> tuple[int, dict[str, Any]]:
    outcome = run("compare", *args, "--db", db, "--format", "json")
    assert outcome.exit_code in (0, 1), outcome.stderr
    return outcome.exit_code, json.loads(outcome.stdout)


def _md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def test_a_file_is_judged_against_the_database_which_stays_byte_for_byte_the_same(sqlite_db: str) -> None:
    _ingest(sqlite_db, *TUBULAR[:5])
    database = Path(sqlite_db)
    before, files_before = _md5(database), sorted(database.parent.iterdir())
    code, document = _compare(sqlite_db, V06)
    assert code == 1
    regressed = [row["test_name"] for row in document["tests"] if row["verdict"] == "regressed"]
    assert len(regressed) == 5 and all(name.startswith(SLOWED_FILE) for name in regressed)
    assert _md5(database) == before
    assert sorted(database.parent.iterdir()) == files_before  # no -wal, -shm or journal left behind
    assert len(json.loads(run("runs", "--db", sqlite_db, "--format", "json").stdout)) == 5


def test_the_verdicts_equal_an_ingest_followed_by_a_compare(database: str) -> None:
    """The baseline's history (the noise model) comes along: every number and word is the same."""
    _ingest(database, *TUBULAR[:5])
    code, from_file = _compare(database, V06)
    _ingest(database, V06)
    stored_code, stored = _compare(database)
    assert (code, from_file) == (stored_code, stored)
    assert from_file["history_runs"] >= 4


def test_the_baseline_flags_pick_the_baseline_as_for_a_stored_run(sqlite_db: str) -> None:
    _ingest(sqlite_db, *TUBULAR[:5])
    older = json.loads(run("runs", "--db", sqlite_db, "--format", "json").stdout)[1]
    _, from_file = _compare(sqlite_db, V06, "--baseline", older["commit"][:10])
    assert [b["commit"] for b in from_file["baselines"]] == [older["commit"]]
    _ingest(sqlite_db, V06)
    _, stored = _compare(sqlite_db, "--baseline", older["commit"][:10])
    assert from_file == stored


def test_a_file_already_stored_is_judged_as_its_stored_run(sqlite_db: str) -> None:
    _ingest(sqlite_db, *TUBULAR[:6])
    _, from_file = _compare(sqlite_db, TUBULAR[4])
    _, stored = _compare(sqlite_db, "--candidate", "5")
    assert from_file == stored and from_file["candidate"]["id"] == 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--candidate", "1"), "judges the file's run as the candidate; drop --candidate"),
        (("--baseline", "nosuchref"), "no run matches 'nosuchref'"),
    ],
)
def test_what_a_file_and_database_compare_refuses(sqlite_db: str, args: tuple[str, ...], message: str) -> None:
    _ingest(sqlite_db, *TUBULAR[:2])
    outcome = run("compare", V06, *args, "--db", sqlite_db)
    assert outcome.exit_code == 2
    assert message in outcome.stderr


def test_a_history_file_is_refused_with_the_way_to_compare_its_runs(sqlite_db: str) -> None:
    _ingest(sqlite_db, *TUBULAR[:2])
    history = DATA / "github_action_benchmark" / "risinglightdb__risinglight__data.js"
    outcome = run("compare", history, "--db", sqlite_db)
    assert outcome.exit_code == 2
    assert "runs (a history); a file compared with the database is one run" in outcome.stderr


def test_standard_input_is_a_file_too(sqlite_db: str) -> None:
    _ingest(sqlite_db, *TUBULAR[:5])
    piped = run("compare", "-", "--db", sqlite_db, "--format", "json", input=V06.read_bytes())
    assert piped.exit_code == 1, piped.stderr
    _, named = _compare(sqlite_db, V06)
    verdicts = [(row["test_name"], row["verdict"], row["change_pct"]) for row in json.loads(piped.stdout)["tests"]]
    assert verdicts == [(row["test_name"], row["verdict"], row["change_pct"]) for row in named["tests"]]
