"""`tracker compare A B`: two result files compared directly, with no database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.conftest import DATA

TUBULAR = DATA / "pytest_benchmark"
V05 = TUBULAR / "tubular__history__v05__0001_baseline.json"
V06 = TUBULAR / "tubular__history__v06__0001_baseline.json"
BUSTED = DATA / "busted"


def test_two_pytest_benchmark_files_are_judged_by_the_gate_without_a_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    outcome = run("compare", V05, V06, "--format", "json")
    assert outcome.exit_code == 1, outcome.stderr
    document = json.loads(outcome.stdout)
    regressed = sorted(r["test_name"] for r in document["tests"] if r["verdict"] == "regressed")
    assert len(regressed) == 5
    assert all("test_SetValueTransformer.py" in name for name in regressed)
    assert document["candidate"]["commit"] == f"file 2: {V06}"
    assert [b["commit"] for b in document["baselines"]] == [f"file 1: {V05}"]
    assert list(tmp_path.iterdir()) == []  # nothing written: no benchmarks.db, no flame graphs


def test_a_file_compared_with_itself_is_unchanged() -> None:
    outcome = run("compare", V06, V06)
    assert outcome.exit_code == 0, outcome.stderr
    assert "REGRESSED" not in outcome.stdout


def test_two_formats_of_one_busted_suite_meet_on_their_test_ids() -> None:
    """busted's JSON and JUnit outputs name a test alike, so the two files line up test by test."""
    outcome = run(
        "compare", BUSTED / "busted_json_output_all_pass.json", BUSTED / "busted_junit_output.xml", "--format", "json"
    )
    assert outcome.exit_code == 0, outcome.stderr
    verdicts = {row["test_name"]: row["verdict"] for row in json.loads(outcome.stdout)["tests"]}
    # Passing in both files: one row each, not a "new" and a "missing" one.
    assert verdicts["spec/demo_spec.lua outer block inner block #simple slow test #slow"] not in ("new", "missing")
    assert verdicts["spec/demo_spec.lua outer block failing test"] == "new"  # the JSON file has no failures


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((V05, V06, V06), "takes one result file (compared with the database) or two"),
        ((V05, V06, "--candidate", "1"), "and no --candidate with them"),
        ((V05, V06, "--baseline", "1"), "two files are compared with each other"),
        (
            (DATA / "github_action_benchmark" / "risinglightdb__risinglight__data.js", V06),
            "runs (a history); a two-file compare takes one run per file",
        ),
    ],
)
def test_what_a_two_file_compare_refuses(args: tuple[str | Path, ...], message: str) -> None:
    outcome = run("compare", *args)
    assert outcome.exit_code == 2
    assert message in outcome.stderr
