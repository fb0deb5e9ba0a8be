"""`tracker changes`, `history` and `bisect-plan` through the real CLI, on real histories."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import run
from tests.conftest import DATA, ROOT
from tests.gitrepo import commit, make_repo

RISINGLIGHT = DATA / "github_action_benchmark" / "risinglightdb__risinglight__data.js"
EXAMPLE = ROOT / "benchmarks.db.example"


def ingest(database: str, *paths: Path) -> None:
    outcome = run("ingest", "--db", database, *paths)
    assert outcome.exit_code == 0, outcome.stderr


def test_changes_on_the_example_database_finds_nothing_in_six_commits() -> None:
    """The tubular history is six commits long: a change needs three commits on each side."""
    table = run("changes", "--db", EXAMPLE)
    assert table.exit_code == 0, table.stderr
    assert "Branch feature/benchmark_tests: 44 series over 6 commits; 0 change points" in table.stdout
    assert json.loads(run("changes", "--db", EXAMPLE, "--format", "json").stdout) == []


def test_changes_names_the_commit_that_slowed_risinglight_q13(database: str) -> None:
    ingest(database, RISINGLIGHT)
    outcome = run("changes", "--db", database, "--format", "json")
    assert outcome.exit_code == 0, outcome.stderr
    (change,) = json.loads(outcome.stdout)
    assert change["test_name"] == "run-q13"
    assert change["metric"] == "time" and change["unit"] == "s"
    assert change["commit"]["sha"].startswith("1d646b8f69")
    assert change["commit"]["subject"] == "feat(storage): support vector block (#871)"
    assert change["commit"]["type"] == "feat"
    assert change["previous_commit"]["sha"].startswith("210c770e8f")
    assert change["direction"] == "regression"
    assert round(change["change_pct"], 1) == 48.9
    assert change["change_low_pct"] < change["change_pct"] < change["change_high_pct"]
    assert change["p_value"] < 1e-6
    assert 0.5 < change["before"] < 0.6 and 0.85 < change["after"] < 0.9
    assert change["unmeasured"] == []


def test_changes_filters_by_test_and_since(sqlite_db: str) -> None:
    ingest(sqlite_db, RISINGLIGHT)
    assert json.loads(run("changes", "--db", sqlite_db, "--test", "run-q1*", "--format", "json").stdout) != []
    assert json.loads(run("changes", "--db", sqlite_db, "--test", "run-q2*", "--format", "json").stdout) == []
    later = run("changes", "--db", sqlite_db, "--since", "f12ea232a5", "--format", "json")
    assert json.loads(later.stdout) == []
    bad = run("changes", "--db", sqlite_db, "--since", "yesterday")
    assert bad.exit_code == 2 and "--since 'yesterday'" in bad.stderr
    unknown = run("changes", "--db", sqlite_db, "--branch", "nope")
    assert unknown.exit_code == 2 and "no runs on branch 'nope'" in unknown.stderr


def test_history_shows_the_series_a_sparkline_and_writes_an_svg(sqlite_db: str, tmp_path: Path) -> None:
    ingest(sqlite_db, RISINGLIGHT)
    chart = tmp_path / "q13.svg"
    outcome = run("history", "--db", sqlite_db, "run-q13", "--svg", chart)
    assert outcome.exit_code == 0, outcome.stderr
    assert "1d646b8f69 feat(storage): support vector block" in outcome.stdout
    assert "REGRESSION +48.9%" in outcome.stdout
    assert "16 measured commits, 1 change point." in outcome.stdout
    assert "Level: the mean of each run's samples" in outcome.stdout  # one value per commit
    assert "▁▃▃▄▃▄▃▂▁▁█▇████" in outcome.stdout
    svg = chart.read_text()
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "+48.9% 1d646b8" in svg and "http://" not in svg.replace("http://www.w3.org/2000/svg", "")
    data = json.loads(run("history", "--db", sqlite_db, "run-q13", "--format", "json").stdout)
    assert len(data["points"]) == 16 and data["changes"][0]["commit"]["sha"].startswith("1d646b8f69")


def test_history_of_an_unknown_test_says_how_to_find_one(sqlite_db: str) -> None:
    ingest(sqlite_db, RISINGLIGHT)
    outcome = run("history", "--db", sqlite_db, "no-such-test")
    assert outcome.exit_code == 2
    # Issue: it said "--test 'no-such-test'" where no --test was given; it talks about what was typed.
    assert "no test matches 'no-such-test'; `tracker tests` lists the ids and names" in outcome.stderr


def test_every_command_that_takes_a_test_takes_part_of_its_name(sqlite_db: str) -> None:
    """Issue: `tracker history dedupe` failed while `profile` and `flamegraph` took part of a name."""
    ingest(sqlite_db, RISINGLIGHT)
    by_part = run("history", "--db", sqlite_db, "un-q13", "--format", "json")
    assert by_part.exit_code == 0, by_part.stderr
    assert json.loads(by_part.stdout)["test_name"] == "run-q13"
    in_any_case = run("history", "--db", sqlite_db, "RUN-Q13", "--format", "json")
    assert json.loads(in_any_case.stdout)["test_name"] == "run-q13"
    ambiguous = run("history", "--db", sqlite_db, "q13")
    assert ambiguous.exit_code == 2
    assert "'q13' matches 2 tests; give more of the name or the id:\n  explain-q13\n  run-q13\n" in ambiguous.stderr
    changes = run("changes", "--db", sqlite_db, "--test", "q13", "--format", "json")
    assert [c["test_name"] for c in json.loads(changes.stdout)] == ["run-q13"]


def write_history(path: Path, commits: list[str], skipped: set[int]) -> None:
    """A github-action-benchmark history where test `b` steps up at commit 8 and skipped some commits."""
    entries = []
    for i, sha in enumerate(commits):
        benches = [{"name": "a", "value": 10.0 + 0.01 * (i % 3), "unit": "ms"}]
        if i not in skipped:
            benches.append({"name": "b", "value": (20.0 if i < 8 else 30.0) + 0.01 * (i % 2), "unit": "ms"})
        entries.append(
            {
                "commit": {"id": sha, "message": f"fix: change {i}", "timestamp": f"2026-01-{i + 1:02d}T00:00:00Z"},
                "date": 1767225600000 + i * 86_400_000,
                "tool": "customSmallerIsBetter",
                "benches": benches,
            }
        )
    path.write_text("window.BENCHMARK_DATA = " + json.dumps({"entries": {"Bench": entries}}))


def test_unmeasured_commits_are_reported_and_bisected_from_git(sqlite_db: str, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    shas = [commit(repo, f"fix: change {i}", date=f"2026-01-{i + 1:02d}T00:00:00+00:00") for i in range(14)]
    history = tmp_path / "data.js"
    write_history(history, shas, skipped={5, 6, 7})
    ingest(sqlite_db, history)
    (change,) = json.loads(run("changes", "--db", sqlite_db, "--format", "json").stdout)
    assert change["test_name"] == "b"
    assert change["previous_commit"]["sha"] == shas[4] and change["commit"]["sha"] == shas[8]
    assert [c["sha"] for c in change["unmeasured"]] == shas[5:8]
    assert "tracker bisect-plan" in run("changes", "--db", sqlite_db).stdout
    plan = run("bisect-plan", "--db", sqlite_db, shas[4], shas[8], "--repo", repo, "--format", "json")
    assert plan.exit_code == 0, plan.stderr
    data = json.loads(plan.stdout)
    assert data["source"] == "git"
    assert [(r, c["sha"]) for r, c in data["plan"]] == [(1, shas[6]), (2, shas[5]), (2, shas[7])]
    assert data["plan"][0][1]["type"] == "fix"


def test_bisect_plan_falls_back_to_the_database_outside_a_repository(sqlite_db: str, tmp_path: Path) -> None:
    ingest(sqlite_db, RISINGLIGHT)
    outcome = run("bisect-plan", "--db", sqlite_db, "a94674d63e", "1d646b8f69", "--repo", tmp_path)
    assert outcome.exit_code == 0, outcome.stderr
    assert "9 unmeasured commits (from database)" in outcome.stdout
    assert "at most 4 rounds" in outcome.stdout
    swapped = run("bisect-plan", "--db", sqlite_db, "1d646b8f69", "a94674d63e", "--repo", tmp_path)
    assert swapped.exit_code == 2 and "swap them" in swapped.stderr
