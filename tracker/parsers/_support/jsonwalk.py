"""A JSON document walked as it streams: object members and array elements one at a time.

For documents too large to hold parsed whole (a github-action-benchmark history of hundreds of MB),
the parser walks ijson's parse events (`jsonstream.parse_events`) down to the values it wants and builds
only those, one at a time. A value that does not have the shape the parser expects is built whole
and handed to the parser's own check, so that the message is the one a parsed document gives.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Event = tuple[str, Any]
_OPENS = frozenset(("start_map", "start_array"))
_CLOSES = frozenset(("end_map", "end_array"))


class JsonWalk:
    """EVENTS read value by value: `next` is the first event of the next value (a scalar is one event)."""

    def __init__(self, events: Iterator[Event]) -> None:
        self._events = events

    def next(self) -> Event:
        return next(self._events)

    def build(self, first: Event) -> Any:
        """The whole value that starts with event FIRST (ijson's `ObjectBuilder`, inlined: a history
        holds millions of values)."""
        kind, value = first
        if kind not in _OPENS:
            return value
        root: Any = {} if kind == "start_map" else []
        containers, top, key = [root], root, None
        for kind, scalar in self._events:
            if kind == "map_key":
                key = scalar
                continue
            if kind in _CLOSES:
                containers.pop()
                if not containers:
                    break
                top = containers[-1]
                continue
            opened = kind in _OPENS
            item = ({} if kind == "start_map" else []) if opened else scalar
            if type(top) is list:
                top.append(item)
            else:
                top[key] = item
            if opened:
                containers.append(item)
                top = item
        return root

    def skip(self, first: Event) -> None:
        """Pass over the value that starts with event FIRST without building it."""
        if first[0] not in _OPENS:
            return
        depth = 1
        for kind, _ in self._events:
            if kind in _OPENS:
                depth += 1
            elif kind in _CLOSES:
                depth -= 1
                if depth == 0:
                    return

    def members(self) -> Iterator[str]:
        """The keys of the object just opened (`start_map`); the caller reads each key's value before the next."""
        for kind, value in self._events:
            if kind == "end_map":
                return
            yield value

    def finish(self) -> None:
        """Read to the end, so that anything after the document is refused as it is by a whole parse."""
        for _ in self._events:
            pass

    def elements(self) -> Iterator[Event]:
        """The first event of each element of the array just opened (`start_array`); the caller reads
        each element (`build` or `skip`) before asking for the next."""
        for event in self._events:
            if event[0] == "end_array":
                return
            yield event
