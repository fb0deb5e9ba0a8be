"""Flame graphs as self-contained SVG: an image on a GitHub page, interactive in a browser.

Without scripts (an `<img>` on GitHub) it is a plain flame graph whose frames carry tooltips.
Opened in a browser, the embedded script adds details on hover, zoom on click and a search
(`flamegraph.js`). Frames are laid out like flamegraph.pl: root at the bottom, width by total
time, children in name order. A differential graph colours frames by `Frame.delta`.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from importlib import resources

from tracker.profiles.differential import Mover
from tracker.profiles.flametree import Frame

WIDTH = 1200
FRAME_HEIGHT = 16
FONT_SIZE = 12
CHAR_WIDTH = FONT_SIZE * 0.59
LEFT = 10
TOP = 60
BOTTOM = 36
MIN_WIDTH = 0.1
TALL_SHARE = 0.01
"""Frames narrower than this share of the run do not add to the graph's height."""
MOVERS_SHOWN = 10
# Control characters (what XML 1.0 forbids; line breaks and tabs in a label) and those that reorder
# text: tracker.reports.escaping's set, which profiles/ may not import; a label has no room for escapes.
_INVALID_XML = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_TIME_UNITS = (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9))


def amount(value: float, unit: str) -> str:
    if unit != "s":
        return f"{value:.4g} {unit}"
    for name, scale in _TIME_UNITS:
        if abs(value) >= scale or name == "ns":
            return f"{value / scale:.3g} {name}"
    return f"{value:g} s"


def _text(value: str) -> str:
    return html.escape(_INVALID_XML.sub("?", value), quote=True)


def _hot(name: str) -> str:
    """flamegraph.pl's warm palette, picked by the name so a function keeps its colour."""
    digest = hashlib.md5(name.encode("utf-8")).digest()
    r, g, b = (digest[i] / 255 for i in range(3))
    return f"rgb({205 + round(50 * r)},{round(230 * g)},{round(55 * b)})"


def _diff_colour(delta: float, largest: float) -> str:
    neutral = (225, 225, 225)
    if largest <= 0 or delta == 0:
        return "rgb({},{},{})".format(*neutral)
    target = (235, 40, 40) if delta > 0 else (40, 90, 235)
    weight = min(1.0, abs(delta) / largest)
    mixed = (round(n + (t - n) * weight) for n, t in zip(neutral, target, strict=True))
    return "rgb({},{},{})".format(*mixed)


def _depth(frame: Frame, least: float) -> int:
    """Levels of the frames at least LEAST wide (the root counts): the graph's height."""
    wide = [child for child in frame.children.values() if child.total >= least]
    return 1 + max((_depth(child, least) for child in wide), default=0)


def _hidden(frame: Frame) -> int:
    return sum(1 + _hidden(child) for child in frame.children.values())


