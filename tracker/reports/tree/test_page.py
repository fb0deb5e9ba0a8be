"""A test folder's README.md: what the folder holds, the full name, timing per release, profile."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tracker.reports.escaping import escape_text
from tracker.reports.tree import tables
from tracker.reports.tree.model import Release, TableStyle, TestReport
from tracker.reports.tree.tables import Link, left, right, text
from tracker.reports.values import format_percent, format_value

PROFILE_ROWS = 50
"""Functions listed in the README; profile.json holds them all."""
FILE_NOTES = {
    "flamegraph.svg": "the newest profile as a flame graph: open it in a browser to zoom and search",
    "flamegraph.json": "the same profile in Chrome Trace Event Format, for Perfetto, chrome://tracing or speedscope",
    "profile.json": "timing statistics per release and the time per function, as data (schema: tracker's docs)",
    "timing.svg": "the chart below",
}


def test_readme(test: TestReport, releases: Sequence[Release], files: Sequence[str], style: TableStyle) -> str:
    """FILES: the other files of the folder (only those are linked)."""
    out = [
        f"# {text(test.name)}",
        "",
        "This folder is written by `tracker report` from the benchmark database and replaced on each run.",
        "",
        "Full test name:",
        "",
        *_verbatim(test.name),
        "",
        f"Test id: {test.test_id} (the md5 of the full name as a UUID). Metric: {text(test.metric)}, lower is better."
        if test.metric == "time"
        else f"Test id: {test.test_id} (the md5 of the full name as a UUID). Metric: {text(test.metric)}.",
    ]
    if test.tags:
        out += ["", "Tags: " + ", ".join(text(f"#{tag}") for tag in test.tags)]
    out += ["", "Files:", ""]
    out += [f"- [{name}]({name}): {FILE_NOTES[name]}" for name in sorted(files) if name in FILE_NOTES]
    out += ["- [all tests](../README.md), [the report](../../README.md)"]
    out += ["", "## Timing per release", ""]
    if "timing.svg" in files:
        out += [f"![median {text(test.metric)} per release](timing.svg)", ""]
    out.append(_timing_table(test, releases, style).rstrip("\n"))
    out += _changes(test)
    out += _profile(test, style)
    return "\n".join(out) + "\n"


def _verbatim(value: str) -> list[str]:
    shown = escape_text(value)
    longest = max((len(run) for run in re.findall(r"`+", shown)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}text", shown, fence]


def _timing_table(test: TestReport, releases: Sequence[Release], style: TableStyle) -> str:
    dates = {r.name: r.time.strftime("%Y-%m-%d") if r.time else "-" for r in releases}
    unit = test.unit
    columns = [left("Release"), left("Date"), right("n")]
    columns += [right(title) for title in ("Min", "Median", "Mean", "StdDev", "Total")]
    rows = [
        [
            t.release,
            dates.get(t.release, "-"),
            str(t.n),
            *(format_value(v, unit) for v in (t.min, t.median, t.mean, t.stddev, t.total)),
        ]
        for t in reversed(test.timings)
    ]
    return "Newest release first.\n\n" + tables.render(columns, rows, style)


def _changes(test: TestReport) -> list[str]:
    out = ["", "### Change points", ""]
    if not test.changes:
        return [*out, "None found (a change point needs at least three releases on each side of it)."]
    for change in test.changes:
        out.append(
            f"- {text(change.previous_commit.sha)} -> {text(change.commit.sha)}: "
            f"{format_value(change.before, test.unit)} -> {format_value(change.after, test.unit)} "
            f"({format_percent(change.change_pct)}, a {change.direction.value})"
        )
    return out


def _profile(test: TestReport, style: TableStyle) -> list[str]:
    profile = test.profile
    if profile is None:
        return ["", "## Profile", "", "No profile of this test is stored."]
    shown = profile.functions[:PROFILE_ROWS]
    unit = profile.unit
    columns = [right("Count"), right("Total-Time"), right("Self-Time"), right("Self %"), left("Name")]
    rows: list[list[tables.Cell]] = [
        [
            str(f.calls),
            format_value(f.total, unit),
            format_value(f.self_time, unit),
            f"{100 * f.self_share:.1f}%",
            f.name,
        ]
        for f in shown
    ]
    out = ["", f"## Profile of {text(profile.release)}", ""]
    out.append(
        f"Whole profile: {format_value(profile.total, unit)}; {len(profile.functions)} functions, "
        "slowest (largest total time) first."
        + (
            f" The first {PROFILE_ROWS} are listed; profile.json holds them all."
            if len(shown) < len(profile.functions)
            else ""
        )
    )
    out += ["", tables.render(columns, rows, style).rstrip("\n")]
    return out


__all__ = ["Link", "test_readme"]
