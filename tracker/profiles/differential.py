"""Differential flame graphs: the candidate's tree, each frame marked by how its self time moved.

The baseline is scaled to the candidate's length first (as flamegraph.pl's difffolded `-n`
does), so a uniformly slower run shows no change and a frame is red only when it took a larger
share of the run. `delta` is that change in fractions of the candidate run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tracker.domain import ProfileNode
from tracker.profiles.flametree import Frame, build


@dataclass(frozen=True)
class Mover:
    name: str
    before: float
    """Baseline self time (as measured)."""
    after: float
    delta: float
    """Change of the function's share of the run, candidate minus scaled baseline (fraction of the run)."""


def differential(baseline: Sequence[ProfileNode], candidate: Sequence[ProfileNode]) -> tuple[Frame, list[Mover]]:
    """The candidate's tree with `before` and `delta` set on every frame, and every function's move."""
    new, old = build(candidate), build(baseline)
    scale = new.total / old.total if old.total > 0 else 0.0
    whole = new.total or 1.0
    old_self = {stack: frame.self_time for stack, frame in old.walk()}
    for stack, frame in new.walk():
        before = old_self.get(stack, 0.0)
        frame.before = before
        frame.delta = (frame.self_time - before * scale) / whole
    new.before, new.delta = old.total, 0.0
    return new, _movers(old, new, scale, whole)


def _movers(old: Frame, new: Frame, scale: float, whole: float) -> list[Mover]:
    before: dict[str, float] = {}
    after: dict[str, float] = {}
    for _, frame in old.walk():
        before[frame.name] = before.get(frame.name, 0.0) + frame.self_time
    for _, frame in new.walk():
        after[frame.name] = after.get(frame.name, 0.0) + frame.self_time
    movers = [
        Mover(
            name,
            before.get(name, 0.0),
            after.get(name, 0.0),
            (after.get(name, 0.0) - before.get(name, 0.0) * scale) / whole,
        )
        for name in before.keys() | after.keys()
    ]
    movers.sort(key=lambda m: (-abs(m.delta), -m.delta, m.name))  # on a tie, the slower first
    return movers
