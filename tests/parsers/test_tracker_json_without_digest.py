"""tracker JSON written by a collector (the busted handler, the pytest plugin) has no digest."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import run

DOCUMENT = {
    "format": "tracker",
    "version": 1,
    "runs": [
        {
            "format": "tracker-pytest",
            "tool": "pytest",
            "source": "pytest",
            "time": "2026-11-29T10:00:00+00:00",
            "environment": {},
            "results": [{"test": "t.py::test_a", "metric": "time", "status": "passed", "samples": [0.5, 0.25]}],
        }
    ],
    "tests": {"t.py::test_a": {"file": "t.py", "tags": []}},
    "metrics": {"time": {"unit": "s", "direction": "lower"}},
}


def test_a_run_without_digest_gets_one_from_its_content(tmp_path: Path, sqlite_db: str) -> None:
    path = tmp_path / "results.json"
    path.write_text(json.dumps(DOCUMENT))
    first = run("ingest", "--db", sqlite_db, "--commit", "abc123", path)
    assert first.exit_code == 0, first.stderr
    assert "1 test(s), 2 sample(s)" in first.stderr
    again = run("ingest", "--db", sqlite_db, "--commit", "abc123", path)
    assert "nothing new" in again.stderr
    exported = json.loads(run("export", "--db", sqlite_db).stdout)
    assert len(exported["runs"][0]["digest"]) == 64
