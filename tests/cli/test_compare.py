"""`tracker compare` through the real CLI on the real tubular pytest-benchmark history.

Runs 1-8 are eight successive runs of one suite (tests/data/pytest_benchmark/tubular__history__v0*);
run 6 slowed five SetValueTransformer benchmarks by 59-76% and kept them slow in runs 7 and 8.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import Outcome, run
from tests.conftest import DATA, ROOT
from tests.gitrepo import commit, git, make_repo
from tracker.domain import parse_conventional
from tracker.reports.comparison import CSV_COLUMNS

TUBULAR = sorted((DATA / "pytest_benchmark").glob("tubular__history__v0*"))
SET_VALUE = "tests/misc/test_SetValueTransformer.py::TestTransform::test_benchmark_"
SLOWED = sorted(
    SET_VALUE + case
    for case in (
        "many_row[pandas-False]",
        "many_row[pandas-True]",
        "many_row[polars-False]",
        "many_row[polars-True]",
        "single_row[polars-False]",
    )
)


def _ingest(db: str, *paths: Path | str, cwd_args: tuple[str, ...] = ()) -> None:
    outcome = run("ingest", *paths, "--db", db, *cwd_args)
    assert outcome.exit_code == 0, outcome.stderr


@pytest.fixture
def history(sqlite_db: str) -> str:
    """The first six runs: the newest is the one that slowed SetValueTransformer."""
    _ingest(sqlite_db, *TUBULAR[:6])
    return sqlite_db


def _regressed(outcome: Outcome) -> list[str]:
    return sorted(line.split()[0] for line in outcome.stdout.splitlines() if line.endswith("REGRESSED"))


def _json(*args: str | Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    outcome = run("compare", "--format", "json", *args, env=env)
    assert outcome.exit_code in (0, 1, 3), outcome.stderr
    document: dict[str, Any] = json.loads(outcome.stdout)
    return document


def test_the_gate_fails_on_the_real_slowdown_and_explains_it(database: str) -> None:
    _ingest(database, *TUBULAR[:6])
    outcome = run("compare", "--db", database)
    assert outcome.exit_code == 1, outcome.stderr
    assert outcome.stderr == ""
    assert _regressed(outcome) == SLOWED
    lines = outcome.stdout.splitlines()
    assert (
        "Baseline: run 5, 0e98578500, feature/benchmark_tests (previous runs of branch feature/benchmark_tests)"
        in lines
    )
    assert "5 regressed, 35 unchanged, 4 new." in lines
    why = next(line for line in lines if line.startswith(f"  {SET_VALUE}many_row[polars-True]: "))
    assert "+75.6% [+62.1%, +90.2%]: slower beyond 10% and significant (p=4e-05, 0.00086 adjusted < 0.02)" in why


def test_json_document(history: str) -> None:
    document = _json("--db", history, "--top", "3")
    assert document["schema"] == "tracker.compare/1"
    assert document["verdict"] == "regressed"
    assert document["counts"] == {
        "failing": 0,
        "regressed": 5,
        "improved": 0,
        "unchanged": 35,
        "new": 4,
        "missing": 0,
        "not enough data": 0,
        "fixed": 0,
    }
    assert document["policy"] == {
        "threshold_pct": 10.0,
        "warn_threshold_pct": None,
        "fdr": 0.02,
        "min_time": 0.0,
        "fail_on_broken": True,
    }
    assert [run["id"] for run in document["baselines"]] == [5]
    assert document["history_runs"] == 5
    tests = document["tests"]
    assert isinstance(tests, list)
    first = tests[0]
    assert first["test_name"] == f"{SET_VALUE}many_row[polars-True]"
    assert (first["verdict"], first["reason"], first["baseline_runs"]) == ("regressed", "beyond threshold", [5])
    assert first["change_pct"] == pytest.approx(75.606, abs=1e-3)
    assert first["change_low_pct"] < 75.6 < first["change_high_pct"]
    assert first["p_adjusted"] == pytest.approx(0.00086, abs=1e-5)
    assert first["explanation"].startswith("+75.6% [+62.1%, +90.2%]: slower beyond 10%")
    assert first["functions"] == []
    top = document["top"]
    assert isinstance(top, list)
    assert [t["value"] for t in top] == sorted((t["value"] for t in top), reverse=True)
    assert (
        top[0]["test_name"]
        == "tests/capping/test_OutOfRangeNullTransformer.py::TestFit::test_benchmark_many_row[pandas]"
    )


def test_markdown_has_the_verdicts_that_matter_and_collapsible_details(history: str) -> None:
    outcome = run("compare", "--db", history, "--format", "markdown")
    assert outcome.exit_code == 1
    text = outcome.stdout
    assert text.startswith("### Benchmark comparison: **5 regressed, 35 unchanged, 4 new**\n")
    assert "<details><summary>Why these verdicts</summary>" in text
    assert "<details><summary>All 44 tests</summary>" in text
    name = "tests/misc/test\\_SetValueTransformer.py::TestTransform::test\\_benchmark\\_many\\_row\\[polars-True\\]"
    assert f"- **{name}**: +75.6% \\[+62.1%, +90.2%\\]" in text
    assert (
        "| tests/misc/test\\_SetValueTransformer.py::TestTransform::test\\_benchmark\\_many\\_row\\[polars-True\\] |"
        in text
    )


def test_csv_has_one_row_per_test_with_raw_numbers(history: str) -> None:
    outcome = run("compare", "--db", history, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(outcome.stdout)))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert len(rows) == 44
    assert rows[0]["verdict"] == "regressed"
    assert float(rows[0]["change_pct"]) == pytest.approx(75.606, abs=1e-3)
    assert rows[0]["baseline_runs"] == "5"
    assert rows[-1]["verdict"] == "new" and rows[-1]["explanation"] == "new: measured in the candidate only"


def test_top_lists_the_slowest_tests_of_the_candidate(history: str) -> None:
    outcome = run("compare", "--db", history, "--top", "3")
    table = outcome.stdout.split("Slowest 3 tests of the candidate", 1)[1].splitlines()
    assert table[4].split()[:3] == [
        "1",
        "tests/capping/test_OutOfRangeNullTransformer.py::TestFit::test_benchmark_many_row[pandas]",
        "21",
    ]
    assert len([line for line in table if line[:1].isdigit()]) == 3
    legacy = run("compare", "--db", history, env={"BUSTED_PROFILER_TIMING_THRESHOLD": "2"})
    assert "Slowest 2 tests of the candidate" in legacy.stdout


def test_github_annotations_go_to_stderr_only_inside_github_actions(history: str) -> None:
    outcome = run(
        "compare", "--db", history, "--warn-threshold", "5", "--format", "json", env={"GITHUB_ACTIONS": "true"}
    )
    prefix = "::error file=tests/misc/test_SetValueTransformer.py,title=Benchmark regression::"
    errors = [line for line in outcome.stderr.splitlines() if line.startswith(prefix)]
    assert len(errors) == 5
    assert f"{prefix}{SET_VALUE}many_row[polars-True]: +75.6%" in outcome.stderr
    json.loads(outcome.stdout)  # stdout stays clean JSON
    assert "::" not in run("compare", "--db", history).stderr


def test_summary_appends_markdown_to_the_step_summary(history: str, tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_text("earlier step\n")
    outcome = run("compare", "--db", history, "--summary", env={"GITHUB_STEP_SUMMARY": str(target)})
    assert outcome.exit_code == 1
    text = target.read_text()
    assert text.startswith("earlier step\n### Benchmark comparison: **5 regressed")
    missing = run("compare", "--db", history, "--summary")
    assert missing.exit_code == 2
    assert "--summary appends to $GITHUB_STEP_SUMMARY" in missing.stderr


def test_first_run_has_no_baseline_and_strict_makes_it_exit_3(history: str) -> None:
    outcome = run("compare", "--db", history, "--candidate", "1")
    assert outcome.exit_code == 0
    assert "no baseline for run 1, 230e53ede9" in outcome.stderr
    assert run("compare", "--db", history, "--candidate", "1", "--strict").exit_code == 3
    document = _json("--db", history, "--candidate", "1")
    assert (document["verdict"], document["tests"], document["baselines"]) == ("not enough data", [], [])


def test_explicit_baseline_and_window(sqlite_db: str) -> None:
    _ingest(sqlite_db, *TUBULAR)
    for ref in ("5", "0e98578500"):
        outcome = run("compare", "--db", sqlite_db, "--candidate", "6", "--baseline", ref)
        assert outcome.exit_code == 1 and _regressed(outcome) == SLOWED
    pooled = _json(
        "--db", sqlite_db, "--candidate", "6", "--baseline-branch", "feature/benchmark_tests", "--window", "3"
    )
    assert [run["id"] for run in pooled["baselines"]] == [5, 4, 3]
    rows = {t["test_name"]: t for t in pooled["tests"]}
    assert rows[SLOWED[0]]["baseline_runs"] == [5]  # SetValueTransformer was first measured in run 5
    first = "tests/capping/test_CappingTransformer.py::TestFit::test_benchmark_many_row[pandas]"
    assert rows[first]["baseline_runs"] == [3, 4, 5]
    bad = run("compare", "--db", sqlite_db, "--baseline", "5", "--window", "2")
    assert bad.exit_code == 2 and "--baseline names one run" in bad.stderr
    same = run("compare", "--db", sqlite_db, "--candidate", "6", "--baseline", "6")
    assert same.exit_code == 2 and "the baseline and the candidate are the same run (6)" in same.stderr


def test_feat_commits_are_not_the_new_normal(database: str) -> None:
    """The feature made SetValueTransformer slower; the fix after it (same timings) is judged against before."""
    _ingest(database, *TUBULAR[:5])
    feat = ("--commit", "f" * 40, "--message", "feat(misc)!: set values through a mapping")
    fix = ("--commit", "e" * 40, "--message", "fix: typo\n\nBREAKING CHANGE: none really")
    _ingest(database, TUBULAR[5], cwd_args=feat)
    _ingest(database, TUBULAR[5], cwd_args=(*fix, "--time", "2026-01-09T00:00:00+00:00"))
    assert run("compare", "--db", database).exit_code == 0  # the fix against the feature: nothing moved
    outcome = run("compare", "--db", database, "--skip-commit-types", "feat")
    assert outcome.exit_code == 1 and _regressed(outcome) == SLOWED
    assert "Skipped for their commit type: ffffffffff (feat)." in outcome.stdout
    assert "Baseline: run 5, 0e98578500" in outcome.stdout
    assert run("compare", "--db", database, env={"TRACKER_SKIP_COMMIT_TYPES": "docs,feat"}).exit_code == 1
    assert run("compare", "--db", database, "--skip-commit-types", "fix").exit_code == 0


def test_runs_from_another_environment_are_left_out_unless_asked(sqlite_db: str, tmp_path: Path) -> None:
    _ingest(sqlite_db, *TUBULAR[:4])
    moved = json.loads(TUBULAR[4].read_text())
    moved["machine_info"]["node"] = "another-runner"  # the same results, as if run on another machine
    other = tmp_path / "other_machine.json"
    other.write_text(json.dumps(moved))
    _ingest(sqlite_db, other, TUBULAR[5])
    document = _json("--db", sqlite_db)
    assert [run["id"] for run in document["baselines"]] == [4]
    assert document["other_environments"] == 1
    outcome = run("compare", "--db", sqlite_db)
    assert "1 run(s) from another environment were left out (--any-environment mixes them)." in outcome.stdout
    mixed = _json("--db", sqlite_db, "--any-environment")
    assert [run["id"] for run in mixed["baselines"]] == [5]
    assert mixed["verdict"] == "regressed"


def test_merge_base_is_the_pull_request_baseline(
    database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "repo")
    first = commit(repo, "feat: start", date="2026-01-07T11:00:00+00:00")
    base = commit(repo, "fix: the merge base", date="2026-01-07T12:00:00+00:00")
    git(repo, "checkout", "-q", "-b", "feature")
    pull = commit(repo, "perf: slower, it turns out", date="2026-01-08T10:00:00+00:00")
    git(repo, "checkout", "-q", "main")
    later = commit(repo, "chore: main moved on", date="2026-01-07T13:00:00+00:00")
    monkeypatch.chdir(repo)
    for path, sha, branch, time in (
        (TUBULAR[3], first, "main", "2026-01-07T11:00:00+00:00"),
        (TUBULAR[4], base, "main", "2026-01-07T12:00:00+00:00"),
        (TUBULAR[6], later, "main", "2026-01-07T13:00:00+00:00"),
        (TUBULAR[5], pull, "feature", "2026-01-08T10:00:00+00:00"),
    ):
        _ingest(database, path, cwd_args=("--commit", sha, "--branch", branch, "--time", time))
    assert run("compare", "--db", database).exit_code == 0  # the first run of its branch: no baseline
    assert _json("--db", database, "--baseline-branch", "main")["baselines"][0]["commit"] == later
    outcome = run("compare", "--db", database, "--merge-base", "main")
    assert outcome.exit_code == 1, outcome.stderr
    assert _regressed(outcome) == SLOWED
    assert f"(merge base {base[:10]} of {pull[:10]} and main)" in outcome.stdout
    missing = run("compare", "--db", database, "--merge-base", "nope")
    assert missing.exit_code == 2 and "--merge-base nope: git finds no merge base" in missing.stderr


def test_per_test_overrides_from_pyproject(history: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.tracker]\nignore = ["*many_row[polars*"]\n[tool.tracker.thresholds]\n"*single_row*" = 100\n'
    )
    document = _json("--db", history)
    assert document["ignored"] == 13  # the many_row[polars...] tests of runs 5 and 6
    regressed = [t for t in document["tests"] if t["verdict"] == "regressed"]
    assert sorted(t["test_name"] for t in regressed) == [
        SET_VALUE + "many_row[pandas-False]",
        SET_VALUE + "many_row[pandas-True]",
    ]
    single = next(t for t in document["tests"] if t["test_name"] == SET_VALUE + "single_row[polars-False]")
    assert (single["verdict"], single["reason"], single["threshold_pct"]) == ("unchanged", "within threshold", 100.0)
    direction = _json("--db", history, env={"TRACKER_DIRECTIONS": "time=higher"})
    assert direction["counts"]["improved"] == 2  # slower time, but higher is better


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--fdr", "2"), "--fdr 2: a false discovery rate is between 0 and 1"),
        (("--min-time", "fast"), "--min-time 'fast': expected a duration such as 1ms"),
        (("--threshold", "-5"), "--threshold -5: a slowdown threshold in percent must not be negative"),
        (("--baseline", "5", "--merge-base", "main"), "give one"),
        (("--candidate", "99"), "no run matches '99' (--candidate takes a run id, a commit sha or a tag)"),
    ],
)
def test_bad_flags_exit_2_and_name_the_flag(history: str, args: tuple[str, ...], message: str) -> None:
    outcome = run("compare", "--db", history, *args)
    assert outcome.exit_code == 2
    assert message in outcome.stderr
    assert outcome.stdout == ""


def test_min_time_floor(history: str) -> None:
    document = _json("--db", history, "--min-time", "1ms")
    assert document["policy"]["min_time"] == 0.001
    assert document["counts"]["regressed"] == 0
    reasons = {t["reason"] for t in document["tests"] if t["test_name"] in SLOWED}
    assert reasons == {"below min time"}


def _documented(section: str) -> set[str]:
    """Field names in the first column of the table under SECTION of docs/compare-json.md."""
    text = (ROOT / "docs" / "compare-json.md").read_text().split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    return {
        name
        for line in text.splitlines()
        if line.startswith("| `")
        for name in re.findall(r"`(\w+)`", line.split("|")[1])
    }


def test_the_json_schema_document_lists_every_field(history: str) -> None:
    document = _json("--db", history, "--top", "2")
    assert _documented("The document") == set(document)
    assert _documented("A test") == set(document["tests"][0])
    assert set(document["candidate"]) == {
        "id",
        "commit",
        "branch",
        "tag",
        "time",
        "subject",
        "commit_type",
        "environment",
    }
    assert set(document["policy"]) == {"threshold_pct", "warn_threshold_pct", "fdr", "min_time", "fail_on_broken"}


@pytest.mark.parametrize(
    ("message", "kind", "breaking"),
    [
        ("feat(parser)!: drop the old syntax", "feat", True),
        ("feat: add a flag", "feat", False),
        ("Feat(ui): capitalised", "feat", False),
        ("fix: typo\n\nBREAKING CHANGE: the config key moved", "fix", True),
        ("perf!: faster, different output", "perf", True),
    ],
)
def test_commit_types_that_skip_commit_types_matches(message: str, kind: str, breaking: bool) -> None:
    parsed = parse_conventional(message)
    assert parsed is not None
    assert (parsed.type, parsed.breaking) == (kind, breaking)
