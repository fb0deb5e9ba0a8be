"""HistoStat logs: per-interval latency quantiles of tagged operations (nosqlbench; read by Apache Otava).

    #[StartTime: 1649352325.178 (seconds since epoch), Thu Apr 07 17:25:25 UTC 2022]
    #[TimeUnit: NANOSECONDS]
    #Tag,Interval_Start,Interval_Length,count,min,p25,p50,p75,p90,p95,p98,p99,p999,p9999,max
    Tag=initialize.bind,3.496,1.579,7606,26128,59391,74303,89599,113151,141183,213887,269567,...

The file is one run (a load-test session, timed at its `StartTime`); each tag is a test, and
each interval one sample of three metrics: `time`, the interval's median (`p50`), and
`p99_time`, its 99th percentile, both converted from the `TimeUnit` (nanoseconds when the
header does not say) to seconds; `throughput`, the interval's `count` over its length in
seconds (higher is better). An interval in which a tag had no operation (`count` 0) gives a
throughput of 0 and no latencies. The other quantiles are not stored. Otava itself reads each
interval as a point of a series; here intervals are repeated measurements of the same run, so
that one log per commit gives one point per commit. Tags that record sizes or counts rather
than times (`resultset-size`, `tries`) are read in the same unit, as the file says nothing else.
"""

from __future__ import annotations

import math
import re

from tracker.domain import ParsedRun
from tracker.errors import InputError
from tracker.parsers._support import units
from tracker.parsers._support.collect import Collector, test_case
from tracker.parsers._support.source import Source
from tracker.parsers._support.times import epoch_time

NAME = "histostat"
DESCRIPTION = "HistoStat interval logs (nosqlbench, Apache Otava): p50, p99 and throughput per tag"
EXAMPLE = "#Tag,Interval_Start,Interval_Length,count,min,p25,p50,...\\nTag=read,3.49,1.57,727,946,2217,2577,..."

_HEADER = re.compile(r"^#Tag,Interval_Start,Interval_Length,", re.MULTILINE)
_START = re.compile(r"^#\[StartTime: (?P<seconds>\d+(?:\.\d+)?)\b")
_UNIT = re.compile(r"^#\[TimeUnit: (?P<unit>\w+)\]")
_UNITS = {"NANOSECONDS": 1e-9, "MICROSECONDS": 1e-6, "MILLISECONDS": 1e-3, "SECONDS": 1.0}
_NEEDED = ("Interval_Length", "count", "p50", "p99")
LATENCY = units.time()
TAIL = units.time("p99_time")
THROUGHPUT = units.scale_of("ops/s").metric


def sniff(source: Source) -> bool:
    head = source.head()
    return head.startswith("#") and _HEADER.search(head) is not None


def parse(source: Source) -> list[ParsedRun]:
    collector = Collector()
    columns: dict[str, int] = {}
    factor = _UNITS["NANOSECONDS"]
    start = None
    for number, raw in enumerate(source.read_text().splitlines(), 1):
        line = raw.strip()
        where = f"line {number}"
        if match := _START.match(line):
            start = epoch_time(float(match["seconds"]), source.name, where)
        elif match := _UNIT.match(line):
            if match["unit"].upper() not in _UNITS:
                raise InputError(source.name, f"expected a TimeUnit of {', '.join(_UNITS)}", where=where)
            factor = _UNITS[match["unit"].upper()]
        elif _HEADER.match(line):
            columns = {name: index for index, name in enumerate(line.lstrip("#").split(","))}
            if missing := [name for name in _NEEDED if name not in columns]:
                raise InputError(
                    source.name, f"expected the columns {', '.join(_NEEDED)}; {missing[0]} is missing", where=where
                )
        elif line and not line.startswith("#"):
            _add(collector, line.split(","), columns, factor, source.name, where)
    if not len(collector):
        raise InputError(source.name, "no interval line (Tag=name,start,length,count,...) found")
    return [
        ParsedRun(format=NAME, tool="histostat", source=source.name, measurements=collector.measurements(), time=start)
    ]


def _add(collector: Collector, cells: list[str], columns: dict[str, int], factor: float, name: str, where: str) -> None:
    if not columns:
        raise InputError(
            name, "expected the #Tag,Interval_Start,Interval_Length,... header before the values", where=where
        )
    if not cells[0].startswith("Tag=") or len(cells) != len(columns):
        raise InputError(
            name, f"expected Tag=<name> and {len(columns) - 1} numbers, found {','.join(cells)[:60]!r}", where=where
        )
    numbers = {column: _number(cells, index, column, name, where) for column, index in columns.items() if index > 0}
    test = test_case(cells[0].removeprefix("Tag="))
    length = numbers["Interval_Length"]
    if length > 0:
        collector.add(test, THROUGHPUT, (numbers["count"] / length,))
    if numbers["count"] > 0:
        collector.add(test, LATENCY, (numbers["p50"] * factor,))
        collector.add(test, TAIL, (numbers["p99"] * factor,))


def _number(cells: list[str], index: int, column: str, name: str, where: str) -> float:
    try:
        value = float(cells[index])
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise InputError(name, f"expected a number in column {column}, found {cells[index]!r}", where=where)
    return value
