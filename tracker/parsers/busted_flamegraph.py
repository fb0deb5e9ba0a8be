"""The original busted profiler's `flamegraph.json`: a Chrome trace that also times each test.

It is a bare array of `X` events in microseconds, written when each call returns (children
before their parents). `cat` tells them apart: `function` (a Lua call), `test` (one `it`, named
`"<spec path> <describe...> <it>"`), `test,failure` / `test,error` (a failing test, written
besides its `test` event), `start` (a `dur: -1` marker written when a test starts), `describe`
and `file`. Each test gets its duration as a sample (failing ones too: the profiler measured
them, and its own statistics count them) and the profile of the calls made inside it. The whole
trace is also kept as the profile of a test named `busted suite`, whose time is the suite's
`total` from the `profile.json` beside the file, when there is one (that file also gives the
release tag and the machine).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.domain import TIME, Measurement, ParsedRun, ProfileEvent, ProfileSource, Span, Status, TestCase, tags_in
from tracker.errors import InputError
from tracker.parsers._support import jsonstream
from tracker.parsers._support.fields import JsonFields
from tracker.parsers._support.source import Source, parse_json
from tracker.parsers._support.trace_events import MICROSECONDS, event_object, number, thread_id

NAME = "busted-flamegraph"
DESCRIPTION = "the original busted profiler's flamegraph.json (trace events with per-test timings)"
EXAMPLE = '[{"ph":"X","cat":"test","name":"spec/a_spec.lua outer it","ts":2406.7,"dur":87.6,"pid":1,"tid":1}, ...]'

SUITE = "busted suite"
_TEST_CATEGORY = re.compile(r'"cat"\s*:\s*"(test|start)"')


def sniff(source: Source) -> bool:
    """Its first event marks the profiler's start; a copy cut to one tag may lack it but holds test events."""
    head = source.head().lstrip("\ufeff \t\r\n")
    if not head.startswith("[") or '"ph"' not in head:
        return False
    return '"ProfileStart"' in head or bool(_TEST_CATEGORY.search(head))


def parse(source: Source) -> list[ParsedRun]:
    return [read(source)]


@dataclass
class _Tests:
    """What the first pass learns: each test's time span, status, and the spec files."""

    spans: dict[str, tuple[float, float, int | str, int | str]] = field(default_factory=dict)
    statuses: dict[str, Status] = field(default_factory=dict)
    started: dict[str, float] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)


def read(
    source: Source, *, extra_tags: Mapping[str, tuple[str, ...]] | None = None, tag: str | None = None
) -> ParsedRun:
    """SOURCE as one run; EXTRA_TAGS adds tags per test name (the tree's `tags/<tag>/` folders)."""
    found = _first_pass(source)
    cases = {
        name: _case(name, found.files, (extra_tags or {}).get(name, ())) for name in (*found.spans, *found.started)
    }
    suite = TestCase(SUITE)
    measurements = [
        Measurement(
            test=cases[name],
            metric=TIME,
            values=((end - start) * MICROSECONDS,) if name in found.spans else (),
            status=found.statuses.get(name, Status.PASSED if name in found.spans else Status.ERROR),
        )
        for name, (start, end, _, _) in ((n, found.spans.get(n, (0.0, 0.0, 0, 0))) for n in cases)
    ]
    summary = _profile_json(source)
    if summary.total is not None:
        measurements.append(Measurement(test=suite, metric=TIME, values=(summary.total * MICROSECONDS,)))
    spans = found.spans
    profile = ProfileSource(
        tests={**cases, SUITE: suite},
        events=lambda: _calls(source, spans),
        unit="s",
        scale=MICROSECONDS,
    )
    return ParsedRun(
        format=NAME,
        tool="busted-profiler",
        source=source.name,
        measurements=tuple(measurements),
        tag=tag or summary.release,
        environment=summary.environment,
        profile_source=profile,
    )


def _case(name: str, files: list[str], extra: tuple[str, ...]) -> TestCase:
    spec = next((f for f in files if name.startswith(f + " ")), None)
    if spec is None and " " in name:
        spec = name.split(" ", 1)[0]
    return TestCase(name=name, file=spec, tags=tuple(dict.fromkeys((*tags_in(name), *extra))))


