"""Pairing begin and end events (trace `B`/`E`, speedscope `O`/`C`) into spans, per thread.

Events of a thread are taken in the order they were written. An end event closes the newest open
call of its name; calls opened after that one and still open are closed with it. An end event
that matches nothing is ignored, and calls still open at the end of the stream are closed at
the thread's last timestamp. Each repair is counted in the diagnostics.
"""

from __future__ import annotations

from collections.abc import Callable

from tracker.profiles import diagnostics as problems
from tracker.profiles.diagnostics import Diagnostics

EmitSpan = Callable[[int, float, float, int], None]
"""(thread, start, end, frame)"""


class EdgePairer:
    def __init__(self, emit: EmitSpan, diagnostics: Diagnostics, describe: Callable[[int], str]) -> None:
        self._emit = emit
        self._diagnostics = diagnostics
        self._describe = describe
        self._open: dict[int, list[tuple[int, float]]] = {}
        self._last: dict[int, float] = {}

    def begin(self, thread: int, frame: int, at: float) -> None:
        self._open.setdefault(thread, []).append((frame, at))
        self._seen(thread, at)

    def end(self, thread: int, frame: int | None, at: float) -> None:
        """FRAME None: the end event names no call and closes the newest open one."""
        self._seen(thread, at)
        stack = self._open.get(thread)
        depth = _find(stack, frame) if stack else None
        if stack is None or depth is None:
            self._diagnostics.note(problems.UNMATCHED_END, self._describe(thread))
            return
        while len(stack) > depth + 1:
            inner, start = stack.pop()
            self._diagnostics.note(problems.NESTING, self._describe(thread))
            self._emit(thread, start, at, inner)
        opened, start = stack.pop()
        self._emit(thread, start, at, opened)

    def finish(self) -> None:
        for thread, stack in self._open.items():
            while stack:
                frame, start = stack.pop()
                self._diagnostics.note(problems.UNCLOSED, self._describe(thread))
                self._emit(thread, start, self._last[thread], frame)

    def _seen(self, thread: int, at: float) -> None:
        if at > self._last.get(thread, float("-inf")):
            self._last[thread] = at


def _find(stack: list[tuple[int, float]], frame: int | None) -> int | None:
    if frame is None:
        return len(stack) - 1 if stack else None
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth][0] == frame:
            return depth
    return None
