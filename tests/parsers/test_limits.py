"""Hostile inputs end in a clean refusal (exit 2, the file, the place and the limit), never in a
traceback, unbounded memory or a silently empty run."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.conftest import DATA
from tests.parsers.test_real_file_classes import TRACE_WITH_HUGE_NUMBERS
from tracker.parsers._support.jsonguard import JsonGuard

DEEP = "[" * 3000 + "]" * 3000
JSON_FORMATS = [
    "series-json",
    "busted-json",
    "google-benchmark",
    "hyperfine",
    "github-action-benchmark",
    "tracker-json",
    "custom-smaller-is-better",
    "pytest-benchmark",
    "chrome-trace",
    "speedscope",
]
PYTEST_RUN = json.loads((DATA / "pytest_ids/pytest_benchmark.json").read_text())


def _with_negative_round() -> str:
    document = json.loads(json.dumps(PYTEST_RUN))
    document["benchmarks"][0]["stats"]["data"][1] = -0.002
    return json.dumps(document)


# (file name, content, --format or None, words the message must hold)
CASES = [
    *[(f"deep-{name}.json", DEEP, name, ["deeply nested JSON", "200 levels"]) for name in JSON_FORMATS],
    ("deep-go.json", "{}\n" + DEEP + "\n", "go-bench", ["200 levels"]),
    ("documents.json", "{}" * 100_001, "busted-json", ["line 1", "100,000 per file"]),
    ("deep-args.json", '[{"name": "a", "ph": "X", "ts": 1, "dur": 2, "args": ' + DEEP + "}]", None, ["200 levels"]),
    ("deep.xml", "<testsuites>" + "<a>" * 1000 + "</a>" * 1000 + "</testsuites>", None, ["line 1", "deeper than 200"]),
    ("deep900.xml", "<testsuites>" + "<a>" * 900 + "</a>" * 900 + "</testsuites>", "junit-xml", ["deeper than 200"]),
    ("encoding.xml", '<?xml version="1.0" encoding="utf-1e9"?><testsuite/>', None, ["encoding", "utf-1e9"]),
    ("digits.json", '[{"name": "x", "unit": "ms", "value": ' + "1" * 5000 + "}]", None, ["5,000 characters"]),
    ("field.csv", "commit,test,value\nabc,a," + "x" * (5 << 20) + "\n", None, ["line 2", "field longer than"]),
    ("frames.folded", ";".join(f"f{i % 97}" for i in range(20_000)) + " 5\n", "folded", ["line 1", "20,000 frames"]),
    ("line.folded", "a;b 1\n" + "c;" * (3 << 20) + " 5\n", "folded", ["line 2", "per line"]),
    ("string.json", json.dumps("x" * (2 << 20)), "speedscope", ["1 MiB per string"]),
    ("name.json", '[{"name": "' + "n" * (2 << 20) + '", "ph": "X", "ts": 1}]', "chrome-trace", ["1 MiB"]),
    ("short-string.json", '"not a trace"', "chrome-trace", ["expected a JSON array of trace events"]),
    ("negative-pb.json", _with_negative_round(), None, ["$.benchmarks[0].stats.data[1]", "-0.002"]),
    ("negative.csv", "commit,test,value,unit\nabc,t,-2,ms\n", None, ["line 2", "negative time -2"]),
    ("negative.json", '[{"name": "x", "unit": "ms", "value": -2}]', None, ["$[0].value", "negative time -2"]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "format_name", "words"), CASES, ids=[c[0] for c in CASES])
def test_hostile_input_is_refused_with_the_limit(
    tmp_path: Path, name: str, content: str, format_name: str | None, words: list[str]
) -> None:
    path = tmp_path / name
    path.write_text(content)
    inputs = ["--format", format_name, path] if format_name else [path]
    outcome = run("ingest", "--db", tmp_path / "b.db", "--commit", "abc123", *inputs)
    assert outcome.exit_code == 2, outcome.stderr
    assert str(path) in outcome.stderr
    for word in words:
        assert word in outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert not (tmp_path / "b.db").exists() or "ingested" not in outcome.stderr


def test_zero_durations_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "zero.csv"
    path.write_text("commit,test,value,unit\nabc,t,0,ms\n")
    assert run("ingest", "--db", tmp_path / "b.db", path).exit_code == 0


def _limited(*args: str | Path, memory: int = 2 << 30) -> subprocess.CompletedProcess[str]:
    """`tracker ARGS` in a child process that may use MEMORY bytes of address space at most."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    command = [sys.executable, "-m", "tracker", *map(str, args)]
    root = Path(__file__).resolve().parents[2]
    return subprocess.run(command, cwd=root, preexec_fn=limit, capture_output=True, text=True, check=False, timeout=300)


@pytest.mark.parametrize("format_name", ["chrome-trace", "speedscope", None])
def test_deep_nesting_in_a_streamed_file_stays_in_bounded_memory(tmp_path: Path, format_name: str | None) -> None:
    # Depth 40,000 in an 80 KB file took 4 GB before the reader bounded nesting.
    path = tmp_path / "deep.json"
    path.write_text('[{"name": "a", "ph": "X", "ts": 1, "dur": 2, "args": ' + "[" * 40_000 + "]" * 40_000 + "}]")
    chosen = ["--format", format_name] if format_name else []
    done = _limited("ingest", "--db", tmp_path / "b.db", "--commit", "abc", *chosen, path)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "200 levels" in done.stderr and "Traceback" not in done.stderr


def test_an_endless_input_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    done = _limited("ingest", "--db", tmp_path / "b.db", "--commit", "abc", "--format", "csv", "/dev/zero")
    assert done.returncode == 2, done.stderr[-2000:]
    assert "/dev/zero" in done.stderr and "512 MiB" in done.stderr


def test_a_million_frame_stack_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "million.folded"
    path.write_text(";".join(f"f{i % 100}" for i in range(1_000_000)) + " 5\n")
    done = _limited("ingest", "--db", tmp_path / "b.db", "--commit", "abc", "--format", "folded", path)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "1,000,000 frames" in done.stderr


@pytest.mark.parametrize("size", [1, 2, 3, 5, 64, 4096])
def test_the_guard_reads_the_same_whatever_the_chunks(size: int) -> None:
    data = b"".join(path.read_bytes() for path in sorted((DATA / "trace_event").glob("*.json"))[:3])
    data += TRACE_WITH_HUGE_NUMBERS.encode() + b'["a\\\\", "b\\"c", 1e-400, -0, 12345678901234567890123]'
    whole = JsonGuard("whole").feed(data, final=True)
    guard = JsonGuard("chunked")
    chunked = b"".join([guard.feed(data[i : i + size]) for i in range(0, len(data), size)])
    assert chunked + guard.feed(b"", final=True) == whole
    assert whole.count(b"1.2345678901234568e+22") == 1 and b'"1e400"' in whole
