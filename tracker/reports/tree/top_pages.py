"""The tree's top README.md (and each tag's), and the README.md of `by_release/`."""

from __future__ import annotations

from collections.abc import Mapping

from tracker.reports.tree import tables
from tracker.reports.tree.charts import STATISTIC_TITLES, suite_value
from tracker.reports.tree.model import SUITE_STATISTICS, Report, Section, SuiteTiming, TestReport, Timing
from tracker.reports.tree.tables import Cell, Link, left, right, text
from tracker.reports.values import format_percent, format_value


def section_readme(
    report: Report, section: Section, folders: Mapping[str, str], to_tests: str, tags: Mapping[str, str]
) -> str:
    """FOLDERS: test id -> folder name; TO_TESTS: the path from this page to `by_release/`;
    TAGS: tag -> folder under `tags/` (linked from the top page only)."""
    newest, previous = report.newest, report.previous
    what = "every test" if section.tag is None else f"the tests tagged #{section.tag}"
    out = [
        f"# Benchmark report: {text(newest.name)}" + ("" if section.tag is None else f", #{text(section.tag)}"),
        "",
        f"Timings of {text(what)} per release, written by `tracker report` from the benchmark database. "
        "Files tracker made are replaced on each run (folders of tests that no longer exist are removed); "
        "other files are left alone. Lower is better for times.",
        "",
        "## How to read it",
        "",
        f"- [by_release/](by_release/README.md): {_folders_are(section, newest.name)}, named "
        "`{test id}-{name}`: its timing per release (table and chart), its profile (flamegraph.svg, "
        "flamegraph.json for Perfetto, chrome://tracing or speedscope) and profile.json (the same as data).",
        "- The charts below: the mean, median and standard deviation of the tests' median times per release; "
        "dashed lines mark change points.",
        "- [profile.json](profile.json): the numbers of the past runs table, as data.",
    ]
    if tags:
        links = ", ".join(f"[#{text(tag)}](tags/{folder}/README.md)" for tag, folder in sorted(tags.items()))
        out.append(f"- The same per tag: {links}.")
    out += ["", "## Summary", "", *_summary(report, section)]
    out += ["", "## Suite history", ""]
    if section.suite:
        out += [f"![{STATISTIC_TITLES[name]} test time per release]({name}.svg)" for name in SUITE_STATISTICS]
    else:
        out.append("No test is timed in seconds, so there are no suite statistics to chart.")
    out += ["", "## Past runs", "", _past_runs(report, section).rstrip("\n")]
    out += [
        "",
        f"## Slowest tests of {text(newest.name)}",
        "",
        _slowest(report, section, folders, to_tests).rstrip("\n"),
    ]
    if previous is not None:
        out += ["", f"## Changes since {text(previous.name)}", "", *_changes(report, section, folders, to_tests)]
    return "\n".join(out) + "\n"


def _folders_are(section: Section, release: str) -> str:
    if section.tag is None:
        return f"one folder per test of {text(release)}"
    return f"the tests of {text(release)} tagged #{text(section.tag)}, linked to their folders"


def _summary(report: Report, section: Section) -> list[str]:
    newest, previous = report.newest, report.previous
    rows = {row.release: row for row in section.suite}
    when = f" ({newest.time:%Y-%m-%d})" if newest.time else ""
    counted = sum(1 for test in section.tests if not test.whole_suite)
    out = [f"The newest release is {text(newest.name)}{when}, with {counted} test{'' if counted == 1 else 's'}."]
    if report.by_commit:
        out[0] += " No run carries a release tag, so each commit with runs stands in for a release (by its sha)."
    now, before = rows.get(newest.name), rows.get(previous.name) if previous else None
    if previous is None or now is None or before is None:
        return out
    out += ["", f"Compared with {text(previous.name)}:", ""]
    for label, old, new in (
        ("total time", before.total, now.total),
        ("median time", before.median, now.median),
        ("mean time", before.mean, now.mean),
        ("standard deviation", before.stddev, now.stddev),
    ):
        if old is not None and new is not None:
            out.append(f"- {label}: {format_value(old, 's')} -> {format_value(new, 's')} ({_moved(old, new)})")
    return out


def _moved(old: float, new: float) -> str:
    if old == 0:
        return "unchanged" if new == 0 else "new"
    change = 100 * (new - old) / old
    return f"{format_percent(change)}, {'slower' if change > 0 else 'faster' if change < 0 else 'unchanged'}"


def _past_runs(report: Report, section: Section) -> str:
    suite = {row.release: row for row in section.suite}
    columns = [left("Release"), left("Date"), left("Platform"), left("CPU"), left("Versions"), right("Tests")]
    columns += [right(title) for title in ("Total", "Median", "Mean", "StdDev")]
    rows: list[list[Cell]] = []
    for release in reversed(report.releases):
        row: SuiteTiming | None = suite.get(release.name)
        values = [row.total, *(suite_value(row, s) for s in ("median", "mean", "standard_deviation"))] if row else []
        rows.append(
            [
                release.name,
                f"{release.time:%Y-%m-%d}" if release.time else "-",
                release.platform or "-",
                release.cpu or "-",
                release.versions or "-",
                str(row.tests) if row else "0",
                *(format_value(v, "s") for v in values or [None] * 4),
            ]
        )
    return "Newest release first; statistics over the tests' median times.\n\n" + tables.render(
        columns, rows, report.style
    )


