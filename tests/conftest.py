"""Shared fixtures: real databases (a SQLite file and, when available, a PostgreSQL server)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text

from tests import external

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"

# One hypothesis profile for the whole suite: no deadline (a 2-core CI runner is slow and a test's
# time depends on what ran before it), and in CI a fixed seed so a run can be repeated exactly.
settings.register_profile("tracker", deadline=None, derandomize=bool(os.environ.get("CI")), print_blob=True)
settings.load_profile("tracker")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for line in external.summary_lines():
        terminalreporter.write_line(line, yellow=True)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see no TRACKER_* or legacy profiler settings from the machine they run on."""
    for name in list(os.environ):
        if name.startswith(("TRACKER_", "BUSTED_PROFILER_", "MEGA_BUSTED_PROFILER_", "GITHUB_")):
            monkeypatch.delenv(name)
    monkeypatch.delenv("COLUMNS", raising=False)  # tables fit COLUMNS; tests that want a width set it


@pytest.fixture
def sqlite_db(tmp_path: Path) -> str:
    """A path for a fresh SQLite database file (not created yet)."""
    return str(tmp_path / "benchmarks.db")


@pytest.fixture
def postgres_db() -> Iterator[str]:
    """A fresh, empty PostgreSQL database on the test server, dropped afterwards."""
    url = external.postgres_url()
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    base, _, query = url.partition("?")
    url = f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> str:
    """Each test using it runs once on a SQLite file and once on PostgreSQL."""
    fixture = "sqlite_db" if request.param == "sqlite" else "postgres_db"
    return str(request.getfixturevalue(fixture))


def finished_process_id() -> int:
    """The id of a process that has ended: what a killed run's leftovers are named after."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid
