"""GitHub annotations carry `file=` and `line=` where the results file says where the test is written."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import run
from tests.conftest import DATA
from tracker import parsers
from tracker.domain import ParsedRun
from tracker.parsers import Source

BUSTED = DATA / "busted"
PYTEST_IDS = DATA / "pytest_ids"
FAILING = "spec_nopending/demo_spec.lua outer block failing test"


def _places(path: Path) -> dict[str, tuple[str | None, int | None]]:
    source = Source(name=path.name, path=path)
    runs: list[ParsedRun] = parsers.detect(source).parse(source)
    return {m.test.name: (m.test.file, m.test.line) for run in runs for m in run.measurements}


def test_busted_json_gives_the_line_of_each_it_not_of_the_failed_assertion() -> None:
    places = _places(BUSTED / "busted_json_output_with_failures.json")
    spec = "spec_nopending/demo_spec.lua"
    assert places == {
        f"{spec} outer block inner block #simple fast test": (spec, 10),
        f"{spec} outer block inner block #simple slow test #slow": (spec, 14),
        f"{spec} outer block failing test": (spec, 19),  # its assertion is on line 20
        f"{spec} outer block erroring test": (spec, 23),
    }


def test_busted_junit_gives_the_same_lines_from_its_classname() -> None:
    places = _places(BUSTED / "busted_junit_output.xml")
    assert places["spec/demo_spec.lua outer block failing test"] == ("spec/demo_spec.lua", 19)
    assert places["spec/demo_spec.lua outer block pending test"] == ("spec/demo_spec.lua", 27)


def test_pytest_junit_lines_count_from_one_like_the_source() -> None:
    """pytest writes `line` counting from 0; the stored line is the `def` line of the source."""
    source = (PYTEST_IDS / "test_sample.py.txt").read_text().splitlines()
    places = _places(PYTEST_IDS / "pytest_junit_xunit1.xml")
    file, line = places["tests/test_sample.py::test_fast"]
    assert file == "tests/test_sample.py" and line is not None
    assert source[line - 1] == "def test_fast(benchmark):"
    sized = places["tests/test_sample.py::test_sized[10]"][1]
    assert sized is not None  # a decorated test starts at its first decorator, as pytest reports it
    assert source[sized - 1 : sized + 1] == [
        '@pytest.mark.parametrize("size", [10, 1000])',
        "def test_sized(benchmark, size):",
    ]
    assert {line for _, line in _places(PYTEST_IDS / "pytest_junit_xunit2.xml").values()} == {None}  # none written


def _turned_failing(text: str, name: str) -> str:
    """The JUnit file with the test NAME failing, as the next run of the suite would write it."""
    start = text.index(f'name="{name}"')
    end = text.index("/>", start)
    return text[:end] + '><failure message="assert 1 == 2"/></testcase>' + text[end + 2 :]


def test_annotations_of_a_busted_suite_point_at_the_line(tmp_path: Path) -> None:
    candidate = BUSTED / "busted_json_output_with_failures.json"
    document = json.loads(candidate.read_text())
    passing = document["failures"].pop(0)
    passing["element"]["duration"] = 0.0007
    document["successes"].append(passing)
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps(document))
    outcome = run("compare", baseline, candidate, "--format", "json", env={"GITHUB_ACTIONS": "true"})
    assert outcome.exit_code == 1, outcome.stderr
    (annotation,) = [line for line in outcome.stderr.splitlines() if line.startswith("::")]
    assert annotation.startswith(
        f"::error file=spec_nopending/demo_spec.lua,line=19,title=Test stopped passing::{FAILING}"
    )


def test_annotations_of_a_pytest_suite_point_at_the_def_line(tmp_path: Path) -> None:
    baseline = PYTEST_IDS / "pytest_junit_xunit1.xml"
    candidate = tmp_path / "junit.xml"
    candidate.write_text(_turned_failing(baseline.read_text(), "test_fast"))
    outcome = run("compare", baseline, candidate, env={"GITHUB_ACTIONS": "true"})
    assert outcome.exit_code == 1, outcome.stderr
    (annotation,) = [line for line in outcome.stderr.splitlines() if line.startswith("::")]
    assert annotation.startswith("::error file=tests/test_sample.py,line=6,title=Test stopped passing::")


def test_a_line_survives_export_and_moves_with_the_code(tmp_path: Path, database: str) -> None:
    junit = BUSTED / "busted_junit_output.xml"
    assert run("ingest", "--db", database, "--commit", "a1", junit).exit_code == 0
    exported = tmp_path / "export.json"
    assert run("export", "--db", database, "-o", exported).exit_code == 0
    tests = json.loads(exported.read_text())["tests"]
    assert tests["spec/demo_spec.lua outer block failing test"]["line"] == 19
    moved = tmp_path / "moved.xml"
    moved.write_text(junit.read_text().replace("spec/demo_spec.lua:19", "spec/demo_spec.lua:42"))
    assert run("ingest", "--db", database, "--commit", "a2", moved).exit_code == 0
    assert run("export", "--db", database, "-o", exported).exit_code == 0
    assert json.loads(exported.read_text())["tests"]["spec/demo_spec.lua outer block failing test"]["line"] == 42
