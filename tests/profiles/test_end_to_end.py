"""Two versions of a small Python program, profiled with py-spy (tests/data/profiles): four runs
of v1 (a history, from which compare learns the run-to-run noise), then v2, which slows `score`.
Flame graphs in all four formats, and `tracker compare` names `score` as where the new time went."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.conftest import DATA
from tests.profiles.browser import open_page, screenshot

PROFILES = DATA / "profiles"
SCORE = "score (workload.py)"


RUNS = [("v1", 1), ("v1", 2), ("v1", 3), ("v1", 4), ("v2", 1)]


@pytest.fixture
def workload_db(sqlite_db: str) -> str:
    for day, (version, number) in enumerate(RUNS, 1):
        outcome = run(
            "ingest", PROFILES / version / f"run{number}" / "workload.speedscope.json", "--db", sqlite_db,
            "--commit", f"{version}00000{number}", "--branch", "main", "--time", f"2026-11-0{day}T12:00:00+00:00",
        )  # fmt: skip
        assert outcome.exit_code == 0, outcome.stderr
    return sqlite_db


def score_self_time(database: str, commit: str) -> float:
    outcome = run("profile", "workload", "--run", commit, "--format", "json", "--top", "0", "--db", database)
    functions = {f["name"]: f for f in json.loads(outcome.stdout)["functions"]}
    return float(functions[SCORE]["self_time"])


def test_the_profiles_are_what_the_programs_did(workload_db: str) -> None:
    """v1's and v2's profiles differ where the programs differ: score's self time."""
    slowed = score_self_time(workload_db, "v2000001")
    assert all(slowed > 3 * score_self_time(workload_db, f"v100000{n}") for n in (1, 2, 3, 4))


def test_flame_graphs_in_every_format(workload_db: str, tmp_path: Path) -> None:
    for format in ("svg", "speedscope", "chrome", "folded"):
        outcome = run("flamegraph", "workload", "--format", format, "-o", f"{tmp_path}/out/", "--db", workload_db)
        assert outcome.exit_code == 0, outcome.stderr
    names = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert names == [
        "a1c25bfa-workload.folded",
        "a1c25bfa-workload.speedscope.json",
        "a1c25bfa-workload.svg",
        "a1c25bfa-workload.trace.json",
    ]
    svg = tmp_path / "out" / "a1c25bfa-workload.svg"
    assert open_page(svg, tmp_path / "chromium").console == []
    assert screenshot(svg, tmp_path / "chromium", tmp_path / "workload.png") == []


def test_compare_names_the_slowed_function(workload_db: str) -> None:
    outcome = run("compare", "--db", workload_db)
    assert outcome.exit_code == 1, outcome.stderr
    verdict = next(line for line in outcome.stdout.splitlines() if line.startswith("workload "))
    assert verdict.split()[-1] == "REGRESSED"
    grew = [line.strip() for line in outcome.stdout.splitlines() if line.strip().startswith("self time of ")]
    assert grew[0].startswith(f"self time of {SCORE}: ")
    assert len(grew) <= 5


def test_compare_markdown_links_the_differential_flame_graph(workload_db: str, tmp_path: Path) -> None:
    outcome = run(
        "compare", "--format", "markdown", "--db", workload_db,
        env={"TRACKER_FLAMEGRAPH_OUTPUT_PATH": f"{tmp_path}/graphs/"},
    )  # fmt: skip
    assert outcome.exit_code == 1, outcome.stderr
    grew = [line for line in outcome.stdout.splitlines() if line.startswith("  - self time of ")]
    assert grew[0].startswith(f"  - self time of {SCORE}: ")
    link = re.search(r"  - \[differential flame graph\]\((.+?)\)", outcome.stdout)
    assert link is not None
    diff = Path(link[1])
    assert diff == tmp_path / "graphs" / "a1c25bfa-workload_diff.svg"
    movers = re.findall(r"points  (.+?): self", diff.read_text())
    assert movers[0] == SCORE
    assert open_page(diff, tmp_path / "chromium").console == []


def test_compare_summary_links_the_flame_graphs_beside_it_or_in_the_run_s_artifacts(
    workload_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Off GitHub the links are relative paths; in a GitHub Actions run, the run's page and the file's name."""
    monkeypatch.chdir(tmp_path)
    summary = tmp_path / "summary.md"
    here = run(
        "compare", "--summary", "--db", workload_db, env={"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_ACTIONS": ""}
    )
    assert here.exit_code == 1, here.stderr
    assert "flame graphs of 1 regressed test(s) in flamegraphs" in here.stderr
    links = [line for line in summary.read_text().splitlines() if "flame graph](" in line]
    assert links == [
        "  - [flame graph](flamegraphs/a1c25bfa-workload.svg)",
        "  - [differential flame graph](flamegraphs/a1c25bfa-workload_diff.svg)",
    ]
    assert "Flame graph: workload" in (tmp_path / "flamegraphs" / "a1c25bfa-workload.svg").read_text()
    summary.write_text("")
    github = {"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "octo/widgets", "GITHUB_RUN_ID": "99"}
    github["GITHUB_SERVER_URL"] = "https://github.example.com"
    there = run("compare", "--summary", "--db", workload_db, env={"GITHUB_STEP_SUMMARY": str(summary), **github})
    assert there.exit_code == 1, there.stderr
    page = "https://github.example.com/octo/widgets/actions/runs/99#artifacts"
    assert [line for line in summary.read_text().splitlines() if "flame graph](" in line] == [
        f"  - [flame graph]({page}): `flamegraphs/a1c25bfa-workload.svg` among the run's artifacts",
        f"  - [differential flame graph]({page}): `flamegraphs/a1c25bfa-workload_diff.svg` among the run's artifacts",
    ]
