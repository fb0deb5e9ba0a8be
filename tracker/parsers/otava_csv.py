"""Apache Otava's wide CSV: one row per run, one column per metric.

    time,commit,metric1,metric2
    2024.01.01 3:00:00 +0100,aaa0,154023,10.43

Columns (first line; separated by commas, semicolons or tabs):

- `time` (or `timestamp`, `date`; required): when the run happened: ISO 8601, Otava's
  `2024.01.01 3:00:00 +0100`, or Unix seconds.
- `commit`: the commit of the run; without it, `version` is the commit (a release name that
  git may know). Without either, the row's commit is the synthetic `time-<UTC time>`
  (`time-20210101T020000Z`; no zone in the file, no `Z`): a history without commits is still
  one point per time, ordered by time, never collapsed onto the checked-out commit.
- `version`: also the run's tag.
- `branch`: the branch of the run.
- every other column is a test named after the column; its cell is one value (one sample) of the
  run. Otava's CSV says nothing of units or direction (its config file does), so values are
  stored as they are, metric `value`, lower is better. An empty cell is no value.

A header that names `test` and `value` columns is the long form (`--format csv`), not this one.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from datetime import UTC, datetime

from tracker.domain import CommitInfo, Measurement, ParsedRun
from tracker.errors import InputError
from tracker.parsers._support import units
from tracker.parsers._support.collect import test_case
from tracker.parsers._support.limits import csv_rows
from tracker.parsers._support.source import Source
from tracker.parsers._support.times import calendar_or_epoch_time

NAME = "otava-csv"
DESCRIPTION = "Apache Otava wide CSV: time[,commit][,version][,branch],metric,... one row per run"
EXAMPLE = "time,commit,metric1,metric2\\n2024.01.01 3:00:00 +0100,aaa0,154023,10.43"

TIME_COLUMNS = ("time", "timestamp", "date")
ATTRIBUTES = ("commit", "version", "branch")
_DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class _Layout:
    delimiter: str
    names: list[str]
    """Column names as written: a metric column's name is its test's name."""
    header: list[str]
    """The same in lower case, to find the time and attribute columns."""
    time: int
    metrics: list[int]

    def index(self, column: str) -> int | None:
        return self.header.index(column) if column in self.header else None


def sniff(source: Source) -> bool:
    lines = [line for line in source.head().lstrip("\ufeff").splitlines()[:3] if line.strip()]
    if len(lines) < 2 or (layout := _layout(lines[0])) is None:
        return False
    row = _split(lines[1], layout.delimiter)
    if len(row) != len(layout.header):
        return False
    try:
        return any(_value(row[i]) is not None for i in layout.metrics)
    except ValueError:
        return False


def parse(source: Source) -> list[ParsedRun]:
    text = source.read_text()
    layout = _layout(text.split("\n", 1)[0])
    if layout is None:
        raise InputError(
            source.name,
            "expected a header with a time column (time, timestamp or date) and one column per metric",
            where="line 1",
        )
    rows = csv_rows(text, layout.delimiter, source.name)
    next(rows)
    runs = []
    for line, row in rows:
        if any(cell.strip() for cell in row):
            run = _run(source.name, layout, [cell.strip() for cell in row], line)
            if run.measurements:
                runs.append(run)
    if not runs:
        raise InputError(source.name, "no row with a value: the file has a header and nothing else")
    return runs


def _run(name: str, layout: _Layout, row: list[str], line: int) -> ParsedRun:
    where = f"line {line}"
    if len(row) != len(layout.header):
        raise InputError(name, f"expected {len(layout.header)} columns, found {len(row)}", where=where)
    if not row[layout.time]:
        raise InputError(name, f"expected a time in column {layout.header[layout.time]}, found nothing", where=where)
    time = calendar_or_epoch_time(row[layout.time], name, f"{where}, column {layout.header[layout.time]}")
    cells = {column: row[i] or None for column in ATTRIBUTES if (i := layout.index(column)) is not None}
    measurements = []
    for i in layout.metrics:
        try:
            value = _value(row[i])
        except ValueError:
            raise InputError(
                name,
                f"expected a number (or nothing) in column {layout.names[i]!r}, found {row[i]!r}; "
                f"only {', '.join((*TIME_COLUMNS, *ATTRIBUTES))} may hold text",
                where=where,
            ) from None
        if value is not None:
            measurements.append(Measurement(test_case(layout.names[i]), units.VALUE, (value,)))
    sha = cells.get("commit") or cells.get("version") or synthetic_commit(time)
    return ParsedRun(
        format=NAME,
        tool="otava",
        source=name,
        measurements=tuple(measurements),
        commit=CommitInfo(sha=sha),
        branch=cells.get("branch"),
        tag=cells.get("version"),
        time=time,
    )


def synthetic_commit(time: datetime) -> str:
    """The stand-in commit id of a row without commit or version: `time-` and its UTC time."""
    if time.tzinfo is None:
        return f"time-{time:%Y%m%dT%H%M%S}"
    return f"time-{time.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def _layout(header_line: str) -> _Layout | None:
    for delimiter in _DELIMITERS:
        names = [name.strip() for name in _split(header_line.strip(), delimiter)]
        header = [name.lower() for name in names]
        time = next((header.index(c) for c in TIME_COLUMNS if c in header), None)
        if time is None or {"test", "value"} <= set(header):  # the long form names test and value
            continue
        metrics = [i for i, column in enumerate(header) if column not in (*TIME_COLUMNS, *ATTRIBUTES)]
        if metrics:
            return _Layout(delimiter, names, header, time, metrics)
    return None


def _split(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


def _value(cell: str) -> float | None:
    """The cell's number, None when empty; ValueError when it is not a finite number (`10,43` is not)."""
    if not cell.strip():
        return None
    value = float(cell)
    if not math.isfinite(value):
        raise ValueError(cell)
    return value
