"""github-action-benchmark histories: `data.js` (`window.BENCHMARK_DATA = {...}`) or the same JSON.

Each entry of each suite is one run of its commit (id, message, author, time); an entry repeated
for the same commit (a re-run) is a separate run of that commit. Each bench's `value` is one
sample of its run, in its unit (`ns/iter`, `ops/sec` ...) converted to the canonical one; `range`
becomes the standard deviation (see `spread`). The suite's name is kept in the run's environment.
For `googlecpp` entries, repetitions of one benchmark are its samples, the `_mean`, `_median` and
`_stddev` rows its summary, and `cpu:` in `extra` a second metric, `cpu_time`.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Callable, Iterator
from typing import Any

from tracker.domain import CommitInfo, Direction, Measurement, ParsedRun, Summary
from tracker.errors import InputError
from tracker.parsers._support import assignment, jsonstream, spread, units
from tracker.parsers._support.collect import Collector, test_case
from tracker.parsers._support.fields import JsonFields
from tracker.parsers._support.jsonwalk import JsonWalk
from tracker.parsers._support.limits import MAX_READ_BYTES
from tracker.parsers._support.source import Source, parse_json
from tracker.parsers._support.times import epoch_time, iso_time

NAME = "github-action-benchmark"
DESCRIPTION = "github-action-benchmark history: data.js (window.BENCHMARK_DATA = ...) or its JSON"
EXAMPLE = 'window.BENCHMARK_DATA = {"entries":{"Benchmark":[{"commit":{"id":"ab12..."},"benches":[...]}]}}'

_PREFIX = re.compile(r"^\s*window\.BENCHMARK_DATA\s*=\s*")
_CPU = re.compile(r"^cpu:\s*(?P<value>\S+)\s+(?P<unit>\S+)\s*$", re.MULTILINE)
_AGGREGATES = ("mean", "median", "stddev", "cv")
_DIRECTIONS = {"customBiggerIsBetter": Direction.HIGHER_IS_BETTER, "customSmallerIsBetter": Direction.LOWER_IS_BETTER}


def sniff(source: Source) -> bool:
    head = source.head()
    if _PREFIX.match(head):
        return True
    return head.lstrip().startswith("{") and '"entries"' in head and '"benches"' in head


def parse(source: Source) -> list[ParsedRun]:
    return list(stream(source))


def stream(source: Source) -> Iterator[ParsedRun]:
    """The runs one entry at a time, so that a history of hundreds of MB is never held parsed whole.

    Whatever the streaming reader cannot read (a syntax error, bytes that are not UTF-8, JavaScript
    that is not plain `window.BENCHMARK_DATA = {...}`) is read again whole, as `parse_whole` does: the
    message is the same (line and column), and a file that it reads gives the runs not yet given."""
    given = 0
    try:
        for run in _streamed(source):
            yield run
            given += 1
    except jsonstream.UnreadableJson:
        if not _held_whole(source):
            raise
        yield from parse_whole(source)[given:]


def _streamed(source: Source) -> Iterator[ParsedRun]:
    with jsonstream.parse_events(assignment.json_of(source), source.name) as events:
        walk = JsonWalk(events)
        fields = JsonFields(source.name)
        _step_in(walk, "start_map", fields.object, "$")
        found = False
        for key in walk.members():
            if key != "entries":
                walk.skip(walk.next())
                continue
            found = True
            _step_in(walk, "start_map", fields.object, "$.entries")
            for suite in walk.members():
                yield from _suite(walk, fields, suite, source.name)
        walk.finish()
    if not found:
        fields.object(None, "$.entries")


def _suite(walk: JsonWalk, fields: JsonFields, suite: str, name: str) -> Iterator[ParsedRun]:
    suite_path = f"$.entries[{suite!r}]"
    _step_in(walk, "start_array", fields.array, suite_path)
    for index, first in enumerate(walk.elements()):
        path = f"{suite_path}[{index}]"
        yield _run(fields, fields.object(walk.build(first), path), path, suite, name)


def _step_in(walk: JsonWalk, opening: str, check: Callable[[Any, str], object], path: str) -> None:
    """Enter the value at PATH when it opens with OPENING; else CHECK refuses it, whole, by its path."""
    first = walk.next()
    if first[0] != opening:
        check(walk.build(first), path)  # raises: the value is not of the expected kind


def _held_whole(source: Source) -> bool:
    """Whether SOURCE can be read again whole, for the message of what the stream could not read: in
    memory, or a file of at most 512 MiB (never a pipe, which the stream has emptied)."""
    if source.data is not None:
        return True
    assert source.path is not None
    try:
        status = source.path.stat()
    except OSError:
        return False
    return stat.S_ISREG(status.st_mode) and status.st_size <= MAX_READ_BYTES


def parse_whole(source: Source) -> list[ParsedRun]:
    """The runs of a history read and parsed whole (the reference reader: `stream` falls back on it)."""
    text = source.read_text()
    prefix = _PREFIX.match(text)
    if prefix:  # blank the assignment out so that JSON errors keep their line and column
        text = " " * prefix.end() + text[prefix.end() :]
    text = text.rstrip().removesuffix(";")
    fields = JsonFields(source.name)
    document = fields.object(parse_json(text, source.name), "$")
    suites = fields.object(document.get("entries"), "$.entries")
    runs: list[ParsedRun] = []
    for suite, entries in suites.items():
        suite_path = f"$.entries[{suite!r}]"
        for index, entry in enumerate(fields.array(entries, suite_path)):
            path = f"{suite_path}[{index}]"
            runs.append(_run(fields, fields.object(entry, path), path, suite, source.name))
    return runs


def _run(fields: JsonFields, entry: dict[str, Any], path: str, suite: str, name: str) -> ParsedRun:
    tool = fields.optional_string(entry.get("tool"), f"{path}.tool") or "unknown"
    date = fields.optional_number(entry.get("date"), f"{path}.date")
    benches = fields.array(entry.get("benches"), f"{path}.benches")
    return ParsedRun(
        format=NAME,
        tool=tool,
        source=name,
        measurements=read_benches(fields, benches, f"{path}.benches", tool),
        commit=_commit(fields, fields.object(entry.get("commit"), f"{path}.commit"), f"{path}.commit", name),
        time=None if date is None else epoch_time(date, name, f"{path}.date", milliseconds=True),
        environment={"suite": suite},
    )


def read_benches(fields: JsonFields, benches: list[Any], path: str, tool: str) -> tuple[Measurement, ...]:
    """The measurements of one entry's `benches` (shared with the custom JSON formats)."""
    direction = _DIRECTIONS.get(tool)
    items = [_bench(fields, fields.object(b, f"{path}[{i}]"), f"{path}[{i}]") for i, b in enumerate(benches)]
    names = {item["name"] for item in items}
    collector = Collector()
    for item in items:
        base, _, aggregate = item["name"].rpartition("_")
        if tool == "googlecpp" and aggregate in _AGGREGATES and base in names:
            _add_aggregate(collector, item, base, aggregate)
            continue
        scale = units.scale_of(item["unit"], direction=direction)
        value = scale(units.checked_duration(item["value"], scale.metric, fields.source, f"{item['path']}.value"))
        samples = spread.samples_in(item["extra"])
        try:
            deviation = spread.stddev_from_range(
                item["range"], item["value"], samples=samples, per_second=tool == "pytest"
            )
        except ValueError as error:
            raise fields.fail(f"{item['path']}.range", str(error).removeprefix("expected "), item["range"]) from None
        summary = None if deviation is None else Summary(stddev=abs(scale(deviation)))
        test = test_case(item["name"])
        collector.add(test, scale.metric, (value,), summary=summary)
        if tool == "googlecpp" and (cpu := _cpu_time(item["extra"])) is not None:
            collector.add(test, units.time("cpu_time"), (cpu,))
    return collector.measurements()


