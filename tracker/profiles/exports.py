"""Flame graph files for other viewers: speedscope JSON, Chrome trace JSON, folded stacks.

All three are drawn from the stored (aggregated) nodes, so they show where time went, not when:
the Chrome trace lays each thread's calls end to end from time zero, like a flame graph.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from tracker.domain import ProfileNode
from tracker.profiles.flametree import Frame, build, thread_label

SPEEDSCOPE_SCHEMA = "https://www.speedscope.app/file-format-schema.json"
_SPEEDSCOPE_UNITS = {"s": "seconds", "bytes": "bytes"}


def _threads(nodes: Sequence[ProfileNode]) -> dict[tuple[int | str, int | str], list[ProfileNode]]:
    threads: dict[tuple[int | str, int | str], list[ProfileNode]] = {}
    for node in nodes:
        threads.setdefault((node.pid, node.tid), []).append(node)
    return threads


def render_speedscope(nodes: Sequence[ProfileNode], name: str) -> str:
    """A sampled speedscope profile per thread: each stack weighted by its self time."""
    frames: dict[str, int] = {}
    profiles = []
    for (pid, tid), members in _threads(nodes).items():
        samples = []
        weights = []
        for node in members:
            if node.self_time > 0:
                samples.append([frames.setdefault(frame, len(frames)) for frame in node.stack])
                weights.append(node.self_time)
        profiles.append(
            {
                "type": "sampled",
                "name": thread_label(pid, tid),
                "unit": _SPEEDSCOPE_UNITS.get(members[0].unit, "none"),
                "startValue": 0,
                "endValue": sum(weights),
                "samples": samples,
                "weights": weights,
            }
        )
    document = {
        "$schema": SPEEDSCOPE_SCHEMA,
        "exporter": "tracker",
        "name": name,
        "activeProfileIndex": 0,
        "shared": {"frames": [{"name": frame} for frame in frames]},
        "profiles": profiles,
    }
    return json.dumps(document, ensure_ascii=False) + "\n"


def render_chrome(nodes: Sequence[ProfileNode], name: str) -> str:
    """Trace Event Format (object form): `X` events in microseconds, one track per thread."""
    events: list[dict[str, Any]] = [{"name": "process_name", "ph": "M", "pid": 0, "tid": 0, "args": {"name": name}}]
    scale = 1e6 if (nodes and nodes[0].unit == "s") else 1.0
    for index, ((pid, tid), members) in enumerate(_threads(nodes).items(), 1):
        # Viewers want numeric ids; threads known by name get a number and keep the name as a label.
        track = {"pid": pid if isinstance(pid, int) else 0, "tid": tid if isinstance(tid, int) else index}
        events.append({"name": "thread_name", "ph": "M", **track, "args": {"name": thread_label(pid, tid)}})
        _lay_out(build(members), 0.0, scale, track, events)
    document = {"traceEvents": events, "displayTimeUnit": "ms", "otherData": {"exporter": "tracker", "test": name}}
    return json.dumps(document, ensure_ascii=False) + "\n"


def _lay_out(frame: Frame, start: float, scale: float, track: dict[str, int], events: list[dict[str, Any]]) -> None:
    offset = start
    for child in frame.ordered():
        begin, end = round(offset * scale, 3), round((offset + child.total) * scale, 3)
        events.append(
            {
                "name": child.name,
                "cat": "function",
                "ph": "X",
                "ts": begin,
                "dur": round(end - begin, 3),
                **track,
                "args": {"calls": child.calls, "self": round(child.self_time * scale, 3)},
            }
        )
        _lay_out(child, offset, scale, track, events)
        offset += child.total


def render_folded(nodes: Sequence[ProfileNode]) -> str:
    """`frame;frame;frame count` lines for flamegraph.pl and inferno: self time in whole
    nanoseconds (or the profile's own counts), threads as the first frame when there are several."""
    several = len(_threads(nodes)) > 1
    scale = 1e9 if (nodes and nodes[0].unit == "s") else 1.0
    counts: dict[str, int] = {}
    for node in nodes:
        count = round(node.self_time * scale)
        if count <= 0:
            continue
        path = ((thread_label(node.pid, node.tid),) if several else ()) + node.stack
        line = ";".join(_frame(frame) for frame in path)
        counts[line] = counts.get(line, 0) + count
    return "".join(f"{line} {count}\n" for line, count in sorted(counts.items()))


def _frame(name: str) -> str:
    """Folded stacks have no escapes: a `;` would split the frame, a newline the line."""
    return name.replace(";", ":").replace("\n", " ").replace("\r", " ").strip() or "?"
