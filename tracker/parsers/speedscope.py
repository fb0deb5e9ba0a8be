"""speedscope JSON (https://www.speedscope.app/file-format-schema.json): evented and sampled profiles.

Written by py-spy (`py-spy record -f speedscope`), rbspy, Austin, speedscope's own exporters.
Each profile of the file is a thread (py-spy writes one per Python thread), named by its
`name`. Sampled profiles give stacks (root first) with weights; evented ones give open/close
events (`O`/`C`) paired like trace begin/end events. A frame is called by its `name`, followed by
its file's base name when it has one (`parse (reader.py)`): line numbers are left out so that one
function is one frame. Time units become seconds; `bytes` and `none` (read as samples) stay as
they are. The file is one test named after the file; with time units, its time is the longest
thread's.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import Any

from tracker.domain import Edge, ParsedRun, ProfileEvent, ProfileSource, StackSample
from tracker.errors import InputError
from tracker.parsers._support import jsonstream
from tracker.parsers._support.fields import JsonFields
from tracker.parsers._support.limits import check_events, check_stack
from tracker.parsers._support.profile_subject import profile_subject
from tracker.parsers._support.source import Source

NAME = "speedscope"
DESCRIPTION = "speedscope JSON profiles, evented or sampled (py-spy -f speedscope, rbspy, Austin)"
EXAMPLE = '{"$schema":"https://www.speedscope.app/file-format-schema.json","shared":{"frames":[...]},"profiles":[...]}'

_TIME_UNITS = {"seconds": 1.0, "milliseconds": 1e-3, "microseconds": 1e-6, "nanoseconds": 1e-9}
_OTHER_UNITS = {"bytes": "bytes", "none": "samples"}


def sniff(source: Source) -> bool:
    head = source.head()
    return "speedscope.app/file-format-schema" in head or ('"profiles"' in head and '"shared"' in head)


def parse(source: Source) -> list[ParsedRun]:
    test = profile_subject(source)
    unit = _unit(source)
    profile = ProfileSource(
        tests={test.name: test}, events=lambda: events(source, test.name), unit=unit, timed=unit == "s"
    )
    return [ParsedRun(format=NAME, tool=_exporter(source), source=source.name, measurements=(), profile_source=profile)]


def _exporter(source: Source) -> str:
    exporter = next((v for k, v in jsonstream.key_values(source, "", "$") if k == "exporter"), None)
    return exporter.split("@", 1)[0] if isinstance(exporter, str) and exporter else "speedscope"


def _profiles(source: Source) -> Iterator[tuple[int, dict[str, Any]]]:
    fields = JsonFields(source.name)
    for index, profile in enumerate(jsonstream.items(source, "profiles.item", "$.profiles")):
        yield index, fields.object(profile, f"$.profiles[{index}]")


def _unit(source: Source) -> str:
    """The file's unit: "s" when every profile is timed, else the one non-time unit they share."""
    units = {str(p.get("unit", "none")) for _, p in _profiles(source)}
    kinds = {"s" if unit in _TIME_UNITS else _OTHER_UNITS.get(unit, "") for unit in units}
    if "" in kinds:
        unknown = sorted(u for u in units if u not in _TIME_UNITS and u not in _OTHER_UNITS)
        raise InputError(
            source.name, f"unknown unit {unknown[0]!r}; speedscope units are {', '.join([*_TIME_UNITS, *_OTHER_UNITS])}"
        )
    if len(kinds) > 1:
        raise InputError(source.name, f"profiles in different units ({', '.join(sorted(units))}); split the file")
    return kinds.pop() if kinds else "s"


def _frames(source: Source) -> list[str]:
    fields = JsonFields(source.name)
    names = []
    for index, raw in enumerate(jsonstream.items(source, "shared.frames.item", "$.shared.frames")):
        where = f"$.shared.frames[{index}]"
        frame = fields.object(raw, where)
        name = fields.string(frame.get("name"), f"{where}.name")
        file = frame.get("file")
        names.append(
            f"{name} ({posixpath.basename(file.replace(chr(92), '/'))})" if isinstance(file, str) and file else name
        )
    return names


def events(source: Source, test: str) -> Iterator[ProfileEvent]:
    fields = JsonFields(source.name)
    frames = _frames(source)

    def frame(value: Any, where: str) -> str:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < len(frames):
            raise fields.fail(where, f"a frame index below {len(frames)}", value)
        return frames[value]

    for index, profile in _profiles(source):
        where = f"$.profiles[{index}]"
        scale = _TIME_UNITS.get(str(profile.get("unit", "none")), 1.0)
        thread = str(profile.get("name", index))
        kind = profile.get("type")
        if kind == "sampled":
            samples = fields.array(profile.get("samples"), f"{where}.samples")
            weights = fields.array(profile.get("weights", [1] * len(samples)), f"{where}.weights")
            if len(weights) != len(samples):
                raise fields.fail(
                    f"{where}.weights", f"{len(samples)} weights (one per sample)", f"{len(weights)} weights"
                )
            check_events(len(samples), source.name, f"{where}.samples")
            for i, (stack, weight) in enumerate(zip(samples, weights, strict=True)):
                at = f"{where}.samples[{i}]"
                check_stack(len(stack) if isinstance(stack, list) else 0, source.name, at)
                names = tuple(frame(f, f"{at}[{j}]") for j, f in enumerate(fields.array(stack, at)))
                yield StackSample(test, names, fields.number(weight, f"{where}.weights[{i}]") * scale, 0, thread)
        elif kind == "evented":
            for i, raw in enumerate(fields.array(profile.get("events"), f"{where}.events")):
                at = f"{where}.events[{i}]"
                event = fields.object(raw, at)
                opens = event.get("type")
                if opens not in ("O", "C"):
                    raise fields.fail(f"{at}.type", '"O" or "C"', opens)
                time = fields.number(event.get("at"), f"{at}.at") * scale
                yield Edge(test, frame(event.get("frame"), f"{at}.frame"), time, opens == "O", 0, thread)
        else:
            raise fields.fail(f"{where}.type", '"sampled" or "evented"', kind)
