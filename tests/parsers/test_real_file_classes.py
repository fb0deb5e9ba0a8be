"""Classes of real files that were refused: huge JSON numbers, re-indented JSON, spelled-out units,
busted's pending advice, and pytest's JUnit ids against pytest-benchmark's."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.conftest import DATA
from tracker.parsers import Source, busted_json, detect, gab_custom, github_action_benchmark, junit_xml
from tracker.parsers import pytest_benchmark as pytest_benchmark_format

# A Chrome 116 trace event's args hold 18446744064077150000 (a 64-bit id written as a double).
TRACE_WITH_HUGE_NUMBERS = (
    '{"traceEvents": [\n'
    ' {"name": "parse", "ph": "X", "ts": 10, "dur": 250, "pid": 1, "tid": 1,\n'
    '  "args": {"id": 18446744064077150000, "big": 1e400, "zero": -0, "tiny": 1e-400, "n": -18446744064077150000}},\n'
    ' {"name": "read", "ph": "X", "ts": 20, "dur": 100, "pid": 1, "tid": 1, "args": {"digits": 1' + "0" * 400 + "}}\n"
    "]}\n"
)


def test_numbers_beyond_64_bits_never_stop_a_trace_ingest(tmp_path: Path) -> None:
    trace = tmp_path / "trace.json"
    trace.write_text(TRACE_WITH_HUGE_NUMBERS)
    outcome = run("ingest", "--db", tmp_path / "b.db", "--commit", "abc123", trace)
    assert outcome.exit_code == 0, outcome.stderr
    profile = run("profile", "trace", "--db", tmp_path / "b.db")
    assert profile.exit_code == 0, profile.stderr
    assert "parse" in profile.stdout and "read" in profile.stdout


def test_numbers_beyond_64_bits_parse_in_whole_documents() -> None:
    text = '[{"name": "x", "unit": "ms", "value": 1.5, "extra": "id", "id": 18446744064077150000, "z": -0}]'
    (run_,) = gab_custom.parse(Source.from_bytes(text.encode(), "custom.json"))
    assert run_.measurements[0].values == (0.0015,)


def test_a_complete_file_is_never_called_truncated(tmp_path: Path) -> None:
    trace = tmp_path / "trace.json"
    trace.write_text('[{"name": "a", "ph": "X", "ts": 1, "dur": 2} {"name": "b"}]')
    outcome = run("ingest", "--db", tmp_path / "b.db", "--commit", "abc123", trace)
    assert outcome.exit_code == 2
    assert "invalid JSON" in outcome.stderr and "is the file complete" not in outcome.stderr


def _reindented(path: Path) -> str:
    """The documents of a busted `-o json` file as `jq .` writes them: two-space indents, one after the other."""
    lines = [line for line in path.read_text().splitlines() if line.strip()]
    return "".join(json.dumps(json.loads(line), indent=2) + "\n" for line in lines)


@pytest.mark.parametrize("name", ["busted_json_output_repeat2.json", "busted_json_output_with_failures.json"])
def test_reindented_busted_json_reads_as_the_original(name: str) -> None:
    original = busted_json.parse(Source.from_path(DATA / "busted" / name))
    source = Source.from_bytes(_reindented(DATA / "busted" / name).encode(), "pretty.json")
    assert detect(source) is busted_json
    assert busted_json.parse(source)[0].measurements == original[0].measurements


@pytest.mark.parametrize(
    ("unit", "seconds"),
    [("milliseconds", 1e-3), ("Millisecond", 1e-3), ("NANOSECONDS", 1e-9), ("microseconds", 1e-6), ("seconds", 1.0)],
)
def test_spelled_out_time_units(unit: str, seconds: float) -> None:
    text = json.dumps([{"name": "x", "unit": unit, "value": 51960}])
    (run_,) = gab_custom.parse(Source.from_bytes(text.encode(), "custom.json"))
    (measurement,) = run_.measurements
    assert measurement.metric.name == "time"
    assert measurement.values == pytest.approx((51960 * seconds,))


@pytest.mark.parametrize(
    ("unit", "factor"), [("bytes", 1), ("Kilobytes", 1e3), ("megabyte", 1e6), ("gibibytes", 2**30)]
)
def test_spelled_out_size_units(unit: str, factor: float) -> None:
    text = json.dumps([{"name": "bundle", "unit": unit, "value": 3}])
    (run_,) = gab_custom.parse(Source.from_bytes(text.encode(), "custom.json"))
    assert run_.measurements[0].metric.name == "size"
    assert run_.measurements[0].values == (3 * factor,)


def test_spelled_out_units_in_a_real_history() -> None:
    real = DATA / "github_action_benchmark" / "rocicorp__replicache__perf-v2__data.js"
    spelled = real.read_text().replace('"median ms"', '"median milliseconds"')
    assert "median milliseconds" in spelled
    expected = github_action_benchmark.parse(Source.from_path(real))
    runs = github_action_benchmark.parse(Source.from_bytes(spelled.encode(), "data.js"))
    assert [r.measurements for r in runs] == [r.measurements for r in expected]


def test_busted_pending_advice_is_a_flag_busted_accepts(tmp_path: Path) -> None:
    if shutil.which("busted") is None:
        if os.environ.get("CI"):
            pytest.fail("busted is not installed: apt-get install lua-busted")
        pytest.skip("busted is not installed (Debian: apt-get install lua-busted)")
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec/a_spec.lua").write_text(
        'describe("outer", function()\n  it("fast", function() end)\n  pending("later")\nend)\n'
    )
    plain = subprocess.run(["busted", "-o", "json"], cwd=tmp_path, capture_output=True, check=False, timeout=120)
    (tmp_path / "empty.json").write_bytes(plain.stdout)
    refused = run("ingest", "--db", tmp_path / "b.db", "--commit", "abc123", tmp_path / "empty.json")
    assert refused.exit_code == 2
    assert "--suppress-pending" in refused.stderr
    advised = subprocess.run(
        ["busted", "--suppress-pending", "-o", "json"], cwd=tmp_path, capture_output=True, check=False, timeout=120
    )
    assert advised.returncode == 0, advised.stderr
    (tmp_path / "advised.json").write_bytes(advised.stdout)
    assert run("ingest", "--db", tmp_path / "b.db", "--commit", "abc123", tmp_path / "advised.json").exit_code == 0


IDS = DATA / "pytest_ids"
NODE_IDS = {
    "tests/test_sample.py::test_fast",
    "tests/test_sample.py::test_sized[10]",
    "tests/test_sample.py::test_sized[1000]",
    "tests/test_sample.py::TestGroup::test_inner",
}


@pytest.mark.parametrize("name", ["pytest_junit_xunit2.xml", "pytest_junit_xunit1.xml"])
def test_pytest_junit_names_tests_by_node_id_as_pytest_benchmark_does(name: str) -> None:
    (junit,) = junit_xml.parse(Source.from_path(IDS / name))
    (bench,) = pytest_benchmark_format.parse(Source.from_path(IDS / "pytest_benchmark.json"))
    assert {m.test.name for m in junit.measurements} == NODE_IDS
    assert {m.test.name for m in bench.measurements} == NODE_IDS
    assert {m.test.file for m in junit.measurements} == {"tests/test_sample.py"}


def test_other_junit_keeps_classname_dot_name() -> None:
    text = '<testsuite name="maven"><testcase classname="org.x.ParserTest" name="reads" time="0.5"/></testsuite>'
    (run_,) = junit_xml.parse(Source.from_bytes(text.encode(), "junit.xml"))
    assert [m.test.name for m in run_.measurements] == ["org.x.ParserTest.reads"]
