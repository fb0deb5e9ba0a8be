"""The report's pages and charts in a real headless Chromium."""

from __future__ import annotations

from pathlib import Path

from tests.profiles.browser import open_page, screenshot
from tests.report.trees import html, report, save_releases

PNG = b"\x89PNG\r\n\x1a\n"


def test_the_top_readme_and_a_chart_render_in_chromium(tmp_path: Path) -> None:
    db, out = str(tmp_path / "b.db"), tmp_path / "out"
    releases = [
        (f"v1.{minor}", {"spec/a_spec.lua renders": [0.01 * (1 + minor % 3)], "spec/b_spec.lua too": [0.02]})
        for minor in range(4)
    ]
    save_releases(db, releases)
    assert report(db, out).exit_code == 0
    page = out / "README.html"
    page.write_text(html(out / "README.md"), encoding="utf-8")
    dom = open_page(page, tmp_path / "chromium")
    assert dom.console == []
    assert dom.dom.count("<img") == 3 and "<table>" in dom.dom
    for path in (page, out / "mean.svg"):
        png = tmp_path / f"{path.stem}.png"
        assert screenshot(path, tmp_path / "chromium", png, size="1000,1400") == []
        assert png.read_bytes()[:8] == PNG
