"""Reading Trace Event Format events (Chrome's `chrome://tracing` JSON), shared by the trace parsers.

Times are microseconds; `ts` is sometimes written as a string of digits, and `pid`/`tid` as
numbers or strings. Only calls become profile events: `X` (complete), `B`/`E` (begin/end).
Metadata (`M`), instant, counter, async and flow events are read past.
"""

from __future__ import annotations

import contextlib
import math
from typing import Any

from tracker.domain import Edge, ProfileEvent, Span
from tracker.errors import InputError

MICROSECONDS = 1e-6
CALL_PHASES = frozenset({"X", "B", "E"})


def number(value: Any, source: str, where: str) -> float:
    """A JSON number, or a string holding one (some tracers quote timestamps)."""
    parsed: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        parsed = float(value)
    elif isinstance(value, str):
        with contextlib.suppress(ValueError):
            parsed = float(value)
    if parsed is None or not math.isfinite(parsed):
        raise InputError(source, f"expected a number of microseconds, found {_kind(value)}", where=where)
    return parsed


def thread_id(value: Any) -> int | str:
    return value if isinstance(value, int | str) and not isinstance(value, bool) else 0


def event_object(value: Any, source: str, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(source, f"expected a trace event object, found {_kind(value)}", where=where)
    return value


def _kind(value: Any) -> str:
    """A short description of VALUE that never formats a whole (possibly huge or deep) value."""
    if isinstance(value, list | dict):
        return f"an {'array' if isinstance(value, list) else 'object'} of {len(value)} item(s)"
    return repr(value) if len(str(value)) <= 60 else f"{repr(value)[:57]}..."


def call_event(event: dict[str, Any], test: str, source: str, where: str) -> ProfileEvent | None:
    """The profile event for a call (`X`, `B`, `E`); None for any other phase."""
    phase = event.get("ph")
    if phase not in CALL_PHASES:
        return None
    name = event.get("name")
    frame = name if isinstance(name, str) else ""
    start = number(event.get("ts"), source, f"{where}.ts")
    pid, tid = thread_id(event.get("pid", 0)), thread_id(event.get("tid", 0))
    if phase == "X":
        duration = event.get("dur", event.get("tdur", 0))
        end = start + number(duration, source, f"{where}.dur")
        return Span(test, frame or "(unnamed)", start, end, pid, tid)
    return Edge(test, frame if phase == "E" else frame or "(unnamed)", start, phase == "B", pid, tid)
