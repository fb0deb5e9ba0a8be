"""The dashboard's HTML pages. Every name and subject goes through `text` (escaped, control
characters replaced), and the index table is complete without JavaScript."""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Sequence

from tracker.domain import ChangePoint, CommitSummary
from tracker.reports.dashboard.model import Dashboard, TestSeries
from tracker.reports.values import format_percent, format_value

SPARK_HEIGHT, SPARK_POINTS = 24, 60
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


def text(value: str) -> str:
    """VALUE as HTML text or attribute value: escaped, control characters shown as U+FFFD."""
    return html.escape(_CONTROL.sub("\ufffd", value), quote=True)


def layout(title: str, active: str, body: str, scripts: Sequence[str] = ()) -> str:
    links = [("index.html", "Tests"), ("regressions.html", "Regressions")]
    current = ' aria-current="page"'
    nav = "".join(f'<a href="{href}"{current if href == active else ""}>{label}</a>' for href, label in links)
    tags = "".join(f'<script src="{src}"></script>' for src in scripts)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f"<title>{text(title)}</title>\n"
        '<link rel="stylesheet" href="static/dashboard.css">\n</head>\n<body>\n'
        '<a class="skip" href="#main">Skip to content</a>\n'
        f'<header><span class="brand">tracker</span><nav aria-label="Pages">{nav}</nav></header>\n'
        f'<main id="main">\n{body}\n</main>\n{tags}\n</body>\n</html>\n'
    )


def commit_link(commit: CommitSummary, repo_url: str | None) -> str:
    short = text(commit.sha[:10])
    if not repo_url:
        return f"<code>{short}</code>"
    return f'<a href="{text(repo_url.rstrip("/"))}/commit/{text(commit.sha)}"><code>{short}</code></a>'


def index_page(dashboard: Dashboard) -> str:
    tags = sorted({tag for s in dashboard.series for tag in s.tags})
    options = "".join(f'<option value="{text(t)}">{text(t)}</option>' for t in tags)
    rows = "\n".join(_row(s) for s in dashboard.series)
    regressed = sum(1 for s in dashboard.series if s.open_regression is not None)
    branch = text(dashboard.branch or "(no branch)")
    body = f"""<h1>Benchmarks on {branch}</h1>
<p class="summary">{len(dashboard.series)} series over {len(dashboard.commits)} commits;
<a href="regressions.html">{regressed} with an open regression</a>.</p>
<form class="filters" role="search" hidden>
<label>Name <input type="search" name="q" autocomplete="off"></label>
<label>Tag <select name="tag"><option value="">any</option>{options}</select></label>
<label><input type="checkbox" name="regressed" value="1"> regressed only</label>
<output name="count" aria-live="polite"></output>
</form>
<table class="tests" role="table">
<thead role="rowgroup"><tr role="row"><th scope="col" role="columnheader">Test</th>
<th scope="col" role="columnheader">Tags</th><th scope="col" role="columnheader">History</th>
<th scope="col" class="num" role="columnheader">Current</th>
<th scope="col" class="num" role="columnheader">Since release</th>
<th scope="col" role="columnheader">Open regression</th></tr></thead>
<tbody role="rowgroup">
{rows}
</tbody>
</table>"""
    return layout(f"Benchmarks on {dashboard.branch or '(no branch)'}", "index.html", body, ["static/index.js"])


def _row(s: TestSeries) -> str:
    name = text(s.name) + ("" if s.metric == "time" else f" <small>({text(s.metric)})</small>")
    tags = " ".join(f'<span class="tag">{text(t)}</span>' for t in s.tags)
    attributes = f' data-tags="{text(" ".join(s.tags))}"' + (' data-regressed="1"' if s.open_regression else "")
    regression = ""
    if s.open_regression is not None:
        change = s.open_regression
        percent = f'<span class="worse">{format_percent(change.change_pct)}</span>'
        regression = f"{percent} at <code>{text(change.commit.sha[:7])}</code>"
    # roles: the rows are laid out as grids (see dashboard.css), which would hide that they are a table's
    return (
        f'<tr role="row"{attributes}><th scope="row" role="rowheader">'
        f'<a href="test.html?id={text(s.key)}">{name}</a></th>'
        f'<td role="cell">{tags}</td><td role="cell">{sparkline(s)}</td>'
        f'<td class="num" role="cell">{text(format_value(s.values[-1] if s.values else None, s.unit))}</td>'
        f'<td class="num" role="cell">{_since_release(s)}</td><td role="cell">{regression}</td></tr>'
    )


