"""`tracker profile` and `tracker flamegraph` through the real CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.conftest import DATA
from tests.profiles.browser import open_page

TREE = DATA / "busted_profiler" / "benchmarks"
OUTER = "spec/demo_spec.lua demo plugin computes outer #heavy"


@pytest.fixture
def busted_db(database: str) -> str:
    outcome = run("ingest", TREE, "--commit", "abc1234", "--branch", "main", "--db", database)
    assert outcome.exit_code == 0, outcome.stderr
    assert "ingested 3 new run(s) from 1 input(s): 4 test(s), 12 sample(s)" in outcome.stderr
    return database


def test_profile_table_slowest_first(busted_db: str) -> None:
    outcome = run("profile", "computes outer", "--top", "3", "--db", busted_db)
    assert outcome.exit_code == 0, outcome.stderr
    lines = outcome.stdout.splitlines()
    assert lines[0].split() == ["Count", "Total-Time", "Self-Time", "Self", "%", "Name"]
    # v1.1.0 is the newest run; its slowest function in this test is vim.fn.join
    assert lines[2].split() == ["1", "11", "µs", "1.58", "µs", "6.2%", "vim.fn.join"]
    assert lines[-2] == f"Test: {OUTER} (f5d7bd19-6a19-cc5a-9446-bda53bc10c52)"
    assert lines[-1] == "Run: 3 v1.1.0; 3 of 13 function(s)."


def test_profile_markdown_has_the_original_columns(busted_db: str) -> None:
    outcome = run("profile", "computes outer", "--run", "v1.0.0", "--format", "markdown", "--db", busted_db)
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout.startswith("| Count | Total-Time | Self-Time | Name |\n|---:|---:|---:|:---|\n")
    assert "| 1 | 10.5 µs | 1.89 µs | vim.fn.join |" in outcome.stdout


def test_profile_json(busted_db: str) -> None:
    outcome = run(
        "profile", "f5d7bd19-6a19-cc5a-9446-bda53bc10c52", "--run", "v1.0.1", "--format", "json", "--db", busted_db
    )
    document = json.loads(outcome.stdout)
    assert document["test_name"] == OUTER
    assert document["run"]["tag"] == "v1.0.1"
    assert document["function_count"] == 13
    first = document["functions"][0]
    assert set(first) == {"name", "calls", "total", "self_time", "self_share", "unit"}
    assert sum(f["self_share"] for f in document["functions"]) == pytest.approx(1.0)


def test_whole_suite_profile_and_glob(busted_db: str) -> None:
    outcome = run("profile", "busted*", "--top", "0", "--format", "json", "--db", busted_db)
    assert json.loads(outcome.stdout)["test_name"] == "busted suite"


def test_ambiguous_and_unknown_tests_name_the_fix(busted_db: str) -> None:
    ambiguous = run("profile", "computes", "--db", busted_db)
    assert ambiguous.exit_code == 2
    assert "'computes' matches 3 tests; give more of the name or the id" in ambiguous.stderr
    unknown = run("flamegraph", "nothing like it", "--db", busted_db)
    assert unknown.exit_code == 2
    assert "no test matches 'nothing like it'; `tracker tests` lists the ids and names" in unknown.stderr


def test_flamegraph_writes_every_format(busted_db: str, tmp_path: Path) -> None:
    for format, name in (
        ("svg", "fg.svg"),
        ("speedscope", "fg.json"),
        ("chrome", "fg.trace.json"),
        ("folded", "fg.folded"),
    ):
        outcome = run("flamegraph", "computes outer", "--format", format, "-o", tmp_path / name, "--db", busted_db)
        assert outcome.exit_code == 0, outcome.stderr
        assert outcome.stdout == f"{tmp_path / name}\n"
    assert json.loads((tmp_path / "fg.json").read_text())["exporter"] == "tracker"
    assert json.loads((tmp_path / "fg.trace.json").read_text())["traceEvents"][0]["ph"] == "M"
    assert "vim.fn.join;vim.shared.call 1352\n" in (tmp_path / "fg.folded").read_text()  # v1.1.0: 1.352 us
    assert open_page(tmp_path / "fg.svg", tmp_path / "chromium").console == []


def test_default_output_folder_and_legacy_variable(busted_db: str, tmp_path: Path) -> None:
    target = tmp_path / "graphs"
    outcome = run(
        "flamegraph", "computes outer", "--db", busted_db, env={"BUSTED_PROFILER_FLAMEGRAPH_OUTPUT_PATH": f"{target}/"}
    )
    assert outcome.exit_code == 0, outcome.stderr
    written = Path(outcome.stdout.strip())
    assert written == target / "f5d7bd19-spec_demo_spec.lua_demo_plugin_computes_outer_heavy.svg"
    assert written.read_text().startswith('<?xml version="1.0"')


def test_differential_flamegraph_lists_movers(busted_db: str, tmp_path: Path) -> None:
    path = tmp_path / "diff.svg"
    outcome = run(
        "flamegraph", "busted suite", "--run", "v1.0.1", "--baseline", "v1.0.0", "-o", path, "--db", busted_db
    )
    assert outcome.exit_code == 0, outcome.stderr
    lines = outcome.stdout.splitlines()
    assert lines[0] == str(path)
    assert lines[1] == "  +4.10 points of the run  pl.tablex.copy"
    assert "Top movers" in path.read_text()
    same = run("flamegraph", "busted suite", "--run", "v1.0.1", "--baseline", "v1.0.1", "--db", busted_db)
    assert same.exit_code == 2
    assert "pick an older --baseline" in same.stderr
    folded = run("flamegraph", "busted suite", "--baseline", "v1.0.0", "--format", "folded", "--db", busted_db)
    assert folded.exit_code == 2
    assert "use --format svg" in folded.stderr


def test_a_run_without_the_profile_is_refused(busted_db: str) -> None:
    run(
        "ingest",
        DATA / "folded/speedscope__sample__stackcollapse_simple-with-invalids.txt",
        "--commit",
        "abc1235",
        "--db",
        busted_db,
    )
    outcome = run("profile", "computes outer", "--run", "abc1235", "--db", busted_db)
    assert outcome.exit_code == 2
    assert (
        "holds no profile of 'spec/demo_spec.lua demo plugin computes outer #heavy'; runs that do: 3, 2, 1"
        in outcome.stderr
    )
