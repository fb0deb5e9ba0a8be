"""Broken inputs are refused with exit 2, the file, the place and what was expected; the database is unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.conftest import DATA

# (file name, content or None for a corpus file, --format or None, words the message must hold)
CASES = [
    ("PierreBhs.json", DATA / "google_benchmark/PierreBhs__weighted-voronoi-stippling-cpp__bench.json", None,
     ["line 220 column 6", "expecting ',' delimiter", "truncated"]),
    ("pending.json", DATA / "busted/busted_json_output_with_pending_EMPTY.json", None, ["empty", "pending"]),
    ("pending.json", DATA / "busted/busted_json_output_with_pending_EMPTY.json", "busted-json", ["pending"]),
    ("junit.xml", "<testsuites><testsuite name='a'>\n<testcase name='t' time='fast'/></testsuite></testsuites>",
     None, ["line 2", "time='fast'"]),
    ("cut.xml", "\n<testsuites><testsuite name='a'><testcase name='t' time='1'/>", None, ["line 2", "invalid XML"]),
    ("gb.json", '{"context": {}, "benchmarks": [{"name": "BM_x", "real_time": "fast", "time_unit": "ns"}]}',
     None, ["$.benchmarks[0].real_time", "a finite number"]),
    ("hf.json", '{"results": [{"command": "true", "times": [0.1, "x"], "exit_codes": [0, 0]}]}', None,
     ["$.results[0].times[1]"]),
    ("go.txt", "pkg: x\nBenchmarkA-2   100   fast ns/op\n", "go-bench", ["line 2", "expected a number"]),
    ("cargo.txt", "test a ... bench:   12 ns/iter (+/- 1)\ntest b ... bench: lots\n", None, ["line 2"]),
    ("catch.xml", "<Catch2TestRun><TestCase name='t'><BenchmarkResults name='b'>\n<mean value='x'/>"
     "</BenchmarkResults></TestCase></Catch2TestRun>", None, ["line 2", "<mean>"]),
    ("jmh.json", '[{"jmhVersion": "1", "benchmark": "b", "primaryMetric": {"score": 1, "scoreUnit": "ops/s",'
     ' "rawData": [[1, null]]}}]', None, ["$[0].primaryMetric.rawData[0][1]"]),
    ("bdn.json", '{"HostEnvironmentInfo": {}, "Benchmarks": [{"FullName": "a", "Statistics": {"Mean": "x"}}]}',
     None, ["$.Benchmarks[0].Statistics.Mean"]),
    ("data.js", 'window.BENCHMARK_DATA = {"entries": {"B": [{"commit": {"id": "abc"}, "benches": '
     '[{"name": "x", "value": 1, "unit": "ns", "range": "about 3"}]}]}}', None,
     ["$.entries['B'][0].benches[0].range", "about 3"]),
    ("custom.json", '[{"name": "x", "unit": "ms", "value": "12"}]', None, ["$[0].value"]),
    ("long.csv", "commit,test,value\nabc,t,1.5\nabc,t,slow\n", None, ["line 3", "column value", "slow"]),
    ("asv.json", '{"commit_hash": "abc", "results": {"t.time_x": [[1.0]]}, "result_columns": "result"}', None,
     ["$.result_columns", "an array"]),
    ("export.json", '{"format": "tracker", "version": 9, "runs": []}', None, ["version 9", "upgrade"]),
    ("unknown.txt", "hello world\n", None, ["not a format tracker reads", "tried:", "junit-xml", "--format"]),
    ("cut.tap", "ok 1 - outer a\nnot ok 2 - outer b\n1..3\n", None, ["1..3", "2 test line(s)", "incomplete"]),
    ("noplan.tap", "TAP version 13\nok 1 - a\n", None, ["line 1", "no plan line"]),
    ("bail.tap", "1..3\nok 1 - a\nBail out! database down\n", None, ["line 3", "bailed out", "database down"]),
    ("otava.csv", "time,commit,metric1\n2024.01.01 3:00:00 +0100,aaa0,12\n2024.01.02 3:00:00 +0100,aaa1,fast\n",
     None, ["line 3", "column 'metric1'", "'fast'"]),
    ("otava.csv", "time;commit;metric1\n2024.01.01 3:00:00 +0100;aaa0;10,43\n", "otava-csv",
     ["line 2", "'10,43'"]),
    ("otava.csv", "time,metric1\nyesterday,12\n", "otava-csv", ["line 2, column time", "'yesterday'"]),
    ("histostat.csv", "#[TimeUnit: NANOSECONDS]\n#Tag,Interval_Start,Interval_Length,count,p50,p99\n"
     "Tag=read,1.0,1.0,10,500,x\n", None, ["line 3", "column p99", "'x'"]),
    ("series.json", '{"series": [1.5, 2.5, "x"]}', None, ["$.series[2]", "a finite number"]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "format_name", "words"), CASES, ids=[c[0] for c in CASES])
def test_broken_input_is_refused_and_nothing_is_stored(
    tmp_path: Path, name: str, content: str | Path, format_name: str | None, words: list[str]
) -> None:
    path = tmp_path / name
    path.write_bytes(content.read_bytes() if isinstance(content, Path) else content.encode())
    database = tmp_path / "benchmarks.db"
    good = DATA / "hyperfine/bencher__tool_output__hyperfine_two.json"
    assert run("ingest", "--db", database, "--commit", "abc123", good).exit_code == 0
    before = database.read_bytes()
    # with --format every input is read as that format, so the broken file comes alone
    inputs = ["--format", format_name, path] if format_name else [good, path]
    outcome = run("ingest", "--db", database, "--commit", "abc123", *inputs)
    assert outcome.exit_code == 2
    assert str(path) in outcome.stderr
    for word in words:
        assert word in outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert database.read_bytes() == before
