"""The per-function table of a profile: what the original busted profiler's timing.txt showed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tracker.domain import FunctionChange, FunctionStat, ProfileNode


def function_stats(nodes: Iterable[ProfileNode]) -> list[FunctionStat]:
    """Per function, slowest (largest total) first. A recursive call's time is counted once, at
    its outermost call; calls count every call; self time adds up every stack ending in it."""
    calls: dict[str, int] = {}
    totals: dict[str, float] = {}
    selfs: dict[str, float] = {}
    unit = "s"
    for node in nodes:
        name = node.stack[-1]
        unit = node.unit
        calls[name] = calls.get(name, 0) + node.calls
        selfs[name] = selfs.get(name, 0.0) + node.self_time
        if name not in node.stack[:-1]:
            totals[name] = totals.get(name, 0.0) + node.total
    whole = sum(selfs.values())
    stats = [
        FunctionStat(name, calls[name], totals.get(name, 0.0), selfs[name], selfs[name] / whole if whole else 0.0, unit)
        for name in calls
    ]
    stats.sort(key=lambda s: (-s.total, -s.self_time, s.name))
    return stats


def self_time_changes(before: Sequence[ProfileNode], after: Sequence[ProfileNode]) -> list[FunctionChange]:
    """Every function's self time in both profiles, the largest growth first."""
    old = {stat.name: stat for stat in function_stats(before)}
    new = {stat.name: stat for stat in function_stats(after)}
    unit = next((node.unit for node in (*after, *before)), "s")
    changes = [
        FunctionChange(
            name, old[name].self_time if name in old else 0.0, new[name].self_time if name in new else 0.0, unit
        )
        for name in old.keys() | new.keys()
    ]
    changes.sort(key=lambda c: (-c.change, c.name))
    return changes
