"""The generated history ingested once, and its site built once, for the dashboard tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.dashboard import history

REPO = "https://github.com/example/project"


@pytest.fixture(scope="session")
def generated_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("generated")
    database = str(folder / "generated.db")
    outcome = run("ingest", "--db", database, history.write(folder / "history.json"))
    assert outcome.exit_code == 0, outcome.stderr
    return database


@pytest.fixture(scope="session")
def site(generated_db: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    outcome = run("dashboard", "--db", generated_db, "--out", out, "--repo-url", REPO)
    assert outcome.exit_code == 0, outcome.stderr
    return out
