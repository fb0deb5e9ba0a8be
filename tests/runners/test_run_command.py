"""`tracker run command` and `tracker run pytest` on real processes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import run

ALLOCATE = "import time; data = bytearray(50 * 1024 * 1024); time.sleep(0.05)"


def _results(path: Path) -> dict[str, dict[str, Any]]:
    return {r["metric"]: r for r in json.loads(path.read_text())["runs"][0]["results"]}


def test_a_command_is_timed_with_cpu_and_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    outcome = run(
        "run", "command", "--repeat", "3", "--warmup", "1", "--output", "out.json", "--", sys.executable, "-c", ALLOCATE
    )
    assert outcome.exit_code == 0, outcome.stderr
    assert "the command exited with 0: 1 passed" in outcome.stderr
    results = _results(tmp_path / "out.json")
    assert {metric: len(r["samples"]) for metric, r in results.items()} == {
        "time": 3, "user_time": 3, "system_time": 3, "peak_memory": 3
    }  # fmt: skip
    assert min(results["time"]["samples"]) >= 0.05
    assert min(results["peak_memory"]["samples"]) >= 50 * 1024 * 1024
    assert results["time"]["test"] == f"{sys.executable} -c '{ALLOCATE}'"


def test_a_failing_command_is_an_error_unless_allowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    failing = (sys.executable, "-c", "import sys; sys.stderr.write('it broke'); sys.exit(3)")
    outcome = run("run", "command", "--output", "out.json", "--", *failing)
    assert outcome.exit_code == 2
    assert "exited with 3" in outcome.stderr and "--allow-failure" in outcome.stderr and "it broke" in outcome.stderr
    assert not (tmp_path / "out.json").exists()
    outcome = run(
        "run", "command", "--name", "broken", "--allow-failure", "--repeat", "2", "--output", "out.json", "--", *failing
    )
    assert outcome.exit_code == 0, outcome.stderr
    assert {r["status"] for r in _results(tmp_path / "out.json").values()} == {"failed"}


def test_a_missing_command_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    outcome = run("run", "command", "--", "no-such-command-here")
    assert outcome.exit_code == 2
    assert "no-such-command-here" in outcome.stderr


def test_a_timed_command_is_ingested(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sqlite_db: str) -> None:
    monkeypatch.chdir(tmp_path)
    outcome = run(
        "run",
        "command",
        "--name",
        "sleep",
        "--repeat",
        "2",
        "--db",
        sqlite_db,
        "--commit",
        "abc",
        "--",
        "sleep",
        "0.01",
    )
    assert outcome.exit_code == 0, outcome.stderr
    assert "ingested 1 new run(s): 1 test(s), 8 sample(s)" in outcome.stderr


def test_tracker_run_pytest_ingests_the_plugins_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sqlite_db: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "test_small.py").write_text("def test_one():\n    assert True\n\ndef test_two():\n    assert False\n")
    arguments = (
        "--repeat",
        "2",
        "--db",
        sqlite_db,
        "--commit",
        "abc",
        "--",
        "-q",
        "-p",
        "no:cacheprovider",
        "test_small.py",
    )
    outcome = run("run", "pytest", *arguments)
    assert outcome.exit_code == 0, outcome.stderr
    assert "pytest exited with 1: 1 failed, 1 passed" in outcome.stderr
    shown = json.loads(run("tests", "--db", sqlite_db, "--format", "json").stdout)
    assert sorted(t["name"] for t in shown) == ["test_small.py::test_one", "test_small.py::test_two"]
