"""Coarse timers: verdicts for values at or below the resolution a format writes times in.

busted's JUnit output writes `time="0.00"` for every test under 10 ms. Such a value is "below
the resolution", not zero: it counts as the resolution, an upper bound (see `sides`), so the
change from it is a bound (0.00 s -> 0.03 s is at least +200%). With repeats, the usual rule
judges the bounded values; with one value on each side nothing measures the noise, so a change
beyond the threshold is flagged (`exceeds resolution`, a warning) rather than passed over.
"""

from __future__ import annotations

import math
from typing import Any

from tracker.domain import Reason, Verdict
from tracker.stats.sides import Level


def resolution_fields(before: Level | None, after: Level | None) -> dict[str, Any]:
    """The coarser resolution of the two sides and whose value was below it."""
    sides = [level for level in (before, after) if level is not None]
    steps = [level.resolution for level in sides if level.resolution is not None]
    below = [name for name, level in (("baseline", before), ("candidate", after)) if level and level.below_resolution]
    return {
        "resolution": max(steps) if steps else None,
        "below_resolution": "both" if len(below) == 2 else (below[0] if below else None),
    }


def untested_verdict(below: str | None, slowdown: float | None, limit: float) -> tuple[Verdict, Reason] | None:
    """For a change that nothing could test (one value each side): the verdict a coarse timer allows."""
    if below == "both":
        return Verdict.UNCHANGED, Reason.BELOW_RESOLUTION
    if below is not None and slowdown is not None and abs(math.log1p(slowdown / 100)) > limit:
        return Verdict.UNCHANGED, Reason.EXCEEDS_RESOLUTION
    return None
