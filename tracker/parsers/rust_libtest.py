"""Rust libtest `cargo bench` output (`#[bench]`, and tools that print its format).

`test name ... bench:   18,149 ns/iter (+/- 755)` gives one sample, the median time per
iteration, with the `+/-` spread (libtest's range of winsorized samples) as its noise scale in
the summary; `= 123 MB/s` (with `b.bytes`) adds a `bandwidth` sample. Other units that tools
print in the same format (`cycles/iter`, `MS/s`) become metrics of their own. Benchmarks that
panicked (`... FAILED`) are failed tests, `... ignored` ones skipped; plain tests (`... ok`) that
`cargo bench` also runs once are not benchmarks and are left out.
"""

from __future__ import annotations

import re

from tracker.domain import ParsedRun, Status, Summary
from tracker.errors import InputError
from tracker.parsers._support import units
from tracker.parsers._support.collect import Collector, test_case
from tracker.parsers._support.source import Source
from tracker.parsers._support.spread import number

NAME = "rust-libtest"
DESCRIPTION = "Rust libtest `cargo bench` text: ns/iter (+/- spread), MB/s"
EXAMPLE = "test bench_fib_20 ... bench:      18,149 ns/iter (+/- 755)"

_NUM = r"[\d,]+(?:\.\d+)?"
# Matched against what follows `test NAME ... `: a pattern spanning the name backtracks for minutes on
# a line of 100,000 blanks, so the name is split off first (see _split).
_BENCH = re.compile(
    rf"bench:\s+(?P<value>{_NUM}) (?P<unit>\S+)\s+\(\+/- (?P<spread>{_NUM})\)"
    rf"(?:\s*=\s*(?P<rate>{_NUM}) (?P<rate_unit>\S+))?\s*$"
)
_OTHER = re.compile(r"(?P<outcome>FAILED|ignored)(?:, .*)?$")
_SNIFF = re.compile(r"^test \S.* \.\.\. bench:\s+[\d,.]+ \S+", re.MULTILINE)


def sniff(source: Source) -> bool:
    return _SNIFF.search(source.head()) is not None


def parse(source: Source) -> list[ParsedRun]:
    collector = Collector()
    for line_number, raw in enumerate(source.read_text().splitlines(), 1):
        test, rest = _split(raw.rstrip())
        if not test:
            continue
        if match := _BENCH.match(rest):
            _add(collector, test, match, source.name, line_number)
        elif match := _OTHER.match(rest):
            status = Status.FAILED if match["outcome"] == "FAILED" else Status.SKIPPED
            collector.add(test_case(test), units.time(), status=status)
        elif rest.startswith("bench:"):
            raise InputError(
                source.name,
                "expected 'test NAME ... bench: N ns/iter (+/- N)', found a line it does not match",
                where=f"line {line_number}",
            )
    if not len(collector):
        raise InputError(source.name, "no benchmark line (test NAME ... bench: N ns/iter (+/- N)) found")
    return [ParsedRun(format=NAME, tool="cargo", source=source.name, measurements=collector.measurements())]


def _split(line: str) -> tuple[str, str]:
    """`test NAME ... REST` as (NAME, REST), in time linear in the line; ("", "") for other lines."""
    if not line.startswith("test "):
        return "", ""
    name, separator, rest = line[5:].partition(" ... ")
    name = name.rstrip()
    return (name, rest) if separator and name and not name[0].isspace() else ("", "")


def _add(collector: Collector, test_name: str, match: re.Match[str], name: str, line: int) -> None:
    value, deviation = number(match["value"]), number(match["spread"])
    if value is None or deviation is None:
        raise InputError(name, "expected numbers for the time and its +/- spread", where=f"line {line}")
    test = test_case(test_name)
    scale = units.scale_of(match["unit"])
    collector.add(test, scale.metric, (scale(value),), summary=Summary(stddev=scale(deviation)))
    if match["rate"] and (rate := number(match["rate"])) is not None:
        rate_scale = units.scale_of(match["rate_unit"])
        collector.add(test, rate_scale.metric, (rate_scale(rate),))