def newest_timing(test: TestReport, release: str) -> Timing | None:
    return next((t for t in test.timings if t.release == release), None)


def _slowest(report: Report, section: Section, folders: Mapping[str, str], to_tests: str) -> str:
    name = report.newest.name
    timed = [(t, newest_timing(t, name)) for t in section.tests if not t.whole_suite and t.unit == "s"]
    ranked = sorted(
        ((test, timing) for test, timing in timed if timing is not None and timing.median is not None),
        key=lambda pair: (-(pair[1].median or 0.0), pair[0].name),
    )[: report.slowest]
    columns = [right("#"), left("Test"), right("Median"), right("Mean"), right("n"), right("Change")]
    rows: list[list[Cell]] = []
    for rank, (test, timing) in enumerate(ranked, 1):
        before = newest_timing(test, report.previous.name) if report.previous else None
        change = _percent(before.median if before else None, timing.median)
        link = Link(test.name, f"{to_tests}{folders[test.test_id]}/README.md")
        rows.append(
            [
                str(rank),
                link,
                *(format_value(v, test.unit) for v in (timing.median, timing.mean)),
                str(timing.n),
                change,
            ]
        )
    note = f"The {len(ranked)} slowest by median time, slowest first; the change is against the previous release."
    return note + "\n\n" + tables.render(columns, rows, report.style)


def _percent(old: float | None, new: float | None) -> str:
    if old is None or new is None or old == 0:
        return "-"
    return format_percent(100 * (new - old) / old)


def _changes(report: Report, section: Section, folders: Mapping[str, str], to_tests: str) -> list[str]:
    assert report.previous is not None
    old_name, new_name = report.previous.name, report.newest.name
    moved = []
    added = []
    for test in section.tests:
        if test.whole_suite:
            continue
        old, new = newest_timing(test, old_name), newest_timing(test, new_name)
        if old is None or old.median is None:
            added.append(test)
        elif new is not None and new.median is not None and old.median:
            change = 100 * (new.median - old.median) / old.median
            if abs(change) >= report.min_change_pct:
                moved.append((change, test, old.median, new.median))
    moved.sort(key=lambda item: (-item[0], item[1].name))
    out = [
        f"Tests whose median moved by {report.min_change_pct:g}% or more, slower first "
        "(one release against the other, without a significance test: see the change points of each test)."
    ]
    if moved:
        columns = [left("Test"), right(old_name), right(new_name), right("Change")]
        rows: list[list[Cell]] = [
            [
                Link(t.name, f"{to_tests}{folders[t.test_id]}/README.md"),
                format_value(a, t.unit),
                format_value(b, t.unit),
                format_percent(c),
            ]
            for c, t, a, b in moved
        ]
        out += ["", tables.render(columns, rows, report.style).rstrip("\n")]
    else:
        out += ["", "None."]
    if added:
        out += [
            "",
            "New tests: " + ", ".join(f"[{text(t.name)}]({to_tests}{folders[t.test_id]}/README.md)" for t in added),
        ]
    if section.removed:
        out += ["", "No longer measured (their folders are removed): " + ", ".join(text(n) for n in section.removed)]
    return out


def by_release_readme(report: Report, section: Section, folders: Mapping[str, str], to_tests: str) -> str:
    """The list of test folders with full names; TO_TESTS: the path from this page to the folders."""
    name = report.newest.name
    columns = [left("Test"), left("Folder"), right("Median"), left("Profile")]
    rows: list[list[Cell]] = []
    for test in section.tests:
        timing = newest_timing(test, name)
        folder = folders[test.test_id]
        rows.append(
            [
                test.name,
                Link(folder, f"{to_tests}{folder}/README.md"),
                format_value(timing.median if timing else None, test.unit),
                "yes" if test.profile else "no",
            ]
        )
    what = "" if section.tag is None else f" tagged #{text(section.tag)}"
    out = [
        f"# Tests{what} of {text(name)}",
        "",
        "One folder per test measured in the newest release, named `{test id}-{name}` (the id is the md5 of the "
        "full name as a UUID; the name keeps letters, digits, `.`, `_` and `-`). Each folder holds README.md "
        "(timing per release and profile), timing.svg, profile.json and, when the test has a profile, "
        "flamegraph.svg and flamegraph.json. Folders of tests that are no longer measured are removed.",
        "",
        "[Back to the report](../README.md)",
        "",
        tables.render(columns, rows, report.style).rstrip("\n"),
    ]
    return "\n".join(out) + "\n"
