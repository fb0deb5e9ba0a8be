"""The history chart: well-formed SVG holding every measured commit and every change point."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.cli.helpers import run
from tests.conftest import DATA
from tracker.domain import ChangeKind, ChangePoint, CommitSummary, HistoryPoint
from tracker.reports.chart_svg import HEIGHT, WIDTH, history_svg

RISINGLIGHT = DATA / "github_action_benchmark" / "risinglightdb__risinglight__data.js"
SVG = "{http://www.w3.org/2000/svg}"


def classed(root: ET.Element, tag: str, name: str) -> list[ET.Element]:
    return [e for e in root.iter(SVG + tag) if name in (e.get("class") or "").split()]


def test_the_chart_of_risinglight_q13_holds_its_sixteen_commits_and_its_regression(
    sqlite_db: str, tmp_path: Path
) -> None:
    assert run("ingest", "--db", sqlite_db, RISINGLIGHT).exit_code == 0
    chart = tmp_path / "q13.svg"
    assert run("history", "--db", sqlite_db, "run-q13", "--svg", chart).exit_code == 0
    root = ET.fromstring(chart.read_text(encoding="utf-8"))  # well-formed XML, or this raises
    assert root.tag == SVG + "svg" and (root.get("width"), root.get("height")) == (str(WIDTH), str(HEIGHT))
    points = classed(root, "circle", "point")
    assert len(points) == 16
    xs = [float(p.get("cx", "nan")) for p in points]
    assert xs == sorted(xs) and all(0 < x < WIDTH for x in xs)
    assert all(0 < float(p.get("cy", "nan")) < HEIGHT for p in points)
    tips = [p.findtext(SVG + "title") or "" for p in points]
    assert tips[10].startswith("1d646b8f69 feat(storage): support vector block (#871)") and tips[10].endswith("ms")
    (line,) = classed(root, "polyline", "level")
    assert len((line.get("points") or "").split()) == 16
    (change,) = classed(root, "g", "change")
    assert "regression" in (change.get("class") or "") and (change.get("data-commit") or "").startswith("1d646b8f69")
    assert change.findtext(SVG + "text") == "+48.9% 1d646b8"
    # The marker sits between the last good commit (index 9) and the first bad one (index 10).
    marker = float(change.find(SVG + "line").get("x1", "nan"))  # type: ignore[union-attr]
    assert xs[9] < marker < xs[10]
    assert len(classed(root, "line", "segment")) == 2
    legend = [e.findtext(SVG + "text") for e in classed(root, "g", "legend")]
    assert legend == ["level per commit", "level between changes", "regression"]  # one value per commit: no band


def commit(i: int, subject: str = "") -> CommitSummary:
    return CommitSummary(sha=hashlib.sha1(str(i).encode()).hexdigest(), subject=subject)


def step(commits: list[CommitSummary], i: int, before: float, after: float) -> ChangePoint:
    worse = ChangeKind.REGRESSION if after > before else ChangeKind.IMPROVEMENT
    pct = (after / before - 1) * 100
    return ChangePoint("id", "t", "time", "s", commits[i], commits[i - 1], before, after, pct, pct, pct, 1e-9, worse)


def test_close_change_points_get_their_own_label_rows_and_the_last_label_stays_inside() -> None:
    commits = [commit(i, 'fix: <escape> & "quote"') for i in range(300)]
    levels = [1e-3 if i < 140 else 1.3e-3 if i < 146 else 1.1e-3 if i < 298 else 1.5e-3 for i in range(300)]
    points = [HistoryPoint(c, v, v, v * 0.97, v * 1.04, 10, 1) for c, v in zip(commits, levels, strict=True)]
    changes = [step(commits, 140, 1e-3, 1.3e-3), step(commits, 146, 1.3e-3, 1.1e-3), step(commits, 298, 1.1e-3, 1.5e-3)]
    root = ET.fromstring(history_svg("t <name> & more", "s", points, changes))
    assert root.findtext(SVG + "title") == "t <name> & more"
    assert len(classed(root, "circle", "point")) == 300
    assert classed(root, "polygon", "spread")
    marks = classed(root, "g", "change")
    assert [m.get("class") for m in marks] == ["change regression", "change improvement", "change regression"]
    labels = [m.find(SVG + "text") for m in marks]
    rows = [float(label.get("y", "nan")) for label in labels if label is not None]
    assert rows[0] != rows[1]  # six commits apart: the second label goes below the first
    last = labels[2]
    assert last is not None and last.get("text-anchor") == "end" and float(last.get("x", "nan")) < WIDTH
    assert "fix: &lt;escape&gt; &amp;" in history_svg("t", "s", points, changes)
