"""The site in a real headless Chromium, opened from file://: no console errors, every test listed,
filters, the chart's points and marks, hostile names shown as text, screenshots."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from tests.dashboard import history
from tests.profiles.browser import open_page, screenshot
from tracker.domain import test_id as id_of

REGRESSED = str(id_of(history.REGRESSED))


def shown(dom: str) -> int:
    found = re.search(r'data-shown="(\d+)"', dom)
    assert found is not None, "the filter script did not run"
    return int(found[1])


def test_the_index_lists_every_test_without_console_errors(site: Path, tmp_path: Path) -> None:
    page = open_page(site / "index.html", tmp_path / "chromium")
    assert page.console == []
    assert shown(page.dom) == len(history.test_names())
    assert re.search(r'data-load-ms="\d+"', page.dom)
    # the hostile names are text: no element came out of them, and their scripts never ran
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.dom
    assert "<img" not in page.dom
    assert page.dom.count("<script") == 1  # static/index.js only: the name's </script><script> is text


def test_filters_follow_the_query(site: Path, tmp_path: Path) -> None:
    profile = tmp_path / "chromium"
    assert shown(open_page(site / "index.html", profile, "q=test_core").dom) == 6
    assert shown(open_page(site / "index.html", profile, "tag=io").dom) == 1
    regressed = open_page(site / "index.html", profile, "regressed=1")
    assert shown(regressed.dom) == 1
    visible = [
        row for row in re.findall(r"<tr(?![^>]*hidden)[^>]*>.*?</tr>", regressed.dom, re.S) if '<th scope="row"' in row
    ]
    assert len(visible) == 1 and history.REGRESSED in visible[0]
    assert shown(open_page(site / "index.html", profile, "q=ONERROR").dom) == 1  # case-insensitive


def test_a_test_page_draws_every_point_its_change_and_releases(site: Path, tmp_path: Path) -> None:
    page = open_page(site / "test.html", tmp_path / "chromium", f"id={REGRESSED}&at={history.STEP_AT}")
    assert page.console == []
    assert 'data-ready="true"' in page.dom and f'data-points="{history.COMMITS}"' in page.dom
    chart = page.dom[page.dom.index('<div id="chart"') : page.dom.index('<div id="tip"')]
    assert chart.count('<circle class="pt"') == history.COMMITS
    assert chart.count('class="change"') == 1 and chart.count('class="release"') == len(history.RELEASES)
    assert '<polygon class="band"' in chart
    # ?at= shows a point as hovering it does: its commit, type, subject and value
    tip = re.search(r'<div id="tip"[^>]*>(.*?)</div>', page.dom, re.S)
    assert tip is not None
    assert history.sha(history.STEP_AT)[:10] in tip[1] and "[feat]" in tip[1]
    assert "read &lt;large&gt; files" in tip[1] and re.search(r"median 1\.(4|5)\d* ms \(spread", tip[1])
    assert f'href="https://github.com/example/project/commit/{history.sha(history.STEP_AT)}"' in page.dom
    assert page.dom.count('<object type="image/svg+xml"') == 2  # the flame graph and its differential


def stored_values(database: str, name: str, sha: str) -> list[float]:
    """The raw values of test NAME at commit SHA, read from the database itself."""
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT samples.value FROM samples JOIN runs ON runs.id = samples.run_id"
            " JOIN commits ON commits.id = runs.commit_id WHERE samples.test_id = ? AND commits.sha = ?",
            (str(id_of(name)), sha),
        ).fetchall()
    return sorted(value for (value,) in rows)


def test_hovering_a_point_shows_that_commits_raw_values(site: Path, generated_db: str, tmp_path: Path) -> None:
    stored = stored_values(generated_db, history.REGRESSED, history.sha(history.STEP_AT))
    assert len(stored) == 5
    page = open_page(site / "test.html", tmp_path / "chromium", f"id={REGRESSED}&at={history.STEP_AT}")
    assert page.console == []
    tip = re.search(r'<div id="tip"[^>]*>(.*?)</div>', page.dom, re.S)
    assert tip is not None
    listed = re.search(r"samples: (.*)", tip[1])
    assert listed is not None
    shown = [float(number) for number in re.findall(r"([\d.]+) ms", listed[1])]
    # four significant digits (half a unit: 0.05% at most) of a value packed to within 0.025%
    assert shown == [pytest.approx(value * 1e3, rel=7.5e-4) for value in stored]
    # the hovered commit's values are marked; every value of the test is a faint dot
    chart = page.dom[page.dom.index('<div id="chart"') : page.dom.index('<div id="tip"')]
    assert chart.count('class="sample picked"') == 5
    assert chart.count('class="sample"') == 5 * history.COMMITS


def test_a_hostile_test_page_shows_its_name_as_text(site: Path, tmp_path: Path) -> None:
    for name in history.HOSTILE[:2]:
        page = open_page(site / "test.html", tmp_path / "chromium", f"id={id_of(name)}")
        assert page.console == []
        assert 'data-ready="true"' in page.dom
        heading = re.search(r'<h1 id="name">(.*?)</h1>', page.dom, re.S)
        assert heading is not None and heading[1].replace("&lt;", "<").replace("&gt;", ">") == name
        assert "<img" not in page.dom


def test_an_unknown_test_id_says_so_without_errors(site: Path, tmp_path: Path) -> None:
    for query in ("id=ffffffff-0000", "id=../../etc/passwd"):
        page = open_page(site / "test.html", tmp_path / "chromium", query)
        assert page.console == []
        assert 'data-ready="missing"' in page.dom and "No such test" in page.dom


def test_screenshots_of_the_index_and_a_test_page(site: Path, tmp_path: Path) -> None:
    for name, page in (("index", site / "index.html"), ("regressions", site / "regressions.html")):
        png = tmp_path / f"{name}.png"
        assert screenshot(page, tmp_path / "chromium", png) == []
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
