"""TAP: busted's real `-o TAP` output, its ids against busted's JSON and JUnit, and TAP's directives and plans."""

from __future__ import annotations

import subprocess
from pathlib import Path
from types import ModuleType

import pytest

from tests import external
from tests.conftest import DATA
from tracker import parsers
from tracker.domain import ParsedRun, Status
from tracker.parsers import Source, busted_json, junit_xml, tap


def read_text(text: str) -> ParsedRun:
    source = Source.from_bytes(text.encode(), "results.tap")
    assert parsers.detect(source) is tap
    (run,) = tap.parse(source)
    return run


def statuses(run: ParsedRun) -> dict[str, Status]:
    return {m.test.name: m.status for m in run.measurements}


def test_busted_tap_has_statuses_and_no_samples_and_names_without_the_spec_file() -> None:
    (run,) = tap.parse(Source.from_path(DATA / "busted/busted_tap_output.txt"))
    assert statuses(run) == {
        "outer block inner block #simple fast test": Status.PASSED,
        "outer block inner block #simple slow test #slow": Status.PASSED,
        "outer block failing test": Status.FAILED,
        "outer block erroring test": Status.FAILED,  # TAP cannot tell an error from a failure
        "outer block pending test": Status.SKIPPED,  # busted writes `ok 5 - # SKIP name`
    }
    assert all(m.values == () and m.summary is None for m in run.measurements)
    assert all(m.test.file is None for m in run.measurements)  # `# spec/... @ 19` after a failure is not used
    assert run.tool == "busted"
    slow = next(m for m in run.measurements if m.test.name.endswith("#slow"))
    assert slow.test.tags == ("simple", "slow")


def test_directives_after_the_name_and_tags_that_look_like_them() -> None:
    run = read_text(
        "TAP version 13\n1..5\nok 1 - reads a file\nok 2 - uses the network # SKIP offline\n"
        "not ok 3 - parses dates # TODO not yet\n  ---\n  message: later\n  ...\n"
        "ok 4 - quick #skip\nnot ok 5 - writes a file\n    ok 1 - a subtest line is not a test\n"
    )
    assert statuses(run) == {
        "reads a file": Status.PASSED,
        "uses the network": Status.SKIPPED,
        "parses dates": Status.SKIPPED,
        "quick #skip": Status.PASSED,  # a busted tag, not a directive
        "writes a file": Status.FAILED,
    }
    assert run.tool == "tap"


def test_repeated_documents_are_one_run_and_a_test_failing_once_is_failed() -> None:
    run = read_text("ok 1 - a\nok 2 - b\n1..2\nok 1 - a\nnot ok 2 - b\n1..2\n")
    assert statuses(run) == {"a": Status.PASSED, "b": Status.FAILED}


def test_a_plan_first_document_then_another() -> None:
    run = read_text("1..1\nok 1 - a\n1..2\nok 1 - b\nok 2 - c\n")
    assert set(statuses(run)) == {"a", "b", "c"}


def _busted(spec_dir: Path, *args: str) -> str:
    done = subprocess.run(["busted", *args], cwd=spec_dir, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode in (0, 1), done.stderr  # 1: some tests failed, as they should
    return done.stdout


@pytest.fixture
def busted_project(tmp_path: Path) -> Path:
    external.busted()
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec/parser_spec.lua").write_text(
        'describe("parser #fast", function()\n'
        '  describe("numbers", function()\n'
        '    it("reads 12", function() assert.are.equal(12, tonumber("12")) end)\n'
        '    it("reads 1e3 #slow", function() assert.are.equal(1000, tonumber("1e3")) end)\n'
        "  end)\n"
        '  it("fails", function() assert.are.equal(1, 2) end)\n'
        '  it("errors", function() error("boom") end)\n'
        "end)\n"
    )
    (tmp_path / "spec/writer_spec.lua").write_text(
        'describe("writer", function()\n  it("writes", function() end)\nend)\n'
    )
    return tmp_path


def test_real_busted_tap_verbose_ids_match_busted_json_and_junit(busted_project: Path) -> None:
    def read(module: ModuleType, *args: str) -> ParsedRun:
        runs: list[ParsedRun] = module.parse(Source.from_bytes(_busted(busted_project, *args).encode(), "busted.out"))
        return runs[0]

    verbose = read(tap, "-o", "TAP", "--verbose")
    ids = {m.test.id: m.test.name for m in verbose.measurements}
    for other in (read(busted_json, "-o", "json"), read(junit_xml, "-o", "junit")):
        assert {m.test.id: m.test.name for m in other.measurements} == ids
    assert len(ids) == 5
    assert statuses(verbose)["spec/parser_spec.lua parser #fast errors"] is Status.FAILED
    assert statuses(verbose)["spec/writer_spec.lua writer writes"] is Status.PASSED
    assert {m.test.file for m in verbose.measurements} == {"spec/parser_spec.lua", "spec/writer_spec.lua"}


def test_real_busted_tap_without_verbose_names_tests_without_their_file(busted_project: Path) -> None:
    (run,) = tap.parse(Source.from_bytes(_busted(busted_project, "-o", "TAP", "--repeat", "2").encode(), "b.tap"))
    assert statuses(run) == {
        "parser #fast numbers reads 12": Status.PASSED,
        "parser #fast numbers reads 1e3 #slow": Status.PASSED,
        "parser #fast fails": Status.FAILED,
        "parser #fast errors": Status.FAILED,
        "writer writes": Status.PASSED,
    }
