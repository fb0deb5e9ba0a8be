"""A test's history as a self-contained SVG line chart, change points marked.

One point per measured commit (its level), a band for the spread (quartiles, or min-max), the
level of each segment between change points as a flat line, and a dashed vertical line at each
change point labelled with its change (red for a regression, green for an improvement).
No scripts, fonts or links: the file renders the same in a browser, on GitHub and in an image viewer.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape

from tracker.domain import ChangeKind, ChangePoint, HistoryPoint
from tracker.reports.values import format_percent, format_value

WIDTH, HEIGHT = 900, 360
LEFT, RIGHT, TOP, BOTTOM = 80, 20, 40, 60
Scale = Callable[[float], float]
COLOURS = {ChangeKind.REGRESSION: "#c62828", ChangeKind.IMPROVEMENT: "#2e7d32"}


def history_svg(title: str, unit: str, points: Sequence[HistoryPoint], changes: Sequence[ChangePoint]) -> str:
    """The chart as SVG text."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    values = [v for p in points for v in (p.level, p.low, p.high) if v is not None and math.isfinite(v)]
    low, high = _padded_range(values)
    count = max(len(points) - 1, 1)

    def x(i: float) -> float:
        return LEFT + plot_w * (i / count if len(points) > 1 else 0.5)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - (v - low) / (high - low))

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{LEFT}" y="20" font-size="13" font-weight="bold">{escape(_shorten(title, 110))}</text>',
    ]
    out += _axes(low, high, unit, points, x, y)
    band = [(x(i), y(p.high)) for i, p in enumerate(points) if p.high is not None]
    band += [(x(i), y(p.low)) for i, p in reversed(list(enumerate(points))) if p.low is not None]
    if len(band) > 2:
        out.append(f'<polygon points="{_coords(band)}" fill="#90caf9" fill-opacity="0.35" stroke="none"/>')
    line = [(x(i), y(p.level)) for i, p in enumerate(points)]
    out.append(f'<polyline points="{_coords(line)}" fill="none" stroke="#1565c0" stroke-width="1.5"/>')
    out += [f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="2" fill="#1565c0"/>' for cx, cy in line]
    out += _changes(points, changes, x, y)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _axes(low: float, high: float, unit: str, points: Sequence[HistoryPoint], x: Scale, y: Scale) -> list[str]:
    out = [
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="#555"/>',
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="#555"/>',
    ]
    for tick in _ticks(low, high):
        ty = y(tick)
        out.append(f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" stroke="#eee"/>')
        out.append(f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end">{escape(format_value(tick, unit))}</text>')
    step = max(1, math.ceil(len(points) / 10))
    for i in range(0, len(points), step):
        tx = x(i)
        label = escape(points[i].commit.sha[:7])
        out.append(
            f'<text x="{tx:.1f}" y="{HEIGHT - BOTTOM + 14}" text-anchor="end" '
            f'transform="rotate(-35 {tx:.1f} {HEIGHT - BOTTOM + 14})">{label}</text>'
        )
    out.append(
        f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 6}" text-anchor="end" fill="#555">'
        f"{len(points)} measured commits, oldest on the left</text>"
    )
    return out


def _changes(points: Sequence[HistoryPoint], changes: Sequence[ChangePoint], x: Scale, y: Scale) -> list[str]:
    index = {p.commit.sha: i for i, p in enumerate(points)}
    ordered = sorted((index[c.commit.sha], c) for c in changes if c.commit.sha in index)
    out = []
    edges = [0, *(i for i, _ in ordered), len(points) - 1]
    levels = [ordered[0][1].before] + [c.after for _, c in ordered] if ordered else []
    for k, level in enumerate(levels):
        start, end = x(max(edges[k] - 0.5, 0)), x(min(edges[k + 1] - 0.5, len(points) - 1))
        if k == len(levels) - 1:
            end = x(len(points) - 1)
        out.append(
            f'<line x1="{start:.1f}" y1="{y(level):.1f}" x2="{end:.1f}" y2="{y(level):.1f}" '
            'stroke="#ef6c00" stroke-width="2" stroke-opacity="0.8"/>'
        )
    for i, change in ordered:
        cx = x(i - 0.5)
        colour = COLOURS[change.direction]
        label = f"{format_percent(change.change_pct)} {change.commit.sha[:7]}"
        out.append(
            f'<line x1="{cx:.1f}" y1="{TOP}" x2="{cx:.1f}" y2="{HEIGHT - BOTTOM}" stroke="{colour}" '
            'stroke-dasharray="4 3"/>'
        )
        out.append(f'<text x="{cx + 3:.1f}" y="{TOP + 10}" fill="{colour}">{escape(label)}</text>')
    return out


def _padded_range(values: list[float]) -> tuple[float, float]:
    if not values:
        return 0.0, 1.0
    low, high = min(values), max(values)
    pad = (high - low) * 0.08 or abs(high) * 0.05 or 1.0
    return low - pad, high + pad


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) / step) + 1)]


def _coords(pairs: list[tuple[float, float]]) -> str:
    return " ".join(f"{a:.1f},{b:.1f}" for a, b in pairs)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else "…" + text[-(limit - 1) :]
