"""Issue 10: runs that kept only summaries are compared with what the summaries allow, never silently.

The real tubular pytest-benchmark history (summaries only: median, mean, stddev, rounds) and the
original busted profiler's releases (one value per test and release, suite statistics without a count).
"""

from __future__ import annotations

import json
from typing import Any

from tests.cli.helpers import run
from tests.conftest import DATA

TUBULAR = sorted((DATA / "pytest_benchmark").glob("tubular__history__v0*"))
PROFILER = DATA / "busted_profiler" / "benchmarks"
AGGREGATE = (
    "tests/aggregations/test_AggregateColumnsOverRowTransformer.py::TestAggregateColumnsOverRowTransformerTransform::"
)


def _tests(*args: str) -> dict[str, dict[str, Any]]:
    outcome = run("compare", "--format", "json", *args)
    assert outcome.exit_code in (0, 1), outcome.stderr
    return {row["test_name"]: row for row in json.loads(outcome.stdout)["tests"]}


def test_pooled_summaries_without_history_get_welchs_test(sqlite_db: str) -> None:
    """Two baseline runs pooled and no earlier run: before, every test was "not enough data"."""
    assert run("ingest", *TUBULAR[:3], "--db", sqlite_db).exit_code == 0
    rows = _tests("--db", sqlite_db, "--candidate", "3", "--window", "2")
    assert {row["verdict"] for row in rows.values()} == {"regressed", "unchanged", "new"}
    assert all(row["summary_test"] for row in rows.values() if row["verdict"] != "new")
    slower = rows[AGGREGATE + "test_benchmark_many_row[pandas-False]"]
    assert (slower["verdict"], round(slower["change_pct"], 1)) == ("regressed", 10.1)
    assert slower["change_low_pct"] < 10.1 < slower["change_high_pct"]
    assert "by Welch's test on the tool's summaries" in slower["explanation"]


def test_releases_with_one_value_per_test_show_the_change_untested(sqlite_db: str) -> None:
    assert run("ingest", PROFILER, "--db", sqlite_db, "--commit", "abc123").exit_code == 0
    rows = _tests("--db", sqlite_db, "--baseline", "v1.0.0", "--candidate", "v1.1.0")
    leaf = rows["spec/demo_spec.lua demo plugin fast things #simple computes a leaf"]
    assert (leaf["verdict"], round(leaf["change_pct"], 1)) == ("not enough data", 12.1)
    assert leaf["explanation"].startswith("+12.1%, untested: one value per run")
    assert all(row["change_pct"] is not None for row in rows.values())
