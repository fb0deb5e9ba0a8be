"""The pytest plugin on a real pytest run of a small suite (in a process of its own)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import ROOT

PLUGIN = "tracker.integrations.pytest_plugin"

SUITE = """
import time
import pytest

def slow_part():
    time.sleep(0.02)

@pytest.fixture
def resource():
    time.sleep(0.01)
    yield 1

def test_passes(resource):
    slow_part()
    assert resource == 1

def test_fails():
    assert 1 == 2

@pytest.fixture
def broken():
    raise RuntimeError("setup fails")

def test_setup_errors(broken):
    pass

@pytest.mark.skip(reason="not yet")
def test_skipped():
    pass

@pytest.mark.parametrize("n", [1, 2])
def test_param(n):
    assert n > 0
"""


def _pytest(folder: Path, *options: str) -> dict[str, Any]:
    (folder / "test_suite.py").write_text(SUITE)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", PLUGIN]
    subprocess.run([*command, "--tracker-output", "out.json", *options], cwd=folder, env=env, check=False)
    return dict(json.loads((folder / "out.json").read_text()))


def _results(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["test"], r["metric"]): r for r in document["runs"][0]["results"]}


def test_durations_and_statuses_per_phase(tmp_path: Path) -> None:
    results = _results(_pytest(tmp_path))
    statuses = {test: result["status"] for (test, _), result in results.items()}
    assert statuses == {
        "test_suite.py::test_passes": "passed",
        "test_suite.py::test_fails": "failed",
        "test_suite.py::test_setup_errors": "error",
        "test_suite.py::test_skipped": "skipped",
        "test_suite.py::test_param[1]": "passed",
        "test_suite.py::test_param[2]": "passed",
    }
    passing = "test_suite.py::test_passes"
    assert results[(passing, "time")]["samples"][0] >= 0.02  # the call phase holds slow_part's sleep
    assert results[(passing, "setup_time")]["samples"][0] >= 0.01  # the fixture's sleep is setup
    assert len(results[(passing, "teardown_time")]["samples"]) == 1
    assert len(results[("test_suite.py::test_fails", "time")]["samples"]) == 1  # failures keep their time
    assert ("test_suite.py::test_setup_errors", "time") not in results  # never called


def test_repeats_are_samples(tmp_path: Path) -> None:
    results = _results(_pytest(tmp_path, "--tracker-repeat", "3"))
    assert len(results[("test_suite.py::test_passes", "time")]["samples"]) == 3
    assert len(results[("test_suite.py::test_passes", "setup_time")]["samples"]) == 1
    assert len(results[("test_suite.py::test_fails", "time")]["samples"]) == 1  # a failure is not repeated


def test_profile_is_a_call_tree_of_the_test_function(tmp_path: Path) -> None:
    document = _pytest(tmp_path, "--tracker-profile")
    nodes = [p for p in document["runs"][0]["profiles"] if p["test"] == "test_suite.py::test_passes"]
    stacks = {tuple(p["stack"][1:]): p for p in nodes}
    test_frame = next(frame for frame in stacks if frame and frame[0].startswith("test_passes "))
    slow = stacks[(test_frame[0], next(s[1] for s in stacks if len(s) == 2 and s[1].startswith("slow_part ")))]
    assert slow["calls"] == 1 and slow["total"] >= 0.02
    assert stacks[(*slow["stack"][1:], "sleep [C]")]["self_time"] >= 0.02
    assert not any("pluggy" in frame for p in nodes for frame in p["stack"])
    assert {p["pid"] for p in nodes} != {"1"}


def test_the_file_is_tracker_json(tmp_path: Path, sqlite_db: str) -> None:
    document = _pytest(tmp_path)
    test = document["tests"]["test_suite.py::test_passes"]
    assert (test["file"], test["line"]) == ("test_suite.py", SUITE.splitlines().index("def test_passes(resource):") + 1)
    from tests.cli.helpers import run

    outcome = run("ingest", "--db", sqlite_db, "--commit", "abc123", tmp_path / "out.json")
    assert outcome.exit_code == 0, outcome.stderr
    assert "6 test(s)" in outcome.stderr


def test_the_plugin_imports_nothing_heavy() -> None:
    """It is loaded into every pytest session where tracker is installed."""
    code = f"import sys, {PLUGIN}; print(sorted(m for m in sys.modules if m.split('.')[0] in HEAVY))"
    heavy = "{'pandas', 'scipy', 'sqlalchemy', 'typer', 'numpy', 'alembic'}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-c", f"HEAVY = {heavy}\n{code}"]
    shown = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == "[]"
