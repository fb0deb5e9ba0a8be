"""Transient excursions: a step in a benchmark's history that is undone a few commits later.

A series that jumps between two levels (a bimodal benchmark: about 46k, then 74k for three
commits, then 46k again) shows a rise and a fall that change-point detection finds each clearly
significant; but the level came back, so it is one excursion, not two changes. `tracker changes`
leaves excursions out unless asked (`--transients`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from tracker.stats.changepoints import Change


@dataclass(frozen=True)
class Excursions:
    """What counts as a transient excursion."""

    commits: int = 6
    """A step and a step back within this many measured commits..."""
    back: float = 1.0 / 3.0
    """...that leaves the level at most this share of the step's size from where it was."""


def mark_transients(changes: list[Change], rule: Excursions = Excursions()) -> list[Change]:
    """CHANGES of one series (in order) with each step that is undone within `rule.commits` measured
    commits marked, with its step back, as one excursion; the first step also says where it returned."""
    out = list(changes)
    k = 0
    while k + 1 < len(out):
        first, back = out[k], out[k + 1]
        rise = math.log(first.after / first.before) if first.before > 0 and first.after > 0 else 0.0
        fall = math.log(back.after / back.before) if back.after > 0 and back.before > 0 else 0.0
        left = math.log(back.after / first.before) if back.after > 0 and first.before > 0 else math.inf
        if back.index - first.index <= rule.commits and rise * fall < 0 and abs(left) <= rule.back * abs(rise):
            out[k] = replace(first, transient=True, returns_at=back.index)
            out[k + 1] = replace(back, transient=True)
            k += 2
        else:
            k += 1
    return out
