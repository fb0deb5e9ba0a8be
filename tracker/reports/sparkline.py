"""A series in one line of block characters, for terminals and CI logs."""

from __future__ import annotations

from collections.abc import Sequence

BARS = "▁▂▃▄▅▆▇█"
ASCII_BARS = "_.-~=+*#"


def sparkline(values: Sequence[float], *, width: int = 60, marks: Sequence[int] = (), ascii_only: bool = False) -> str:
    """VALUES as bars (several values per bar when there are more than WIDTH), and a line of `^`
    under the bars that hold a position in MARKS (the change points); no second line without marks."""
    if not values:
        return ""
    bars = ASCII_BARS if ascii_only else BARS
    buckets = _buckets(len(values), width)
    heights = [sum(values[i] for i in bucket) / len(bucket) for bucket in buckets]
    low, high = min(heights), max(heights)
    span = high - low
    line = "".join(bars[0 if span <= 0 else min(int((h - low) / span * len(bars)), len(bars) - 1)] for h in heights)
    if not marks:
        return line
    marked = set(marks)
    under = "".join("^" if marked.intersection(bucket) else " " for bucket in buckets).rstrip()
    return f"{line}\n{under}"


def _buckets(count: int, width: int) -> list[range]:
    if count <= width:
        return [range(i, i + 1) for i in range(count)]
    edges = [round(i * count / width) for i in range(width + 1)]
    return [range(edges[i], edges[i + 1]) for i in range(width)]
