"""What aggregation had to repair in a profile: counted by kind, reported once each."""

from __future__ import annotations

from collections import Counter


class Diagnostics:
    """Counts repairs (clipped overlaps, unbalanced begin/end events) and words them for the user."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._where: dict[str, str] = {}

    def note(self, problem: str, where: str) -> None:
        self._counts[problem] += 1
        self._where.setdefault(problem, where)

    def messages(self, source: str) -> tuple[str, ...]:
        return tuple(
            f"{source}: {count} {problem} (first on {self._where[problem]})" for problem, count in self._counts.items()
        )

    def count(self, problem: str) -> int:
        return self._counts[problem]


NEGATIVE = "event(s) ending before they start were given zero duration"
OVERLAP = "call(s) that outlived their caller were clipped to the caller's end"
UNMATCHED_END = "end event(s) without a matching begin were ignored"
UNCLOSED = "begin event(s) never ended were closed at the thread's last timestamp"
NESTING = "call(s) left open inside a call that ended were closed with it"