def _bench(fields: JsonFields, bench: dict[str, Any], path: str) -> dict[str, Any]:
    return {
        "path": path,
        "name": fields.string(bench.get("name"), f"{path}.name"),
        "value": fields.number(bench.get("value"), f"{path}.value"),
        "unit": fields.optional_string(bench.get("unit"), f"{path}.unit") or "",
        "range": bench.get("range"),
        "extra": bench.get("extra") if isinstance(bench.get("extra"), str) else None,
    }


def _add_aggregate(collector: Collector, item: dict[str, Any], base: str, aggregate: str) -> None:
    if aggregate == "cv":  # a fraction, though the file labels it with the time unit
        return
    scale = units.scale_of(item["unit"])
    statistic: dict[str, Any] = {aggregate: scale(item["value"])}
    summary = Summary(**statistic)
    collector.add(test_case(base), scale.metric, summary=summary)


def _cpu_time(extra: str | None) -> float | None:
    match = _CPU.search(extra or "")
    if match is None:
        return None
    value = spread.number(match["value"])
    seconds = units.SECONDS.get(match["unit"].lower())
    return None if value is None or seconds is None else value * seconds


def _commit(fields: JsonFields, commit: dict[str, Any], path: str, name: str) -> CommitInfo:
    sha = fields.string(commit.get("id"), f"{path}.id")
    if not sha.strip():
        raise InputError(name, "expected a commit id, found an empty string", where=f"{path}.id")
    message = (fields.optional_string(commit.get("message"), f"{path}.message") or "").replace("\r\n", "\n")
    subject, _, body = message.partition("\n")
    author: dict[str, Any] = commit["author"] if isinstance(commit.get("author"), dict) else {}
    stamp = fields.optional_string(commit.get("timestamp"), f"{path}.timestamp")
    return CommitInfo(
        sha=sha.strip(),
        subject=subject.strip(),
        body=body.strip(),
        author=fields.optional_string(author.get("name"), f"{path}.author.name"),
        email=fields.optional_string(author.get("email"), f"{path}.author.email"),
        time=iso_time(stamp, name, f"{path}.timestamp"),
    )
