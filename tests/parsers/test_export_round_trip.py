"""`tracker export` then `tracker ingest` into a fresh database gives the same content, on SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
import json
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.cli.helpers import run
from tests.conftest import DATA

INPUTS = [
    "pytest_benchmark/github-action-benchmark__test_data__pytest_several_units.json",
    "github_action_benchmark/moveit__moveit_middleware_benchmark__rmw_fastrtps__data.js",
    "busted/busted_junit_output.xml",
    "go_bench/go_bench_count3.txt",
    "profiles/v1/run1/workload.speedscope.json",
]
# Surrogate ids differ between databases: rows are compared by run digest, test id and metric name.
TABLES = {
    "commits": "sha, subject, body, author, email, time, parents, tags, type, scope, breaking",
    "runs r LEFT JOIN commits c ON c.id = r.commit_id": "c.sha, r.branch, r.tag, r.time, r.format, r.tool, r.source, "
    "r.environment, r.fingerprint, r.digest",
    "tests": "id, name, file, tags",
    "metrics": "name, unit, direction",
    "results s JOIN runs r ON r.id = s.run_id JOIN metrics m ON m.id = s.metric_id": "r.digest, s.test_id, m.name, "
    "s.status, s.n, s.mean, s.median, "
    "s.stddev, s.min, s.max, s.q1, s.q3, s.resolution",
    "samples s JOIN runs r ON r.id = s.run_id JOIN metrics m ON m.id = s.metric_id": "r.digest, s.test_id, m.name, "
    "s.idx, s.value",
    "profile_nodes p JOIN runs r ON r.id = p.run_id": "r.digest, p.test_id, p.pid, p.tid, p.stack, p.calls, p.total, "
    "p.self_time, p.unit",
}


def plain(value: object) -> str:
    """One spelling per value whatever the dialect: JSON with sorted keys, ISO times, booleans as 0/1."""
    if isinstance(value, str) and value[:1] in "[{":
        with contextlib.suppress(json.JSONDecodeError):
            value = json.loads(value)
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    if isinstance(value, str):  # SQLite hands raw SQL times back as text
        with contextlib.suppress(ValueError):
            value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat()
    if isinstance(value, bool):
        return repr(int(value))
    return repr(value)


def content(url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = create_engine(url if "://" in url else f"sqlite:///{url}")
    try:
        with engine.connect() as connection:
            return {
                table: sorted(tuple(map(plain, row)) for row in connection.execute(text(f"SELECT {cols} FROM {table}")))
                for table, cols in TABLES.items()
            }
    finally:
        engine.dispose()


def test_export_then_ingest_gives_identical_content(database: str, tmp_path: Path) -> None:
    source = str(tmp_path / "source.db")
    assert run("ingest", "--db", source, "--commit", "c0ffee1", *[DATA / p for p in INPUTS[2:]]).exit_code == 0
    assert run("ingest", "--db", source, *[DATA / p for p in INPUTS[:2]]).exit_code == 0
    exported = tmp_path / "export.json"
    assert run("export", "--db", source, "-o", exported).exit_code == 0
    assert run("ingest", "--db", database, exported).exit_code == 0
    assert content(database) == content(source)
    again = tmp_path / "again.json"
    assert run("export", "--db", database, "-o", again).exit_code == 0
    assert again.read_bytes() == exported.read_bytes()


def test_ingesting_an_export_twice_or_into_its_own_database_adds_nothing(tmp_path: Path) -> None:
    database = str(tmp_path / "a.db")
    assert run("ingest", "--db", database, DATA / INPUTS[1]).exit_code == 0
    exported = tmp_path / "export.json"
    assert run("export", "--db", database, "-o", exported).exit_code == 0
    outcome = run("ingest", "--db", database, exported)
    assert outcome.exit_code == 0
    assert "nothing new: all 42 run(s)" in outcome.stderr
    assert run("export", "--db", database).stdout == exported.read_text()


def test_the_resolution_of_a_coarse_timer_survives_the_round_trip(tmp_path: Path) -> None:
    """busted's JUnit writes two decimals: the 0.01 s resolution is stored, exported and read back."""
    source, target = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    assert run("ingest", "--db", source, "--commit", "c0ffee1", DATA / "busted/busted_junit_output.xml").exit_code == 0
    exported = tmp_path / "export.json"
    assert run("export", "--db", source, "-o", exported).exit_code == 0
    assert '"resolution": 0.01' in exported.read_text()
    assert run("ingest", "--db", target, exported).exit_code == 0
    rows = content(target)["results s JOIN runs r ON r.id = s.run_id JOIN metrics m ON m.id = s.metric_id"]
    assert sorted(str(row[-1]) for row in rows) == ["0.01", "0.01", "None", "None", "None"]
