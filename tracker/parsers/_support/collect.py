"""Gathering values test by test and metric by metric, in the order a file names them."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field

from tracker.domain import Measurement, Metric, Status, Summary, TestCase, tags_in

_SEVERITY = (Status.PASSED, Status.SKIPPED, Status.FAILED, Status.ERROR)


def worse(current: Status | None, new: Status) -> Status:
    """A test that failed in any repeat is reported as failed (an error outranks a failure)."""
    if current is None:
        return new
    return max(current, new, key=_SEVERITY.index)


_LONGEST_LINE_NUMBER = 9  # digits; a source file of a billion lines is not a test file


def line_number(value: object, *, first: int = 1) -> int | None:
    """A test's source line from a file (an integer or its digits; FIRST is the number the tool gives the
    first line: pytest counts from 0), as 1-based; None for anything else: a line only places an
    annotation, so a file is never refused over one."""
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= _LONGEST_LINE_NUMBER:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not first <= value < 10**_LONGEST_LINE_NUMBER:
        return None
    return value - first + 1


@functools.lru_cache(maxsize=1 << 16)  # histories name the same tests in every entry
def test_case(name: str, file: str | None = None, line: int | None = None) -> TestCase:
    return TestCase(name=name, file=file, tags=tags_in(name), line=line)


@dataclass
class _Entry:
    test: TestCase
    metric: Metric
    values: list[float] = field(default_factory=list)
    summary: Summary | None = None
    status: Status | None = None
    resolution: float | None = None


class Collector:
    """Values of the same test and metric join as more samples; summaries fill each other's gaps."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], _Entry] = {}

    def add(
        self,
        test: TestCase,
        metric: Metric,
        values: tuple[float, ...] | list[float] = (),
        *,
        summary: Summary | None = None,
        status: Status = Status.PASSED,
        resolution: float | None = None,
    ) -> None:
        key = (test.name, metric.name)
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = _Entry(test, metric)
        entry.values.extend(values)
        entry.status = worse(entry.status, status)
        if resolution is not None:
            entry.resolution = max(resolution, entry.resolution or 0.0)
        if summary is not None:
            entry.summary = summary if entry.summary is None else _filled(entry.summary, summary)

    def __len__(self) -> int:
        return len(self._entries)

    def measurements(self) -> tuple[Measurement, ...]:
        return tuple(
            Measurement(e.test, e.metric, tuple(e.values), e.summary, e.status or Status.PASSED, e.resolution)
            for e in self._entries.values()
        )


def _filled(first: Summary, second: Summary) -> Summary:
    gaps = {key: value for key, value in vars(second).items() if getattr(first, key) is None and value is not None}
    return dataclasses.replace(first, **gaps) if gaps else first
