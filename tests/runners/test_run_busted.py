"""`tracker run busted` on a real busted suite: statuses, durations, tags, repeats, pass-through."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import run
from tests.runners.conftest import LPATH
from tracker.parsers import Source, busted_json, tracker_json

PLUGIN = "spec/plugin_spec.lua slowplugin"


def _results(path: Path) -> dict[str, dict[str, Any]]:
    document = json.loads(path.read_text())
    return {result["test"]: result for result in document["runs"][0]["results"]}


def test_every_status_has_its_duration_and_tags(busted_project: Path) -> None:
    outcome = run("run", "busted", "--output", "out.json", "--", LPATH, "spec")
    assert outcome.exit_code == 0, outcome.stderr
    assert "busted exited with 1: 1 error, 1 failed, 3 passed, 1 skipped" in outcome.stderr
    results = _results(busted_project / "out.json")
    statuses = {name: result["status"] for name, result in results.items()}
    assert statuses == {
        "spec/other_spec.lua other file passes quickly": "passed",
        f"{PLUGIN} greets": "passed",
        f"{PLUGIN} sums a long range #slow": "passed",
        f"{PLUGIN} sums wrongly #flaky #slow": "failed",
        f"{PLUGIN} raises an error": "error",
        f"{PLUGIN} is not written yet": "skipped",
    }
    assert all(len(result["samples"]) == 1 and result["samples"][0] >= 0 for result in results.values())
    tests = json.loads((busted_project / "out.json").read_text())["tests"]
    assert tests[f"{PLUGIN} sums wrongly #flaky #slow"] == {
        "file": "spec/plugin_spec.lua",
        "line": 13,
        "tags": ["flaky", "slow"],
    }


def test_ids_match_busted_json_output(busted_project: Path) -> None:
    """The same tests read from `busted -o json` (no pending test: busted 2.1 prints nothing then)."""
    arguments = [LPATH, "--filter-out=not written", "spec"]
    assert run("run", "busted", "--output", "out.json", "--", *arguments).exit_code == 0
    printed = subprocess.run(["busted", "-o", "json", *arguments], capture_output=True, check=False).stdout
    from_busted = busted_json.parse(Source.from_bytes(printed))[0]
    from_handler = tracker_json.parse(Source(name="out.json", path=busted_project / "out.json"))[0]
    assert {m.test.id for m in from_handler.measurements} == {m.test.id for m in from_busted.measurements}
    assert len(from_handler.measurements) == 5


def test_repeats_keep_every_sample_or_the_fastest(busted_project: Path) -> None:
    assert run("run", "busted", "--repeat", "3", "--output", "all.json", "--", LPATH, "spec").exit_code == 0
    every = _results(busted_project / "all.json")
    assert {len(result["samples"]) for result in every.values()} == {3}
    outcome = run("run", "busted", "--output", "fast.json", "--keep", "fastest", "--", LPATH, "spec")
    assert outcome.exit_code == 0
    assert {len(result["samples"]) for result in _results(busted_project / "fast.json").values()} == {1}


def test_repeats_come_from_the_legacy_variable(busted_project: Path) -> None:
    env = {"BUSTED_PROFILER_MAXIMUM_TRIES": "2", "TRACKER_KEEP": "fastest"}
    assert run("run", "busted", "--output", "out.json", "--", LPATH, "spec", env=env).exit_code == 0
    assert {len(result["samples"]) for result in _results(busted_project / "out.json").values()} == {1}
    env = {"MEGA_BUSTED_PROFILER_MAXIMUM_TRIES": "2"}
    assert run("run", "busted", "--output", "out.json", "--", LPATH, "spec", env=env).exit_code == 0
    assert {len(result["samples"]) for result in _results(busted_project / "out.json").values()} == {2}


def test_busted_arguments_pass_through(busted_project: Path) -> None:
    outcome = run("run", "busted", "--output", "out.json", "--", LPATH, "--tags=slow", "--exclude-tags=flaky", "spec")
    assert outcome.exit_code == 0, outcome.stderr
    assert list(_results(busted_project / "out.json")) == [f"{PLUGIN} sums a long range #slow"]


def test_arguments_tracker_sets_are_refused(busted_project: Path) -> None:
    for argument in ("-o", "--output=json", "--repeat=3"):
        outcome = run("run", "busted", "--output", "out.json", "--", argument, "spec")
        assert outcome.exit_code == 2
        assert argument in outcome.stderr
    assert not (busted_project / "out.json").exists()


def test_a_missing_busted_names_the_fix(busted_project: Path) -> None:
    outcome = run("run", "busted", "--busted", "no-such-busted-here", "--", "spec")
    assert outcome.exit_code == 2
    assert "apt-get install lua-busted" in outcome.stderr


def test_results_are_ingested_with_the_release(busted_project: Path, database: str) -> None:
    outcome = run(
        "run", "busted", "--db", database, "--commit", "abc123", "--repeat", "2", "--", LPATH, "spec",
        env={"BUSTED_PROFILER_FLAMEGRAPH_VERSION": "v1.2.0"},
    )  # fmt: skip
    assert outcome.exit_code == 0, outcome.stderr
    assert "ingested 1 new run(s): 6 test(s), 12 sample(s)" in outcome.stderr
    runs = json.loads(run("runs", "--db", database, "--format", "json").stdout)
    assert [(r["commit"][:6], r["tag"]) for r in runs] == [("abc123", "v1.2.0")]


def test_errors_outside_tests_have_the_ids_busted_json_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, busted_path: str
) -> None:
    """A spec file that does not load and a describe block that raises are errors, named as busted names them."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "syntax_spec.lua").write_text("this is not lua\n")
    (tmp_path / "spec" / "describe_spec.lua").write_text(
        "describe('broken', function()\n  error('in describe')\n  it('never runs', function() end)\nend)\n"
    )
    assert run("run", "busted", "--output", "out.json", "--", "spec").exit_code == 0
    printed = subprocess.run(["busted", "-o", "json", "spec"], capture_output=True, check=False).stdout
    # Read by hand: busted writes the failed file's trace as [], which the busted-json parser refuses.
    errors = json.loads(printed)["errors"]
    named = {f"{e['trace']['short_src']} {e['name']}" if e["trace"] else e["name"] for e in errors}
    results = _results(tmp_path / "out.json")
    assert (
        named
        == set(results)
        == {
            "spec/syntax_spec.lua",
            "spec/describe_spec.lua broken",
        }
    )
    assert {result["status"] for result in results.values()} == {"error"}
    tests = json.loads((tmp_path / "out.json").read_text())["tests"]
    assert tests["spec/syntax_spec.lua"]["file"] == "spec/syntax_spec.lua"


def test_a_busted_task_from_the_project_config_runs(busted_project: Path) -> None:
    """`-- --run=unit` picks a task of the project's .busted file, as busted does on its own."""
    (busted_project / ".busted").write_text(
        "return {\n  unit = { ROOT = { 'spec/other_spec.lua' } },\n"
        "  plugin = { ROOT = { 'spec/plugin_spec.lua' }, lpath = './lua/?.lua;./lua/?/init.lua' },\n}\n"
    )
    assert run("run", "busted", "--output", "unit.json", "--", "--run=unit").exit_code == 0
    assert list(_results(busted_project / "unit.json")) == ["spec/other_spec.lua other file passes quickly"]
    assert run("run", "busted", "--output", "plugin.json", "--", "--run=plugin").exit_code == 0
    assert len(_results(busted_project / "plugin.json")) == 5
