"""Several CI runners writing to one database at the same time."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.cli.helpers import run
from tests.conftest import DATA

TUBULAR = sorted((DATA / "pytest_benchmark").glob("tubular__history__v0*"))


def test_parallel_ingests_of_overlapping_results_all_land(database: str) -> None:
    """Eight processes at once; their tests overlap, so each insert races on the same rows."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "tracker", "ingest", str(path), "--db", database],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in TUBULAR
    ]
    outcomes = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in processes]
    assert [code for code, _ in outcomes] == [0] * len(TUBULAR), [err for code, err in outcomes if code]
    runs = json.loads(run("runs", "--format", "json", "--db", database).stdout)
    assert sorted(r["tests"] for r in runs) == [6, 6, 22, 22, 40, 44, 48, 84]
    tests = json.loads(run("tests", "--format", "json", "--db", database).stdout)
    assert len(tests) == len({t["id"] for t in tests}) == 84
