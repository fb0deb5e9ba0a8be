"""Catch2 XML reporter (`-r xml`, v2 `<Catch>` and v3 `<Catch2TestRun>`).

Each `<BenchmarkResults>` is a test named `<test case>::<benchmark>` (the benchmark's name alone
when it equals the test case's). Catch2 reports no raw samples in XML: the mean and standard
deviation (nanoseconds) and the sample count go into the summary. Test cases without benchmarks
are tests too: their status from `<OverallResult success=...>`, and their duration (with
`--durations yes`) one sample when they passed.
"""

from __future__ import annotations

from tracker.domain import TIME, ParsedRun, Status, Summary
from tracker.errors import InputError
from tracker.parsers._support.collect import Collector, test_case
from tracker.parsers._support.limits import MAX_NUMBER_CHARS
from tracker.parsers._support.source import Source
from tracker.parsers._support.xmltree import Node, read_xml

NAME = "catch2-xml"
DESCRIPTION = "Catch2 XML reporter (-r xml): benchmark results and test cases"
EXAMPLE = '<Catch2TestRun><TestCase name="fib"><BenchmarkResults name="fib 20" samples="100"><mean value="2.1e+04"/>...'

_NS = 1e-9


def sniff(source: Source) -> bool:
    head = source.head().lstrip("\ufeff \t\r\n")
    return head.startswith("<") and ("<Catch2TestRun" in head or "<Catch " in head or "<Catch>" in head)


def parse(source: Source) -> list[ParsedRun]:
    root = read_xml(source)
    if root.tag not in {"Catch", "Catch2TestRun"}:
        raise InputError(source.name, f"expected <Catch2TestRun> or <Catch>, found <{root.tag}>", where="line 1")
    collector = Collector()
    for case in root.iter("TestCase"):
        _read_case(source.name, collector, case)
    return [ParsedRun(format=NAME, tool="catch2", source=source.name, measurements=collector.measurements())]


def _read_case(name: str, collector: Collector, case: Node) -> None:
    case_name = case.attrs.get("name", "")
    file = case.attrs.get("filename")
    result = case.find("OverallResult")
    passed = result is None or result.attrs.get("success", "true") == "true"
    status = Status.PASSED if passed else Status.FAILED
    benchmarks = list(case.iter("BenchmarkResults"))
    for bench in benchmarks:
        bench_name = bench.attrs.get("name", "")
        full = bench_name if bench_name == case_name else f"{case_name}::{bench_name}"
        mean = _value(name, bench.find("mean"), "mean")
        deviation = _value(name, bench.find("standardDeviation"), "standardDeviation")
        samples = bench.attrs.get("samples")
        summary = Summary(
            n=_count(samples),
            mean=None if mean is None else mean * _NS,
            stddev=None if deviation is None else deviation * _NS,
        )
        collector.add(test_case(full, file), TIME, summary=summary, status=status)
    if not benchmarks:
        duration = result.attrs.get("durationInSeconds") if result is not None else None
        values = (_number(name, duration, result),) if duration and passed and result is not None else ()
        collector.add(test_case(case_name, file), TIME, values, status=status)


def _count(samples: str | None) -> int | None:
    """The sample count; digits beyond any real count (Python refuses ints of over 4,300 digits) are none."""
    return int(samples) if samples and samples.isdigit() and len(samples) <= MAX_NUMBER_CHARS else None


def _value(name: str, node: Node | None, what: str) -> float | None:
    if node is None:
        return None
    return _number(name, node.attrs.get("value"), node)


def _number(name: str, text: str | None, node: Node) -> float:
    try:
        return float(text or "")
    except ValueError:
        raise InputError(
            name, f"expected a number in <{node.tag}>, found {text!r}", where=f"line {node.line}"
        ) from None
