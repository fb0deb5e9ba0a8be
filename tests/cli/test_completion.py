"""Shell completion: commands, and the test names of the database for commands that take a test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.cli.helpers import run
from tests.conftest import DATA

RISINGLIGHT = DATA / "github_action_benchmark" / "risinglightdb__risinglight__data.js"


def complete(words: str, database: str, cwd: Path) -> list[str]:
    """What bash would be offered, asked the way the installed completion script asks."""
    env = {
        **os.environ,
        "_TRACKER_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
        "TRACKER_DATABASE_URL": database,
    }
    done = subprocess.run(
        [sys.executable, "-m", "tracker"], env=env, cwd=cwd, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.split()


def test_test_names_complete_from_the_database(sqlite_db: str, tmp_path: Path) -> None:
    assert run("ingest", "--db", sqlite_db, RISINGLIGHT).exit_code == 0
    assert complete("tracker history run-q1", sqlite_db, tmp_path) == [f"run-q1{n}" for n in ["", *range(10)]]
    assert complete("tracker changes --test run-q2", sqlite_db, tmp_path) == ["run-q2", "run-q20", "run-q21", "run-q22"]
    assert complete("tracker hist", sqlite_db, tmp_path) == ["history"]


def test_completion_without_a_database_offers_nothing_and_writes_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    assert complete("tracker history run", str(missing), tmp_path) == []
    assert list(tmp_path.iterdir()) == []
