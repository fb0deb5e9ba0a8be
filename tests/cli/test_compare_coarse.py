"""Issue 10: busted's JUnit writes `time="0.00"` below 10 ms; that is "below the resolution", not zero.

Real busted runs a test that takes well under 10 ms, then one that takes over 30 ms.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import run

SPEC = 'local lib = require("lib")\ndescribe("lib", function()\n  it("works", function() lib.work() end)\nend)\n'
FAST = "return { work = function() end }\n"
SLOW = "return { work = function() local t = os.clock() while os.clock() - t < 0.03 do end end }\n"
WORKS = "spec/lib_spec.lua lib works"


def _ingest_junit(project: Path, database: str, module: str, commit: str, repeat: int) -> None:
    (project / "lib.lua").write_text(module)
    args = ["busted", "-o", "junit", "--lpath", "./?.lua", "--repeat", str(repeat)]
    done = subprocess.run(args, cwd=project, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    path = project / f"{commit[:2]}.xml"
    path.write_text(done.stdout)
    outcome = run("ingest", path, "--db", database, "--commit", commit, "--branch", "main")
    assert outcome.exit_code == 0, outcome.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    if shutil.which("busted") is None:
        if os.environ.get("CI"):
            pytest.fail("busted is not installed: apt-get install lua-busted")
        pytest.skip("busted is not installed (Debian: apt-get install lua-busted)")
    (tmp_path / "project" / "spec").mkdir(parents=True)
    (tmp_path / "project" / "spec" / "lib_spec.lua").write_text(SPEC)
    return tmp_path / "project"


def _row(database: str) -> tuple[int, dict[str, Any]]:
    outcome = run("compare", "--db", database, "--format", "json")
    return outcome.exit_code, next(t for t in json.loads(outcome.stdout)["tests"] if t["test_name"] == WORKS)


def test_with_repeats_a_test_leaving_the_resolution_regresses(project: Path, sqlite_db: str) -> None:
    _ingest_junit(project, sqlite_db, FAST, "a1" * 20, repeat=5)
    _ingest_junit(project, sqlite_db, SLOW, "b2" * 20, repeat=5)
    code, row = _row(sqlite_db)
    assert code == 1
    assert (row["verdict"], row["resolution"], row["below_resolution"]) == ("regressed", 0.01, "baseline")
    assert row["baseline_median"] == 0.01 and row["change_pct"] >= 199.99  # 10 ms -> 30 ms or more, in floating point
    assert re.match(r"at least (\+[\d.]+%|[\d.]+×) ", str(row["explanation"]))  # a real busted loop: its speed varies
    assert "the timer is coarse" in str(row["explanation"]) and "busted -o json" in str(row["explanation"])


def test_with_one_value_each_the_change_is_flagged_as_exceeding_the_resolution(project: Path, sqlite_db: str) -> None:
    _ingest_junit(project, sqlite_db, FAST, "a1" * 20, repeat=1)
    _ingest_junit(project, sqlite_db, SLOW, "b2" * 20, repeat=1)
    code, row = _row(sqlite_db)
    assert code == 0
    assert (row["verdict"], row["reason"], row["warned"]) == ("unchanged", "exceeds resolution", True)
    table = run("compare", "--db", sqlite_db).stdout
    assert next(line for line in table.splitlines() if line.startswith(WORKS)).endswith("unchanged (warning)")
    assert "exceeds the resolution, but one value per side cannot be tested" in table


def test_both_below_the_resolution_is_no_change(project: Path, sqlite_db: str) -> None:
    _ingest_junit(project, sqlite_db, FAST, "a1" * 20, repeat=1)
    _ingest_junit(project, sqlite_db, FAST, "b2" * 20, repeat=1)
    code, row = _row(sqlite_db)
    assert (code, row["verdict"], row["reason"], row["below_resolution"]) == (
        0,
        "unchanged",
        "below resolution",
        "both",
    )