def _events(source: Source) -> Iterator[tuple[str, dict[str, Any]]]:
    for index, raw in enumerate(jsonstream.items(source, "item", "$")):
        where = f"$[{index}]"
        yield where, event_object(raw, source.name, where)


def _first_pass(source: Source) -> _Tests:
    found = _Tests()
    for where, event in _events(source):
        category = event.get("cat")
        if category not in ("test", "test,failure", "test,error", "start", "file") or event.get("ph") != "X":
            continue
        name = event.get("name")
        if not isinstance(name, str):
            raise InputError(
                source.name, f"expected the test's name as a string, found {name!r:.60}", where=f"{where}.name"
            )
        start = number(event.get("ts"), source.name, f"{where}.ts")
        if category == "file":
            found.files.append(name)
        elif category == "start":
            found.started.setdefault(name, start)
        elif category == "test":
            duration = number(event.get("dur"), source.name, f"{where}.dur")
            found.spans[name] = (
                start,
                start + max(0.0, duration),
                thread_id(event.get("pid", 0)),
                thread_id(event.get("tid", 0)),
            )
        else:
            status = Status.FAILED if category == "test,failure" else Status.ERROR
            found.statuses[name] = status
    for name in found.spans:
        found.started.pop(name, None)
    if not found.spans and not found.started:
        raise InputError(
            source.name, 'no test events (cat "test"): not a busted profiler trace? try --format chrome-trace'
        )
    return found


def _calls(source: Source, tests: dict[str, tuple[float, float, int | str, int | str]]) -> Iterator[ProfileEvent]:
    """Each `function` call twice: for the whole suite, and for the test whose time span holds its start."""
    by_thread: dict[tuple[int | str, int | str], list[tuple[float, float, str]]] = {}
    for name, (start, end, pid, tid) in tests.items():
        by_thread.setdefault((pid, tid), []).append((start, end, name))
    starts = {thread: [s for s, _, _ in sorted(spans)] for thread, spans in by_thread.items()}
    ordered = {thread: sorted(spans) for thread, spans in by_thread.items()}
    for where, event in _events(source):
        if event.get("cat") != "function" or event.get("ph") != "X":
            continue
        called = event.get("name")
        frame = called if isinstance(called, str) else "(unnamed)"
        start = number(event.get("ts"), source.name, f"{where}.ts")
        end = start + number(event.get("dur", 0), source.name, f"{where}.dur")
        pid, tid = thread_id(event.get("pid", 0)), thread_id(event.get("tid", 0))
        yield Span(SUITE, frame, start, end, pid, tid)
        spans = ordered.get((pid, tid))
        if spans:
            index = bisect.bisect_right(starts[(pid, tid)], start) - 1
            if index >= 0 and start <= spans[index][1]:
                yield Span(spans[index][2], frame, start, end, pid, tid)


@dataclass(frozen=True)
class _Summary:
    total: float | None = None
    release: str | None = None
    environment: dict[str, str] = field(default_factory=dict)


def _profile_json(source: Source) -> _Summary:
    """Suite statistics, release and machine from the `profile.json` written beside the trace."""
    if source.path is None:
        return _Summary()
    path = source.path.with_name("profile.json")
    if not path.is_file():
        return _Summary()
    return read_profile_json(path)


def read_profile_json(path: Path) -> _Summary:
    fields = JsonFields(str(path))
    document = fields.object(parse_json(Source.from_path(path).read_text(), str(path)), "$")
    statistics = fields.object(document.get("statistics", {}), "$.statistics")
    total = fields.optional_number(statistics.get("total"), "$.statistics.total")
    versions = fields.object(document.get("versions", {}), "$.versions")
    hardware = fields.object(document.get("hardware", {}), "$.hardware")
    environment: dict[str, str] = {}
    if isinstance(hardware.get("platform"), str):
        environment["os"] = hardware["platform"]
    if isinstance(hardware.get("cpu"), str):
        environment["cpu"] = hardware["cpu"]
    if isinstance(versions.get("lua"), str):
        environment["interpreter"] = versions["lua"]
    neovim = versions.get("neovim")
    if isinstance(neovim, dict) and all(isinstance(neovim.get(k), int) for k in ("major", "minor", "patch")):
        environment["neovim"] = f"{neovim['major']}.{neovim['minor']}.{neovim['patch']}"
    release = versions.get("release")
    return _Summary(total, release if isinstance(release, str) else None, environment)
