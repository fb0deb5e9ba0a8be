"""The tree that flame graphs draw: stored nodes of one test merged into frames under one root.

With several threads, each thread is a frame of its own under the root (`pid 1 / tid 2`, or
the thread's name for profiles that name threads), so their times are not mixed up.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from tracker.domain import ProfileNode


@dataclass
class Frame:
    name: str
    total: float = 0.0
    self_time: float = 0.0
    calls: int = 0
    children: dict[str, Frame] = field(default_factory=dict)
    before: float | None = None
    """Differential only: the baseline's self time at the same stack."""
    delta: float | None = None
    """Differential only: change of self time in fractions of the run, the baseline scaled to the candidate's length."""

    def ordered(self) -> list[Frame]:
        """Children by name, as flamegraph.pl draws them (the same stack lands in the same place)."""
        return [self.children[name] for name in sorted(self.children)]

    def walk(self, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Frame]]:
        for child in self.ordered():
            stack = (*path, child.name)
            yield stack, child
            yield from child.walk(stack)


def thread_label(pid: int | str, tid: int | str) -> str:
    if str(pid) == "0" and isinstance(tid, str) and not tid.isdigit():
        return tid
    return f"pid {pid} / tid {tid}"


def build(nodes: Sequence[ProfileNode], root_name: str = "all") -> Frame:
    threads = {(node.pid, node.tid) for node in nodes}
    several = len(threads) > 1
    root = Frame(root_name)
    for node in nodes:
        path = ((thread_label(node.pid, node.tid),) if several else ()) + node.stack
        frame = root
        for name in path:
            frame = frame.children.setdefault(name, Frame(name))
        frame.total += node.total
        frame.self_time += node.self_time
        frame.calls += node.calls
    _settle(root)
    return root


def _settle(frame: Frame) -> float:
    """Frames made up here (the root, threads) or missing from the input get their children's total."""
    below = sum(_settle(child) for child in frame.children.values())
    frame.total = max(frame.total, below + frame.self_time)
    return frame.total


def unit_of(nodes: Sequence[ProfileNode]) -> str:
    return nodes[0].unit if nodes else "s"
