"""A test's history as a self-contained SVG line chart, change points marked.

One point per measured commit (its level; hovering shows the commit and the value), a band for
the spread (quartiles, or min-max), the level of each segment between change points as a flat
line, and a dashed vertical line between the last good and the first bad commit of each change
point, labelled with its change and commit (red for a regression, green for an improvement);
labels that would collide go on a lower row, and labels near the right edge end at their line.
A legend says what each mark is. No scripts, fonts or links: the file renders the same in a
browser, on GitHub and in an image viewer.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from tracker.domain import ChangeKind, ChangePoint, HistoryPoint, short_commit
from tracker.reports.escaping import escape_xml
from tracker.reports.values import format_percent, format_value

WIDTH, HEIGHT = 900, 410
LEFT, RIGHT, BOTTOM = 80, 24, 90
LABEL_ROWS = 3
LABEL_TOP, LABEL_STEP = 38, 13
"""Change labels sit on rows above the plot, from LABEL_TOP down; the plot starts below the last row used."""
CHAR_WIDTH = 6.2
"""Rough width of one character of the 11 px sans-serif labels, to keep labels apart."""
Scale = Callable[[float], float]
LEVEL, BAND, SEGMENT = "#1565c0", "#90caf9", "#ef6c00"
COLOURS = {ChangeKind.REGRESSION: "#c62828", ChangeKind.IMPROVEMENT: "#2e7d32"}


def history_svg(
    title: str,
    unit: str,
    points: Sequence[HistoryPoint],
    changes: Sequence[ChangePoint],
    *,
    along: str = "measured commits",
    each: str = "commit",
) -> str:
    """The chart as SVG text; ALONG names what the points are (releases, commits), EACH one of them."""
    plot_w = WIDTH - LEFT - RIGHT
    values = [v for p in points for v in (p.level, p.low, p.high) if v is not None and math.isfinite(v)]
    low, high = _padded_range(values)
    count = max(len(points) - 1, 1)

    def x(i: float) -> float:
        return LEFT + plot_w * (i / count if len(points) > 1 else 0.5)

    labels = _place_labels(points, changes, x)
    top = LABEL_TOP + LABEL_STEP * (max((row for *_, row, _ in labels), default=-1) + 1) - 2
    plot_h = HEIGHT - top - BOTTOM

    def y(v: float) -> float:
        return top + plot_h * (1 - (v - low) / (high - low))

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="11">',
        f"<title>{escape_xml(title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{LEFT}" y="18" font-size="13" font-weight="bold">{escape_xml(_shorten(title, 110))}</text>',
    ]
    has_band = any(p.low is not None and p.high is not None and p.low < p.high for p in points)
    out += _legend(has_band, changes, each)
    out += _axes(low, high, unit, points, x, y, top, along)
    band = [(x(i), y(p.high)) for i, p in enumerate(points) if p.high is not None]
    band += [(x(i), y(p.low)) for i, p in reversed(list(enumerate(points))) if p.low is not None]
    if has_band and len(band) > 2:
        out.append(
            f'<polygon class="spread" points="{_coords(band)}" fill="{BAND}" fill-opacity="0.35" stroke="none"/>'
        )
    out += _segments(points, changes, x, y)
    line = [(x(i), y(p.level)) for i, p in enumerate(points)]
    out.append(f'<polyline class="level" points="{_coords(line)}" fill="none" stroke="{LEVEL}" stroke-width="1.5"/>')
    radius = 2.5 if len(points) <= 60 else 1.8
    for (cx, cy), p in zip(line, points, strict=True):
        tip = f"{short_commit(p.commit.sha)} {p.commit.subject}".strip() + f": {format_value(p.level, unit)}"
        out.append(
            f'<circle class="point" cx="{cx:.1f}" cy="{cy:.1f}" r="{radius}" fill="{LEVEL}">'
            f"<title>{escape_xml(tip)}</title></circle>"
        )
    out += _markers(labels)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _legend(has_band: bool, changes: Sequence[ChangePoint], each: str) -> list[str]:
    """One row under the title: what the line, band, flat lines and dashed lines are."""
    entries: list[tuple[str, str]] = [
        (
            f'<line x1="0" y1="0" x2="16" y2="0" stroke="{LEVEL}" stroke-width="1.5"/>'
            f'<circle cx="8" cy="0" r="2.5" fill="{LEVEL}"/>',
            f"level per {each}",
        ),
    ]
    if has_band:
        entries.append(
            (f'<rect x="0" y="-5" width="16" height="10" fill="{BAND}" fill-opacity="0.35"/>', "spread of the samples")
        )
    if changes:
        entries.append(
            (f'<line x1="0" y1="0" x2="16" y2="0" stroke="{SEGMENT}" stroke-width="2"/>', "level between changes")
        )
        kinds = {c.direction for c in changes}
        for kind, name in ((ChangeKind.REGRESSION, "regression"), (ChangeKind.IMPROVEMENT, "improvement")):
            if kind in kinds:
                entries.append(
                    (f'<line x1="8" y1="-6" x2="8" y2="6" stroke="{COLOURS[kind]}" stroke-dasharray="3 2"/>', name)
                )
    out, at = [], float(LEFT)
    for mark, text in entries:
        out.append(
            f'<g class="legend" transform="translate({at:.0f} {HEIGHT - 12})">{mark}'
            f'<text x="21" y="4" fill="#333">{escape_xml(text)}</text></g>'
        )
        at += 21 + CHAR_WIDTH * len(text) + 18
    return out


def _axes(
    low: float, high: float, unit: str, points: Sequence[HistoryPoint], x: Scale, y: Scale, top: float, along: str
) -> list[str]:
    bottom = HEIGHT - BOTTOM
    out = [
        f'<line x1="{LEFT}" y1="{top}" x2="{LEFT}" y2="{bottom}" stroke="#555"/>',
        f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="#555"/>',
    ]
    for tick in _ticks(low, high):
        ty = y(tick)
        out.append(f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" stroke="#eee"/>')
        tick_label = escape_xml(format_value(tick, unit))
        out.append(f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end">{tick_label}</text>')
    step = max(1, math.ceil(len(points) / 12))
    for i in range(0, len(points), step):
        tx = x(i)
        label = escape_xml(short_commit(points[i].commit.sha, 7))
        out.append(f'<line x1="{tx:.1f}" y1="{bottom}" x2="{tx:.1f}" y2="{bottom + 4}" stroke="#555"/>')
        out.append(
            f'<text x="{tx:.1f}" y="{bottom + 14}" text-anchor="end" fill="#333" '
            f'transform="rotate(-35 {tx:.1f} {bottom + 14})">{label}</text>'
        )
    out.append(
        f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 30}" text-anchor="end" fill="#555">'
        f"{len(points)} {escape_xml(along)}, oldest on the left</text>"
    )
    return out


def _placed(points: Sequence[HistoryPoint], changes: Sequence[ChangePoint]) -> list[tuple[int, ChangePoint]]:
    index = {p.commit.sha: i for i, p in enumerate(points)}
    return sorted(((index[c.commit.sha], c) for c in changes if c.commit.sha in index), key=lambda pair: pair[0])


def _segments(points: Sequence[HistoryPoint], changes: Sequence[ChangePoint], x: Scale, y: Scale) -> list[str]:
    """The level of each stretch between change points, as measured by the change points."""
    ordered = _placed(points, changes)
    if not ordered:
        return []
    edges = [0.0, *(i - 0.5 for i, _ in ordered), float(len(points) - 1)]
    levels = [ordered[0][1].before] + [c.after for _, c in ordered]
    return [
        f'<line class="segment" x1="{x(edges[k]):.1f}" y1="{y(level):.1f}" x2="{x(edges[k + 1]):.1f}" '
        f'y2="{y(level):.1f}" stroke="{SEGMENT}" stroke-width="2" stroke-opacity="0.8"/>'
        for k, level in enumerate(levels)
    ]


Label = tuple[ChangePoint, float, str, int, bool]
"""A change point, the x of its line, its label text, its row and whether the text ends at the line."""


def _place_labels(points: Sequence[HistoryPoint], changes: Sequence[ChangePoint], x: Scale) -> list[Label]:
    """Each change point's label on the first row where it meets no other (labels that would run
    past the right edge end at their line instead)."""
    out = []
    taken: list[list[tuple[float, float]]] = [[] for _ in range(LABEL_ROWS)]
    for i, change in _placed(points, changes):
        cx = x(i - 0.5)
        text = f"{format_percent(change.change_pct)} {short_commit(change.commit.sha, 7)}"
        width = CHAR_WIDTH * len(text)
        ends = cx + 3 + width > WIDTH - 2
        span = (cx - 3 - width, cx) if ends else (cx, cx + 3 + width)
        row = next(
            (r for r, used in enumerate(taken) if all(span[1] < a or span[0] > b for a, b in used)), LABEL_ROWS - 1
        )
        taken[row].append(span)
        out.append((change, cx, text, row, ends))
    return out


def _markers(labels: list[Label]) -> list[str]:
    """A dashed line between the last good and the first bad commit, under its label."""
    out = []
    for change, cx, text, row, ends in labels:
        colour = COLOURS[change.direction]
        ty = LABEL_TOP + LABEL_STEP * row
        anchor = f'x="{cx - 3:.1f}" text-anchor="end"' if ends else f'x="{cx + 3:.1f}"'
        kind = "regression" if change.direction is ChangeKind.REGRESSION else "improvement"
        out.append(
            f'<g class="change {kind}" data-commit="{escape_xml(change.commit.sha)}">'
            f'<line x1="{cx:.1f}" y1="{ty - 9}" x2="{cx:.1f}" y2="{HEIGHT - BOTTOM}" stroke="{colour}" '
            'stroke-dasharray="4 3"/>'
            f'<text {anchor} y="{ty}" fill="{colour}">{escape_xml(text)}</text></g>'
        )
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
