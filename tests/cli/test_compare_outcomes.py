"""Issue 10: a busted test that passed and now fails is news (`failing`, exit 1), not a lack of data.

Real busted runs on a small project whose module breaks one test, then is repaired.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli.helpers import run

SPEC = (
    'local lib = require("lib")\n'
    'describe("lib", function()\n'
    '  it("adds", function() assert.are.equal(3, lib.add(1, 2)) end)\n'
    '  it("doubles", function() assert.are.equal(4, lib.add(2, 2)) end)\n'
    "end)\n"
)
GOOD = "return { add = function(a, b) return a + b end }\n"
BROKEN = "return { add = function(a, b) if a == b then return 0 end return a + b end }\n"
DOUBLES = "spec/lib_spec.lua lib doubles"


def _busted_json(project: Path, module: str) -> Path:
    (project / "lib.lua").write_text(module)
    done = subprocess.run(
        ["busted", "-o", "json", "--lpath", "./?.lua", "--repeat", "5"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode in (0, 1), done.stderr
    out = project / f"run{len(list(project.glob('run*.json')))}.json"
    out.write_text(done.stdout)
    return out


@pytest.fixture
def broken_then_fixed(tmp_path: Path, sqlite_db: str) -> str:
    """Three runs: all pass (commit a1), `doubles` fails (b2), it passes again (c3)."""
    if shutil.which("busted") is None:
        if os.environ.get("CI"):
            pytest.fail("busted is not installed: apt-get install lua-busted")
        pytest.skip("busted is not installed (Debian: apt-get install lua-busted)")
    project = tmp_path / "project"
    (project / "spec").mkdir(parents=True)
    (project / "spec" / "lib_spec.lua").write_text(SPEC)
    for module, commit, hour in ((GOOD, "a1" * 20, 1), (BROKEN, "b2" * 20, 2), (GOOD, "c3" * 20, 3)):
        path = _busted_json(project, module)
        when = f"2026-03-0{hour}T10:00:00Z"
        outcome = run("ingest", path, "--db", sqlite_db, "--commit", commit, "--branch", "main", "--time", when)
        assert outcome.exit_code == 0, outcome.stderr
    return sqlite_db


def test_a_test_that_stopped_passing_is_failing_first_and_fails_the_gate(broken_then_fixed: str) -> None:
    outcome = run("compare", "--db", broken_then_fixed, "--candidate", "b2" * 20)
    assert outcome.exit_code == 1, outcome.stdout
    table = [line for line in outcome.stdout.splitlines() if line.startswith("spec/")]
    assert table[0].startswith(DOUBLES) and table[0].endswith("FAILING (passed, now failed)")
    assert "1 failing, 1 unchanged." in outcome.stdout
    assert f"  {DOUBLES}: passed in the baseline, failed in the candidate" in outcome.stdout


def test_the_setting_turns_the_gate_off_for_broken_tests(broken_then_fixed: str) -> None:
    args = ("compare", "--db", broken_then_fixed, "--candidate", "b2" * 20)
    assert run(*args, "--no-fail-on-broken").exit_code == 0
    assert run(*args, env={"TRACKER_FAIL_ON_BROKEN": "false"}).exit_code == 0
    assert run(*args, "--fail-on-broken", env={"TRACKER_FAIL_ON_BROKEN": "false"}).exit_code == 1


def test_every_format_lists_the_broken_test_first_with_both_statuses(broken_then_fixed: str) -> None:
    args = ("compare", "--db", broken_then_fixed, "--candidate", "b2" * 20)
    document = json.loads(run(*args, "--format", "json").stdout)
    assert document["verdict"] == "failing"
    first = document["tests"][0]
    assert (first["test_name"], first["verdict"], first["reason"]) == (DOUBLES, "failing", "stopped passing")
    assert (first["baseline_status"], first["candidate_status"]) == ("passed", "failed")
    rows = list(csv.DictReader(io.StringIO(run(*args, "--format", "csv").stdout)))
    assert (rows[0]["test"], rows[0]["verdict"], rows[0]["candidate_status"]) == (DOUBLES, "failing", "failed")
    markdown = run(*args, "--format", "markdown").stdout
    assert markdown.startswith("### Benchmark comparison: **1 failing, 1 unchanged**")
    assert markdown.index("FAILING (passed, now failed)") < markdown.index("unchanged |")


def test_a_test_that_passes_again_is_fixed(broken_then_fixed: str) -> None:
    outcome = run("compare", "--db", broken_then_fixed, "--format", "json")
    assert outcome.exit_code == 0, outcome.stdout
    row = next(t for t in json.loads(outcome.stdout)["tests"] if t["test_name"] == DOUBLES)
    assert (row["verdict"], row["baseline_status"], row["candidate_status"]) == ("fixed", "failed", "passed")