def _since_release(s: TestSeries) -> str:
    if not s.positions:
        return ""
    earlier = [r for r in s.releases if r.position < s.positions[-1]]
    if not earlier:
        return '<span class="none">-</span>'
    release = earlier[-1]
    before, now = s.values[s.positions.index(release.position)], s.values[-1]
    if before == 0:
        return '<span class="none">-</span>'
    change = (now - before) / abs(before) * 100
    worse = change > 0 if s.lower_is_better else change < 0
    kind = "worse" if worse and abs(change) >= 1 else "better" if abs(change) >= 1 else "same"
    return f'<span class="{kind}">{format_percent(change)}</span> <small>vs {text(release.tag)}</small>'


def sparkline(s: TestSeries) -> str:
    """The series as a small inline SVG (at most `SPARK_POINTS` points, evenly picked): one path of
    whole-number steps in a box one unit per point, stretched to size by CSS (a few bytes a point:
    2,000 rows stay small to send and quick to parse)."""
    values = s.values
    if len(values) > SPARK_POINTS:
        picks = [round(i * (len(values) - 1) / (SPARK_POINTS - 1)) for i in range(SPARK_POINTS)]
        values = tuple(values[i] for i in picks)
    if not values:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    heights = [round(SPARK_HEIGHT - 2 - (v - low) / span * (SPARK_HEIGHT - 4)) for v in values]
    steps = "".join(f" 1{'' if b - a < 0 else ' '}{b - a}" for a, b in itertools.pairwise(heights))
    path = f"M0 {heights[0]}" + (f"l{steps[1:]}" if steps else "h1")
    kind = "spark worse" if s.open_regression else "spark"
    return (
        f'<svg class="{kind}" viewBox="0 0 {max(1, len(values) - 1)} {SPARK_HEIGHT}" preserveAspectRatio="none"'
        f' role="img" aria-label="trend over {len(s.values)} commits"><path d="{path}"/></svg>'
    )


def regressions_page(dashboard: Dashboard, keys: dict[str, str]) -> str:
    """KEYS: test id and metric -> the series key its page is found by."""
    if dashboard.regressions:
        rows = "\n".join(_regression_row(c, keys, dashboard.repo_url) for c in dashboard.regressions)
        table = f"""<table class="regressions">
<thead><tr><th scope="col">Commit</th><th scope="col">Subject</th><th scope="col">Test</th>
<th scope="col" class="num">Change</th><th scope="col" class="num">Before</th>
<th scope="col" class="num">After</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>"""
    else:
        table = (
            "<p>No open regressions: every regression found was undone by a later improvement, or there is none.</p>"
        )
    body = f"""<h1>Open regressions on {text(dashboard.branch or "(no branch)")}</h1>
<p class="summary">Change points that made a test worse and that it has not recovered from (its level now is
still worse than before by half the step or more), newest first.</p>
{table}"""
    return layout("Open regressions", "regressions.html", body)


def _regression_row(change: ChangePoint, keys: dict[str, str], repo_url: str | None) -> str:
    commit = change.commit
    kind = f'<span class="type">{text(commit.type)}</span> ' if commit.type else ""
    key = keys.get(f"{change.test_id}\n{change.metric}", change.test_id)
    return (
        f"<tr><td>{commit_link(commit, repo_url)}</td><td>{kind}{text(commit.subject)}</td>"
        f'<th scope="row"><a href="test.html?id={text(key)}">{text(change.test_name)}</a></th>'
        f'<td class="num worse">{format_percent(change.change_pct)}</td>'
        f'<td class="num">{text(format_value(change.before, change.unit))}</td>'
        f'<td class="num">{text(format_value(change.after, change.unit))}</td></tr>'
    )


def test_page(repo_url: str | None) -> str:
    """The page of one test, filled by script from its data file (`test.html?id=KEY`)."""
    body = f"""<h1 id="name">Test</h1>
<noscript><p>This page draws its chart with JavaScript;
the <a href="index.html">index</a> works without it.</p></noscript>
<p id="meta" class="summary"></p>
<section aria-labelledby="history-title"><h2 id="history-title">History</h2>
<p class="hint">Hover a point, or focus the chart and use the arrow keys; click or Enter opens the commit.</p>
<div id="chart" class="chart" data-repo="{text(repo_url.rstrip("/") if repo_url else "")}"></div>
<div id="tip" class="tip" role="status" aria-live="polite"></div></section>
<section aria-labelledby="changes-title"><h2 id="changes-title">Change points</h2><div id="changes"></div></section>
<section aria-labelledby="releases-title"><h2 id="releases-title">Releases</h2><div id="releases"></div></section>
<section aria-labelledby="flame-title" id="flames" hidden><h2 id="flame-title">Flame graph</h2>
<div id="flame"></div></section>"""
    return layout("Test", "", body, ["static/test.js", "data/commits.js"])