def _label(name: str, width: float) -> str:
    room = int((width - 6) // CHAR_WIDTH)
    if room < 3:
        return ""
    return name if len(name) <= room else name[: room - 2] + ".."


@dataclass(frozen=True)
class _Layout:
    """Where frames go: width by total time; the height counts only frames worth reading, so a thin
    tower of tiny frames (imports, say) does not push the time off the first screen."""

    depth: int
    scale: float
    whole: float
    unit: str
    largest_delta: float | None
    """Differential only: the largest |delta|, which gets the strongest colour."""

    def info(self, frame: Frame) -> str:
        whole, unit = self.whole, self.unit
        text = (
            f"{frame.name}: total {amount(frame.total, unit)} ({100 * frame.total / whole:.2f}%), "
            f"self {amount(frame.self_time, unit)} ({100 * frame.self_time / whole:.2f}%), {frame.calls} call(s)"
        )
        if self.largest_delta is not None:
            before = amount(frame.before or 0.0, unit)
            text += f"; self in baseline {before}, {100 * (frame.delta or 0.0):+.2f} points of the run"
        return text

    def colour(self, frame: Frame) -> str:
        if self.largest_delta is None:
            return _hot(frame.name)
        return _diff_colour(frame.delta or 0.0, self.largest_delta)


def _frames(root: Frame, layout: _Layout) -> list[str]:
    out: list[str] = []

    def draw(frame: Frame, x: float, level: int) -> None:
        width = frame.total * layout.scale
        if width < MIN_WIDTH:
            return
        info = layout.info(frame)
        if level == layout.depth - 1 and frame.children:
            info += f"; {_hidden(frame)} deeper frame(s), each under {TALL_SHARE:.0%} of the run, not drawn"
        y = TOP + (layout.depth - 1 - level) * FRAME_HEIGHT
        label = _text(_label(frame.name, width))
        out.append(
            f'<g class="f" data-n="{_text(frame.name)}" data-x="{x:.2f}" data-w="{width:.2f}" data-d="{level}" '
            f'data-info="{_text(info)}"><title>{_text(info)}</title>'
            f'<rect x="{x:.2f}" y="{y}" width="{width:.2f}" height="{FRAME_HEIGHT - 1}" fill="{layout.colour(frame)}" '
            f'rx="2" ry="2"/><text x="{x + 3:.2f}" y="{y + FRAME_HEIGHT - 4}">{label}</text></g>'
        )
        if level == layout.depth - 1:
            return
        offset = x
        for child in frame.ordered():
            draw(child, offset, level + 1)
            offset += child.total * layout.scale

    draw(root, LEFT, 0)
    return out


def _header(title: str, subtitle: str, height: int, bottom_line: int) -> list[str]:
    full = WIDTH - 2 * LEFT
    return [
        '<?xml version="1.0" standalone="no"?>',
        f'<svg version="1.1" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" data-left="{LEFT}" data-width="{full}" data-char="{CHAR_WIDTH:.3f}">',
        "<style>",
        f"text {{ font-family: Verdana, sans-serif; font-size: {FONT_SIZE}px; fill: rgb(0,0,0); }}",
        "g.f { cursor: pointer; } g.f:hover rect { stroke: rgb(0,0,0); stroke-width: 0.5; }",
        ".button { cursor: pointer; fill: rgb(60,60,160); } .title { font-size: 17px; }",
        "</style>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="rgb(248,248,248)"/>',
        f'<text class="title" x="{WIDTH / 2}" y="24" text-anchor="middle">{_text(title)}</text>',
        f'<text x="{WIDTH / 2}" y="42" text-anchor="middle">{_text(subtitle)}</text>',
        f'<text id="unzoom" class="button" x="{LEFT}" y="42" style="opacity:0.3">Reset zoom</text>',
        f'<text id="search" class="button" x="{WIDTH - LEFT - 110}" y="42">Search</text>',
        f'<text id="matched" x="{WIDTH - LEFT - 110}" y="{bottom_line}"> </text>',
        f'<text id="details" x="{LEFT}" y="{bottom_line}"> </text>',
    ]


def render_svg(
    root: Frame, *, title: str, subtitle: str = "", unit: str = "s", movers: list[Mover] | None = None
) -> str:
    """The flame graph of ROOT; with MOVERS (a differential), frames are coloured by `delta`."""
    whole = root.total or 1.0
    largest = max((abs(frame.delta or 0.0) for _, frame in root.walk()), default=0.0)
    layout = _Layout(
        depth=_depth(root, TALL_SHARE * whole),
        scale=(WIDTH - 2 * LEFT) / whole,
        whole=whole,
        unit=unit,
        largest_delta=largest if movers is not None else None,
    )
    shown = [m for m in (movers or []) if m.delta != 0][:MOVERS_SHOWN]
    movers_height = (len(shown) + 1) * (FONT_SIZE + 4) + 8 if movers is not None else 0
    graph_bottom = TOP + layout.depth * FRAME_HEIGHT
    out = _header(title, subtitle, graph_bottom + BOTTOM + movers_height, graph_bottom + 20)
    out += _frames(root, layout)
    if movers is not None:
        out += _movers(shown, unit, graph_bottom + BOTTOM)
    script = resources.files("tracker.profiles").joinpath("flamegraph.js").read_text(encoding="utf-8")
    out += [
        '<script type="text/ecmascript"><![CDATA[',
        script.replace("]]>", "]]]]><![CDATA[>"),
        "]]></script>",
        "</svg>",
    ]
    return "\n".join(out) + "\n"


def _movers(movers: list[Mover], unit: str, top: int) -> list[str]:
    line = FONT_SIZE + 4
    out = [
        f'<text x="{LEFT}" y="{top + line}" style="font-weight:bold">Top movers (share of the run, baseline scaled '
        f"to the candidate's length; red: slower, blue: faster)</text>"
    ]
    for index, mover in enumerate(movers, 2):
        colour = "rgb(190,20,20)" if mover.delta > 0 else "rgb(20,60,190)"
        text = (
            f"{100 * mover.delta:+.2f} points  {mover.name}: self {amount(mover.before, unit)} "
            f"-> {amount(mover.after, unit)}"
        )
        out.append(f'<text x="{LEFT}" y="{top + index * line}" style="fill:{colour}">{_text(text)}</text>')
    return out
