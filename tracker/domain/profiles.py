"""Profile events as parsers read them, and function tables drawn from call trees."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from tracker.domain.measures import TestCase

# Profile events, as parsers read them and the profiles package aggregates them into call trees.
# NamedTuples rather than dataclasses: a large trace yields millions, and tuples are cheap to make.


class Span(NamedTuple):
    """A call seen from start to end on one thread (a trace's `X` event). Times in the source's unit."""

    test: str
    """Full name of the test the call belongs to (a key of `ProfileSource.tests`)."""
    frame: str
    start: float
    end: float
    pid: int | str = 0
    tid: int | str = 0


class Edge(NamedTuple):
    """One end of a call (a trace's `B`/`E` event, a speedscope `O`/`C` event); paired by the profiles package."""

    test: str
    frame: str
    """Empty for an end event that does not name its call."""
    at: float
    begins: bool
    pid: int | str = 0
    tid: int | str = 0


class StackSample(NamedTuple):
    """A sampled stack (root first) and its weight: a duration, or a count for sample-only formats."""

    test: str
    stack: tuple[str, ...]
    weight: float
    pid: int | str = 0
    tid: int | str = 0


ProfileEvent = Span | Edge | StackSample


@dataclass(frozen=True)
class ProfileSource:
    """A run's profile events, read afresh on each call of `events` so a large trace is never held in memory."""

    tests: Mapping[str, TestCase]
    """Every test that events may name, by full name."""
    events: Callable[[], Iterator[ProfileEvent]]
    unit: str = "s"
    """The unit of event times and weights after `scale`: "s" for time, "samples" or "bytes" otherwise."""
    scale: float = 1.0
    """Multiplier from the events' unit to `unit` (1e-6 for microsecond traces)."""
    timed: bool = False
    """True when the profile is the only timing of its tests: its extent becomes their `time` sample."""
    skipped: list[str] = field(default_factory=list)
    """Lines or events the reader skipped as malformed, said for the user (filled while `events` runs)."""


@dataclass(frozen=True)
class FunctionStat:
    """One function of a test's profile: calls, inclusive time (recursion counted once) and self time."""

    name: str
    calls: int
    total: float
    self_time: float
    self_share: float
    """Self time as a fraction of the profile's whole time."""
    unit: str = "s"


@dataclass(frozen=True)
class FunctionChange:
    """How a function's self time moved between a baseline and a candidate profile of one test."""

    name: str
    before: float
    after: float
    unit: str = "s"

    @property
    def change(self) -> float:
        return self.after - self.before
