"""Long-form CSV: one value per row, any number of commits.

Header (first line; names in any order and case, separated by commas, semicolons or tabs):

    commit,test,value[,unit][,metric][,direction][,time][,branch]

- `commit` (required): the commit's sha; rows of one commit (and time and branch) form one run,
  in the order the file first names them.
- `test` (required): the test's full name.
- `value` (required): a number, one sample; rows repeating a test give several samples.
- `unit`: what `value` is in (`s`, `ms`, `ns/op`, `ops/sec`, `B`, ...) [default: `s`]; converted
  to the canonical unit (seconds, bytes, per second).
- `metric`: the metric's name [default: from the unit: `time`, `memory`, `throughput`, ...].
- `direction`: `lower` or `higher` is better [default: from the unit, else lower].
- `time`: when the run happened, ISO 8601.
- `branch`: the branch of the run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.domain import CommitInfo, Direction, ParsedRun
from tracker.errors import InputError
from tracker.parsers._support import units
from tracker.parsers._support.collect import Collector, test_case
from tracker.parsers._support.limits import csv_rows
from tracker.parsers._support.source import Source
from tracker.parsers._support.spread import number
from tracker.parsers._support.times import iso_time

NAME = "csv"
DESCRIPTION = "long-form CSV: commit,test,value[,unit][,metric][,direction][,time][,branch]"
EXAMPLE = "commit,test,value,unit\\n3f2a9c1,parse_large_file,12.5,ms"

REQUIRED = ("commit", "test", "value")
OPTIONAL = ("unit", "metric", "direction", "time", "branch")
_DELIMITERS = (",", ";", "\t")


@dataclass
class _Run:
    commit: str
    time: str | None
    branch: str | None
    collector: Collector = field(default_factory=Collector)


def sniff(source: Source) -> bool:
    return _delimiter(source.head().lstrip("\ufeff").split("\n", 1)[0]) is not None


def parse(source: Source) -> list[ParsedRun]:
    text = source.read_text()
    header_line = text.split("\n", 1)[0]
    delimiter = _delimiter(header_line)
    if delimiter is None:
        raise InputError(source.name, f"expected a header naming the columns {', '.join(REQUIRED)}", where="line 1")
    rows = csv_rows(text, delimiter, source.name)
    header = [column.strip().lower() for column in next(rows)[1]]
    unknown = [column for column in header if column not in REQUIRED + OPTIONAL]
    if unknown:
        known = ", ".join(REQUIRED + OPTIONAL)
        raise InputError(source.name, f"unknown column {unknown[0]!r}; the columns are {known}", where="line 1")
    runs: dict[tuple[str, str | None, str | None], _Run] = {}
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise InputError(source.name, f"expected {len(header)} columns, found {len(row)}", where=f"line {line}")
        cells = dict(zip(header, (cell.strip() for cell in row), strict=True))
        key = (cells["commit"], cells.get("time") or None, cells.get("branch") or None)
        if not key[0]:
            raise InputError(source.name, "expected a commit sha in column commit, found nothing", where=f"line {line}")
        run = runs.setdefault(key, _Run(*key))
        _add(source.name, run.collector, cells, line)
    return [
        ParsedRun(
            format=NAME,
            tool="csv",
            source=source.name,
            measurements=run.collector.measurements(),
            commit=CommitInfo(sha=run.commit),
            branch=run.branch,
            time=iso_time(run.time, source.name, "column time"),
        )
        for run in runs.values()
    ]


def _add(name: str, collector: Collector, cells: dict[str, str], line: int) -> None:
    value = number(cells["value"])
    if value is None:
        raise InputError(name, f"expected a number in column value, found {cells['value']!r}", where=f"line {line}")
    if not cells["test"]:
        raise InputError(name, "expected a test name in column test, found nothing", where=f"line {line}")
    direction = None
    if cells.get("direction"):
        try:
            direction = Direction(cells["direction"].lower())
        except ValueError:
            raise InputError(
                name,
                f"expected lower or higher in column direction, found {cells['direction']!r}",
                where=f"line {line}",
            ) from None
    scale = units.scale_of(cells.get("unit") or "s", name=cells.get("metric") or None, direction=direction)
    value = units.checked_duration(value, scale.metric, name, f"line {line}, column value")
    collector.add(test_case(cells["test"]), scale.metric, (scale(value),))


def _delimiter(header: str) -> str | None:
    for delimiter in _DELIMITERS:
        columns = {column.strip().strip('"').lower() for column in header.strip().split(delimiter)}
        if all(column in columns for column in REQUIRED):
            return delimiter
    return None
