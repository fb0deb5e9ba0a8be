"""The SVG flame graph in a real headless Chromium: no console errors, search and zoom work."""

from __future__ import annotations

import re
from pathlib import Path

from tests.profiles.browser import open_page, screenshot
from tests.profiles.test_writers import busted_nodes
from tracker.profiles.differential import differential
from tracker.profiles.flametree import build
from tracker.profiles.svg import render_svg


def write(tmp_path: Path, text: str, name: str = "fg.svg") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_harness_sees_console_errors(tmp_path: Path) -> None:
    """A script error must show up, or a clean run would prove nothing."""
    svg = render_svg(build(busted_nodes()), title="broken").replace("(function () {", "(function () { missing();", 1)
    page = open_page(write(tmp_path, svg), tmp_path / "chromium")
    assert any("missing is not defined" in message for message in page.console)


def test_svg_opens_without_console_errors_and_searches(tmp_path: Path) -> None:
    path = write(tmp_path, render_svg(build(busted_nodes()), title="Flame graph"))
    page = open_page(path, tmp_path / "chromium", "s=vim%5C.fn")
    assert page.console == []
    assert 'data-ready="true"' in page.dom
    # vim.fn.join is the one frame matching; the script painted it and counted it
    assert 'data-matches="1"' in page.dom
    assert re.search(r'data-n="vim\.fn\.join"[^>]*>.*?fill="rgb\(230,0,230\)"', page.dom, re.S)
    assert "Matched: " in page.dom


def test_click_zoom_through_the_query(tmp_path: Path) -> None:
    path = write(tmp_path, render_svg(build(busted_nodes()), title="Flame graph"))
    page = open_page(path, tmp_path / "chromium", "zoom=vim.fn.join")
    assert page.console == []
    zoomed = re.search(
        r'<g class="f" data-n="vim\.fn\.join"[^>]*>.*?<rect x="([\d.]+)"[^>]*width="([\d.]+)"', page.dom, re.S
    )
    assert zoomed is not None
    assert (float(zoomed[1]), float(zoomed[2])) == (10.0, 1180.0)  # the zoomed frame spans the whole width
    assert 'style="display: none;"' in page.dom  # frames outside it are hidden


def test_differential_svg_opens_without_console_errors(tmp_path: Path) -> None:
    nodes = busted_nodes()
    tree, movers = differential(nodes, nodes)
    path = write(tmp_path, render_svg(tree, title="Differential", movers=movers))
    assert open_page(path, tmp_path / "chromium").console == []
    png = tmp_path / "fg.png"
    assert screenshot(path, tmp_path / "chromium", png) == []
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
