"""A test's call tree from sys.setprofile: per stack of functions, calls, total and self time."""

from __future__ import annotations

import sys
import time
from types import CodeType, FrameType
from typing import Any


class _Node:
    __slots__ = ("calls", "children", "total")

    def __init__(self) -> None:
        self.calls = 0
        self.total = 0.0
        self.children = 0.0


class CallTree:
    """Call tree of one test, summed over the runs recorded between start() and stop()."""

    def __init__(self, root: str, code: CodeType | None = None) -> None:
        self.root = (root,)
        self.code = code
        """The test function's code: frames outside it (pytest's own) are left out."""
        self.nodes_by_stack: dict[tuple[str, ...], _Node] = {}
        self.stack: list[tuple[tuple[str, ...], float]] = []

    def start(self) -> None:
        self.stack = [(self.root, time.perf_counter())]
        sys.setprofile(self._event)

    def stop(self) -> None:
        sys.setprofile(None)
        while self.stack:
            self._pop()

    def _event(self, frame: FrameType, event: str, arg: Any) -> None:
        outside = len(self.stack) == 1 and self.code is not None
        if outside and (event != "call" or frame.f_code is not self.code):
            return
        if event in {"call", "c_call"}:
            parent = self.stack[-1][0] if self.stack else self.root
            self.stack.append(((*parent, _label(frame, event, arg)), time.perf_counter()))
        elif len(self.stack) > 1:  # return, c_return, c_exception; the root ends at stop()
            self._pop()

    def _pop(self) -> None:
        stack, started = self.stack.pop()
        elapsed = time.perf_counter() - started
        node = self.nodes_by_stack.setdefault(stack, _Node())
        node.calls += 1
        node.total += elapsed
        if self.stack:
            self.nodes_by_stack.setdefault(self.stack[-1][0], _Node()).children += elapsed

    def nodes(self, pid: str) -> list[dict[str, Any]]:
        """Tracker JSON profile nodes, root first."""
        return [
            {
                "test": self.root[0],
                "pid": pid,
                "tid": "1",
                "stack": list(stack),
                "calls": node.calls,
                "total": node.total,
                "self_time": max(node.total - node.children, 0.0),
                "unit": "s",
            }
            for stack, node in sorted(self.nodes_by_stack.items())
        ]


def _label(frame: FrameType, event: str, arg: Any) -> str:
    if event == "c_call":
        return f"{getattr(arg, '__qualname__', repr(arg))} [C]"
    code = frame.f_code
    return f"{code.co_qualname} {code.co_filename}:{code.co_firstlineno}"
