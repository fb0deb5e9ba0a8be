"""Call trees: spans sorted by start (and sampled stacks) folded into one trie per thread.

A node stands for one stack (root to leaf). Its total is the time of all calls at that stack;
its self time is that total minus the time of its direct children. Spans arrive sorted (see
`spansort`), so a stack of open calls is enough: a span starting after the top call ended
closes it; a span that outlives its caller is clipped to the caller's end, which keeps every
self time between zero and the total.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tracker.profiles import diagnostics as problems
from tracker.profiles.diagnostics import Diagnostics

_TOLERANCE = 1e-9
"""Relative: times written in decimal (microseconds with three decimals) do not add up exactly."""


class Node:
    __slots__ = ("calls", "children", "self_time", "total")

    def __init__(self) -> None:
        self.calls = 0
        self.total = 0.0
        self.self_time = 0.0
        self.children: dict[int, Node] = {}

    def child(self, frame: int) -> Node:
        found = self.children.get(frame)
        if found is None:
            found = self.children[frame] = Node()
        return found

    def walk(self, prefix: tuple[int, ...] = ()) -> Iterator[tuple[tuple[int, ...], Node]]:
        """Every node below this one with its stack of frames, parents before children."""
        for frame, node in self.children.items():
            stack = (*prefix, frame)
            yield stack, node
            yield from node.walk(stack)


class Extent:
    """How long a thread ran: from its first span to its last, or the sum of its sample weights."""

    __slots__ = ("first", "last", "weights")

    def __init__(self) -> None:
        self.first = float("inf")
        self.last = float("-inf")
        self.weights = 0.0

    @property
    def length(self) -> float:
        spans = self.last - self.first if self.last >= self.first else 0.0
        return max(spans, self.weights)


class Forest:
    """One call tree per thread (a thread being a test, pid and tid)."""

    def __init__(self, diagnostics: Diagnostics, describe: dict[int, str]) -> None:
        self.roots: dict[int, Node] = {}
        self.extents: dict[int, Extent] = {}
        self._diagnostics = diagnostics
        self._describe = describe

    def root(self, thread: int) -> Node:
        found = self.roots.get(thread)
        if found is None:
            found = self.roots[thread] = Node()
            self.extents[thread] = Extent()
        return found

    def add_sample(self, thread: int, stack: Iterable[int], weight: float) -> None:
        node = self.root(thread)
        self.extents[thread].weights += weight
        for frame in stack:
            node = node.child(frame)
            node.calls += 1
            node.total += weight
        node.self_time += weight

    def add_sorted_spans(self, records: Iterable[tuple[int, float, float, int, int]]) -> None:
        """Records from `SpanSorter`: (thread, start, -end, -sequence, frame), sorted."""
        current = -1
        root = Node()
        extent = Extent()
        # Open calls: (end, node, start, [time of direct children so far]).
        opened: list[tuple[float, Node, float, list[float]]] = []
        for thread, start, negend, _sequence, frame in records:
            end = -negend
            if thread != current:
                _close_all(opened)
                current, root, extent = thread, self.root(thread), self.extents.setdefault(thread, Extent())
                extent.first = min(extent.first, start)
            # A call that ends where the next starts, give or take rounding, is its sibling.
            while opened and opened[-1][0] <= start + abs(start) * _TOLERANCE:
                _close(opened.pop())
            if opened:
                caller_end, parent, _, children = opened[-1]
                if end > caller_end:
                    end = caller_end
                    self._diagnostics.note(problems.OVERLAP, self._describe[thread])
                children[0] += end - start
            else:
                parent = root
            extent.last = max(extent.last, end)
            node = parent.child(frame)
            node.calls += 1
            node.total += end - start
            opened.append((end, node, start, [0.0]))
        _close_all(opened)


def _close(call: tuple[float, Node, float, list[float]]) -> None:
    end, node, start, children = call
    node.self_time += max(0.0, (end - start) - children[0])


def _close_all(opened: list[tuple[float, Node, float, list[float]]]) -> None:
    while opened:
        _close(opened.pop())
