"""The markdown snippet for main: suite charts and the latest releases, linked from the results branch."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from tracker.reports.escaping import escape_markdown
from tracker.reports.table import Align, Column, Table, render_markdown
from tracker.reports.values import format_value

CHARTS = ("median.svg", "mean.svg", "standard_deviation.svg")
_COLUMNS = ("Release", "Date", "Tests", "Total", "Median", "Mean", "Std dev")


def branch_summary(
    suite: Mapping[str, Any], charts: Sequence[str], *, repo: str, branch: str, report: str, rows: int
) -> str:
    """SUITE: the report's `profile.json` (tracker-report-suite/1); CHARTS: the chart files on the branch;
    REPORT: the report folder's path on BRANCH. Images point to the branch by URL: main holds links only."""
    raw = f"https://raw.githubusercontent.com/{repo}/{quote(branch)}/{quote(report)}"
    tree = f"https://github.com/{repo}/tree/{quote(branch)}/{quote(report)}"
    out = ["## Benchmarks", ""]
    for chart in (c for c in CHARTS if c in charts):
        title = chart.removesuffix(".svg").replace("_", " ")
        out.append(f"![{title} per release]({raw}/{quote(chart)})")
    releases = list(suite.get("releases") or [])[::-1][:rows]
    table = Table(
        columns=tuple(Column(title, Align.LEFT if i < 2 else Align.RIGHT) for i, title in enumerate(_COLUMNS)),
        rows=tuple(_row(release, str(suite.get("unit") or "s")) for release in releases),
    )
    out += [
        "",
        render_markdown(table).rstrip("\n"),
        "",
        f"Full report, per test and flame graphs: [{escape_markdown(branch)}]({tree})",
    ]
    return "\n".join(out) + "\n"


def _row(release: Mapping[str, Any], unit: str) -> tuple[str, ...]:
    when = str(release.get("time") or "")[:10]
    values = (format_value(release.get(key), unit) for key in ("total", "median", "mean", "standard_deviation"))
    return (str(release.get("release", "")), when, str(release.get("tests", "")), *values)
