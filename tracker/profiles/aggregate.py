"""From a parser's event stream to stored profile nodes: one pass, bounded memory; at ingest, `settle_profile`."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Generic, TypeVar

from tracker.domain import TIME, Edge, Measurement, ParsedRun, ProfileNode, ProfileSource, Span, StackSample
from tracker.profiles import diagnostics as problems
from tracker.profiles.calltree import Forest
from tracker.profiles.diagnostics import Diagnostics
from tracker.profiles.pairing import EdgePairer
from tracker.profiles.spansort import DEFAULT_CHUNK, SpanSorter

T = TypeVar("T")
Thread = tuple[str, int | str, int | str]


@dataclass(frozen=True)
class Aggregate:
    nodes: tuple[ProfileNode, ...]
    durations: dict[str, float]
    """Per test (full name): how long its profile ran, in `unit` (the longest thread)."""
    warnings: tuple[str, ...]
    """Repairs made to the events (overlaps clipped, unbalanced begin/end), one line per kind."""
    spilled_chunks: int = 0


class _Interner(Generic[T]):
    def __init__(self) -> None:
        self.ids: dict[T, int] = {}
        self.values: list[T] = []

    def __call__(self, value: T) -> int:
        found = self.ids.get(value)
        if found is None:
            found = self.ids[value] = len(self.values)
            self.values.append(value)
        return found


def aggregate(source: ProfileSource, name: str, *, chunk_size: int = DEFAULT_CHUNK) -> Aggregate:
    """Call trees per test, pid and tid from SOURCE's events; NAME is what warnings call the source."""
    threads: _Interner[Thread] = _Interner()
    frames: _Interner[str] = _Interner()
    diagnostics = Diagnostics()
    described: dict[int, str] = {}

    def thread_of(test: str, pid: int | str, tid: int | str) -> int:
        thread = threads((test, pid, tid))
        if thread not in described:
            described[thread] = f"pid {pid} tid {tid}"
        return thread

    forest = Forest(diagnostics, described)
    with SpanSorter(chunk_size) as sorter:

        def add_span(thread: int, start: float, end: float, frame: int) -> None:
            if end < start:
                diagnostics.note(problems.NEGATIVE, described[thread])
                end = start
            sorter.add(thread, start, end, frame)

        pairer = EdgePairer(add_span, diagnostics, described.__getitem__)
        for event in source.events():
            kind = type(event)
            if kind is Span:
                test, frame, start, end, pid, tid = event  # type: ignore[misc]
                add_span(thread_of(test, pid, tid), start, end, frames(frame))
            elif kind is StackSample:
                assert isinstance(event, StackSample)
                forest.add_sample(thread_of(event.test, event.pid, event.tid), map(frames, event.stack), event.weight)
            else:
                assert isinstance(event, Edge)
                thread = thread_of(event.test, event.pid, event.tid)
                if event.begins:
                    pairer.begin(thread, frames(event.frame), event.at)
                else:
                    pairer.end(thread, frames(event.frame) if event.frame else None, event.at)
        pairer.finish()
        forest.add_sorted_spans(sorter)
        spilled = sorter.spilled_chunks
    return Aggregate(
        _nodes(source, forest, threads.values, frames.values),
        _durations(source, forest, threads.values),
        diagnostics.messages(name),
        spilled,
    )


def settle_profile(run: ParsedRun) -> tuple[ParsedRun, tuple[str, ...]]:
    """RUN with its profile events folded into call trees (and timed tests measured); the repairs made."""
    source = run.profile_source
    if source is None:
        return run, ()
    result = aggregate(source, run.source)
    measurements = run.measurements
    if source.timed:
        measured = {m.test.name for m in measurements}
        measurements += tuple(
            Measurement(test=source.tests[test], metric=TIME, values=(duration,))
            for test, duration in result.durations.items()
            if test not in measured
        )
    settled = dataclasses.replace(
        run, measurements=measurements, profiles=run.profiles + result.nodes, profile_source=None
    )
    return settled, (*source.skipped, *result.warnings)


def _nodes(source: ProfileSource, forest: Forest, threads: list[Thread], frames: list[str]) -> tuple[ProfileNode, ...]:
    scale = source.scale
    nodes = []
    for thread, root in forest.roots.items():
        test, pid, tid = threads[thread]
        case = source.tests[test]
        for stack, node in root.walk():
            nodes.append(
                ProfileNode(
                    test=case,
                    stack=tuple(frames[frame] for frame in stack),
                    calls=node.calls,
                    total=node.total * scale,
                    self_time=node.self_time * scale,
                    pid=pid,
                    tid=tid,
                    unit=source.unit,
                )
            )
    return tuple(nodes)


def _durations(source: ProfileSource, forest: Forest, threads: list[Thread]) -> dict[str, float]:
    durations: dict[str, float] = {}
    for thread, extent in forest.extents.items():
        test = threads[thread][0]
        durations[test] = max(durations.get(test, 0.0), extent.length * source.scale)
    return durations
