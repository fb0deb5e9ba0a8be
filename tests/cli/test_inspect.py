"""`tracker runs` and `tracker tests`: what the database holds, for people and scripts."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import run
from tests.conftest import DATA

TUBULAR = sorted((DATA / "pytest_benchmark").glob("tubular__history__v0*"))


def test_runs_newest_first_with_counts(database: str) -> None:
    run("ingest", *TUBULAR[:3], "--db", database)
    outcome = run("runs", "--format", "json", "--db", database)
    assert outcome.exit_code == 0, outcome.stderr
    runs = json.loads(outcome.stdout)
    assert [(r["commit"][:8], r["branch"], r["format"], r["tests"], r["samples"]) for r in runs] == [
        ("23833165", "feature/benchmark_tests", "pytest-benchmark", 22, 0),
        ("54fa0e87", "feature/benchmark_tests", "pytest-benchmark", 6, 0),
        ("230e53ed", "feature/benchmark_tests", "pytest-benchmark", 6, 0),
    ]
    assert runs[0]["time"] == "2026-01-07T12:42:19.748665+00:00"
    assert runs[0]["environment"] == runs[1]["environment"]


def test_runs_table_and_filters(sqlite_db: str) -> None:
    run("ingest", *TUBULAR[:2], "--db", sqlite_db)
    run(
        "ingest",
        DATA / "busted" / "busted_json_output_repeat2.json",
        "--commit",
        "abc",
        "--branch",
        "main",
        "--db",
        sqlite_db,
    )
    table = run("runs", "--db", sqlite_db).stdout.splitlines()
    assert table[0].split() == ["Run", "Commit", "Branch", "Tag", "Time", "Format", "Tests", "Samples", "Subject"]
    assert len(table) == 2 + 3
    only = json.loads(
        run("runs", "--branch", "feature/benchmark_tests", "--limit", "1", "--format", "json", "--db", sqlite_db).stdout
    )
    assert [r["commit"][:8] for r in only] == ["54fa0e87"]


def test_raw_samples_are_counted(sqlite_db: str) -> None:
    run("ingest", DATA / "busted" / "busted_json_output_repeat2.json", "--commit", "abc", "--db", sqlite_db)
    runs = json.loads(run("runs", "--format", "json", "--db", sqlite_db).stdout)
    assert (runs[0]["tests"], runs[0]["samples"]) == (2, 4)


def test_tests_with_id_name_and_run_count(database: str) -> None:
    run("ingest", *TUBULAR[:3], "--db", database)
    tests = json.loads(run("tests", "--format", "json", "--db", database).stdout)
    assert len(tests) == 22
    by_name = {t["name"]: t for t in tests}
    first = (
        "tests/aggregations/test_AggregateColumnsOverRowTransformer.py::"
        "TestAggregateColumnsOverRowTransformerTransform::test_benchmark_many_row[pandas-False]"
    )
    assert by_name[first]["runs"] == 3
    assert by_name[first]["file"] == "tests/aggregations/test_AggregateColumnsOverRowTransformer.py"
    assert sum(t["runs"] == 1 for t in tests) == 16


def test_hostile_names_cannot_break_tables(sqlite_db: str, tmp_path: Path) -> None:
    folder = tmp_path
    hostile = "spec/x.lua a|b <script>alert(1)</script> \x1b[31mred\x1b[0m"
    entry = {"name": hostile.split(" ", 1)[1], "trace": {"short_src": "spec/x.lua"}, "element": {"duration": 0.5}}
    document = {"successes": [entry], "failures": [], "errors": [], "pendings": []}
    path = folder / "hostile.json"
    path.write_text(json.dumps(document))
    assert run("ingest", path, "--commit", "abc", "--db", sqlite_db).exit_code == 0
    text = run("tests", "--db", sqlite_db).stdout
    assert "\x1b" not in text and "\\x1b[31mred" in text
    markdown = run("tests", "--format", "markdown", "--db", sqlite_db).stdout
    row = markdown.splitlines()[2]
    assert row.count(" | ") == 2  # still three cells
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown
    assert json.loads(run("tests", "--format", "json", "--db", sqlite_db).stdout)[0]["name"] == hostile


def test_reading_a_missing_database_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    for command in ("runs", "tests", "compare"):
        outcome = run(command, "--db", missing)
        assert outcome.exit_code == 2
        assert f"{missing}: no database here" in outcome.stderr
    assert not missing.exists()
