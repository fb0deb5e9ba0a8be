"""Chrome Trace Event Format (`chrome://tracing`, Perfetto): a profile of one test.

Both forms: a bare array of events (possibly unterminated, with a trailing comma, as the format
allows) and an object with `traceEvents`. Calls are `X` events and `B`/`E` pairs (unbalanced
pairs are repaired and reported at ingest); the object form's sampled stacks (`samples` with
`stackFrames`) count each sample for the time until the thread's next sample. Every pid and tid
keeps its own call tree. The file is one test, named after the file (`trace.json` -> `trace`);
its time is the span from the first to the last call. Times are microseconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from tracker.domain import ParsedRun, ProfileEvent, ProfileSource, StackSample
from tracker.errors import InputError
from tracker.parsers._support import jsonstream
from tracker.parsers._support.limits import check_events, check_stack
from tracker.parsers._support.profile_subject import profile_subject
from tracker.parsers._support.source import Source
from tracker.parsers._support.trace_events import MICROSECONDS, call_event, event_object, number, thread_id

NAME = "chrome-trace"
DESCRIPTION = "Chrome Trace Event Format JSON (array or traceEvents object; X, B/E events, samples)"
EXAMPLE = '[{"name":"parse","ph":"X","ts":10,"dur":250,"pid":1,"tid":1}, ...]'

_PHASE = re.compile(r'"ph"\s*:\s*"[A-Za-z]"')


def sniff(source: Source) -> bool:
    head = source.head().lstrip("\ufeff \t\r\n")
    if head.startswith("{"):
        return '"traceEvents"' in head
    return head.startswith("[") and bool(_PHASE.search(head))


def parse(source: Source) -> list[ParsedRun]:
    test = profile_subject(source)
    profile = ProfileSource(
        tests={test.name: test},
        events=lambda: events(source, test.name),
        unit="s",
        scale=MICROSECONDS,
        timed=True,
    )
    return [ParsedRun(format=NAME, tool="trace", source=source.name, measurements=(), profile_source=profile)]


def is_object_form(source: Source) -> bool:
    return source.head().lstrip("\ufeff \t\r\n").startswith("{")


def events(source: Source, test: str) -> Iterator[ProfileEvent]:
    """Calls, then (object form) sampled stacks; a malformed event names its JSON path."""
    path, prefix = ("$.traceEvents", "traceEvents.item") if is_object_form(source) else ("$", "item")
    if path == "$" and not source.head().lstrip("\ufeff \t\r\n").startswith("["):
        raise InputError(source.name, "expected a JSON array of trace events or an object with traceEvents")
    for index, raw in enumerate(jsonstream.items(source, prefix, path)):
        where = f"{path}[{index}]"
        check_events(index, source.name, where)
        event = call_event(event_object(raw, source.name, where), test, source.name, where)
        if event is not None:
            yield event
    if is_object_form(source):
        yield from _samples(source, test)


def _samples(source: Source, test: str) -> Iterator[StackSample]:
    frames = {str(key): value for key, value in jsonstream.key_values(source, "stackFrames", "$.stackFrames")}
    if not frames:
        return
    stacks: dict[str, tuple[str, ...]] = {}
    previous: dict[tuple[int | str, int | str], tuple[float, tuple[str, ...], float]] = {}
    for index, raw in enumerate(jsonstream.items(source, "samples.item", "$.samples")):
        where = f"$.samples[{index}]"
        sample = event_object(raw, source.name, where)
        at = number(sample.get("ts"), source.name, f"{where}.ts")
        stack = _stack(frames, str(sample.get("sf")), stacks, source.name)
        thread = (thread_id(sample.get("pid", 0)), thread_id(sample.get("tid", 0)))
        if thread in previous:
            before, before_stack, _ = previous[thread]
            gap = max(0.0, at - before)
            yield StackSample(test, before_stack, gap, *thread)
            previous[thread] = (at, stack, gap)
        else:
            previous[thread] = (at, stack, 0.0)
    for thread, (_, stack, gap) in previous.items():  # the last sample lasts as long as the one before it
        yield StackSample(test, stack, gap, *thread)


def _stack(frames: dict[str, Any], leaf: str, cache: dict[str, tuple[str, ...]], source_name: str) -> tuple[str, ...]:
    """Frame names from the root down to LEAF, following `parent` links (cycles cut)."""
    if leaf in cache:
        return cache[leaf]
    names: list[str] = []
    seen: set[str] = set()
    key: str | None = leaf
    while key is not None and key in frames and key not in seen:
        seen.add(key)
        check_stack(len(names) + 1, source_name, f"$.stackFrames[{leaf!r}]")
        frame = frames[key] if isinstance(frames[key], dict) else {}
        names.append(str(frame.get("name", key)))
        parent = frame.get("parent")
        key = None if parent is None else str(parent)
    cache[leaf] = stack = tuple(reversed(names))
    return stack
