"""Go `go test -bench` output, as text or as `go test -json` events.

Each result line (`BenchmarkX-8  1000  1052 ns/op  128 B/op  2 allocs/op  33.3 MB/s`) is one
sample of each metric it reports: `ns/op` is `time`, `B/op` `memory`, `allocs/op` `allocations`,
`MB/s` `bandwidth` (higher is better); custom `b.ReportMetric` units become metrics of their own.
`-count=N` repeats a line, giving N samples. The test is `<pkg>.<BenchmarkName>`; the `-8` suffix
(GOMAXPROCS) is dropped when every line has the same one, and kept when `-cpu=1,2,4` varies it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from tracker.domain import ParsedRun, Status
from tracker.errors import InputError
from tracker.parsers._support import jsonguard, units
from tracker.parsers._support.collect import Collector, test_case
from tracker.parsers._support.source import Source
from tracker.parsers._support.spread import number

NAME = "go-bench"
DESCRIPTION = "Go `go test -bench` output (text or -json): ns/op, B/op, allocs/op, MB/s as metrics"
EXAMPLE = "BenchmarkFib10-8   \t 5000000\t       325 ns/op\t      0 B/op\t       0 allocs/op"

_RESULT = re.compile(r"^(?P<name>Benchmark\S*)\s+(?P<iterations>\d+)\s+(?P<pairs>\S+ \S+(?:\s+\S+ \S+)*)\s*$")
_SNIFF = re.compile(r"^Benchmark\S*\s+\d+\s+[\d.,e+-]+ \S+/op\b", re.MULTILINE)
_FAILED = re.compile(r"^--- FAIL: (?P<name>Benchmark\S*)")
_PROCS = re.compile(r"^(?P<name>.+)-(?P<procs>\d+)$")
_HEADER = re.compile(r"^(?P<key>goos|goarch|pkg|cpu):\s*(?P<value>.+)$")


@dataclass
class _Line:
    number: int
    package: str | None
    name: str
    pairs: list[tuple[float, str]]


def sniff(source: Source) -> bool:
    head = source.head()
    if head.lstrip().startswith("{"):
        return '"Action"' in head and ("ns/op" in head or '"Test":"Benchmark' in head)
    return _SNIFF.search(head) is not None


def parse(source: Source) -> list[ParsedRun]:
    text = source.read_text()
    if text.lstrip().startswith("{"):
        text = _from_events(text, source.name)
    lines, failed, header = _read(text, source.name)
    if not lines and not failed:
        raise InputError(source.name, "no benchmark result line (BenchmarkName  N  123 ns/op) found")
    suffixes = {match["procs"] for line in lines if (match := _PROCS.match(line.name))}
    strip = len(suffixes) == 1 and all(_PROCS.match(line.name) for line in lines)
    collector = Collector()
    for line in lines:
        name = _PROCS.sub(r"\g<name>", line.name) if strip else line.name
        test = test_case(f"{line.package}.{name}" if line.package else name, line.package)
        for value, unit in line.pairs:
            scale = units.scale_of(unit)
            collector.add(test, scale.metric, (scale(value),))
    for package, name in failed:
        test = test_case(f"{package}.{name}" if package else name, package)
        collector.add(test, units.time(), status=Status.FAILED)
    environment = {
        "os": "/".join(header[k] for k in ("goos", "goarch") if k in header),
        "cpu": header.get("cpu", ""),
        "procs": suffixes.pop() if strip else "",
    }
    run = ParsedRun(
        format=NAME,
        tool="go",
        source=source.name,
        measurements=collector.measurements(),
        environment={key: value for key, value in environment.items() if value},
    )
    return [run]


def _read(text: str, name: str) -> tuple[list[_Line], list[tuple[str | None, str]], dict[str, str]]:
    lines: list[_Line] = []
    failed: list[tuple[str | None, str]] = []
    header: dict[str, str] = {}
    package: str | None = None
    for number_, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if match := _HEADER.match(line):
            header[match["key"]] = match["value"].strip()
            if match["key"] == "pkg":
                package = match["value"].strip()
        elif match := _FAILED.match(line):
            failed.append((package, match["name"]))
        elif match := _RESULT.match(line):
            lines.append(_Line(number_, package, match["name"], _pairs(match["pairs"], name, number_)))
    return lines, failed, header


def _pairs(text: str, name: str, line: int) -> list[tuple[float, str]]:
    words = text.split()
    pairs = []
    for value, unit in zip(words[::2], words[1::2], strict=True):
        parsed = number(value)
        if parsed is None:
            raise InputError(name, f"expected a number before {unit!r}, found {value!r}", where=f"line {line}")
        pairs.append((parsed, unit))
    return pairs


def _from_events(text: str, name: str) -> str:
    """The text output of `go test -json`: every package's `output` events, joined in order."""
    jsonguard.check_text(text, name)  # every event within the JSON limits, placed in the whole file
    outputs: dict[str, list[str]] = {}
    for number_, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(name, f"invalid JSON event: {error.msg}", where=f"line {number_}") from None
        if isinstance(event, dict) and event.get("Action") == "output" and isinstance(event.get("Output"), str):
            outputs.setdefault(str(event.get("Package") or ""), []).append(event["Output"])
    return "".join(f"pkg: {package}\n" * bool(package) + "".join(parts) for package, parts in outputs.items())
