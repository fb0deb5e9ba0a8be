"""`tracker report`: the per-release folder tree, drawn from the database alone."""

from __future__ import annotations

import dataclasses
import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.api.report_releases import ReleaseRuns, group_releases
from tracker.api.report_timings import release_changes, suite_changes, suite_timings, test_timings
from tracker.domain import SILENT, ChangePoint, Direction, Progress, TestInfo
from tracker.parsers.busted_flamegraph import SUITE as BUSTED_SUITE
from tracker.profiles.exports import render_chrome
from tracker.profiles.flametree import build, unit_of
from tracker.profiles.functions import function_stats
from tracker.profiles.svg import render_svg
from tracker.reports import tree
from tracker.reports.tree import ProfileSummary, Report, Section, TableStyle, TestReport
from tracker.stats.changepoints import DetectionSettings
from tracker.store import Store

if TYPE_CHECKING:
    import pandas as pd

WHOLE_SUITE_TESTS = frozenset({BUSTED_SUITE})
"""Tests that stand for a whole suite run: their time is the suite's total, not one more test."""


@dataclass(frozen=True)
class ReportOptions:
    style: TableStyle = TableStyle.GITHUB
    tagged_directories: tuple[str, ...] = ("*",)
    """Globs of the `#tags` that get a folder under tags/."""
    keep_old_tag_directories: bool = False
    keep_temporary_files: bool = False
    detection: DetectionSettings = field(default_factory=DetectionSettings)
    slowest: int = 20
    protected: tuple[Path, ...] = ()
    """Paths the swap must never move (the database file, the working folder)."""


@dataclass(frozen=True)
class ReportResult:
    out: Path
    release: str
    releases: int
    tests: int
    tags: tuple[str, ...]
    carried: tree.Carried
    kept_old_tree: Path | None


def build_report(
    store: Store, out: Path, *, release: str | None = None, options: ReportOptions, progress: Progress = SILENT
) -> ReportResult:
    """Write the tree for RELEASE (default: the newest) into OUT, replacing what tracker wrote there;
    PROGRESS hears of the reading and of each test folder written."""
    progress.stage("reading the runs")
    runs = store.runs()
    releases = group_releases(runs, store.run_environments([run.id for run in runs]), release)
    progress.stage(f"reading {len(releases)} release(s)")
    report, profiled = gather(store, releases, options)
    report = dataclasses.replace(report, by_commit=not any(run.tag for run in runs))
    staging = tree.prepare(out, list(options.protected))
    try:
        progress.stage(f"writing {len(report.everything.tests)} test folder(s)", len(report.everything.tests))
        tree.write_tree(
            staging, report, lambda test: _flame_files(store, test, profiled.get(test.test_id)), progress.advance
        )
    except BaseException:
        if not options.keep_temporary_files:
            tree.discard(staging)
        raise
    carried, kept = tree.swap(
        out,
        staging,
        keep_old_tags=options.keep_old_tag_directories,
        keep_temporary=options.keep_temporary_files,
    )
    tags = tuple(section.tag for section in report.tags if section.tag is not None)
    return ReportResult(out, report.newest.name, len(releases), len(report.everything.tests), tags, carried, kept)


def gather(store: Store, releases: list[ReleaseRuns], options: ReportOptions) -> tuple[Report, dict[str, int]]:
    """The report's values, and for each profiled test the run whose profile it shows."""
    run_ids = [run_id for r in releases for run_id in r.run_ids]
    results = store.results(run_ids)
    timings = test_timings(releases, results, store.samples(run_ids))
    newest = set(releases[-1].run_ids)
    names = [r.release.name for r in releases]
    latest = results[results["run_id"].isin(newest)]
    tests = {info.id: info for info in store.tests()}
    metrics = {(str(row.metric)): (str(row.unit), str(row.direction)) for row in results.itertuples(index=False)}
    chosen = _metric_per_test(latest)
    profiled = _profiled_runs(store, releases[-1].run_ids, list(chosen))
    reports = []
    for test_id, metric in sorted(chosen.items(), key=lambda item: (tests[item[0]].name, item[0])):
        info = tests[test_id]
        unit, _ = metrics[metric]
        reports.append(
            TestReport(
                test_id=test_id,
                name=info.name,
                file=info.file,
                tags=info.tags,
                metric=metric,
                unit=unit,
                timings=tuple(timings.get((test_id, metric), ())),
                profile=_profile_summary(store, test_id, profiled.get(test_id), releases[-1].release.name),
                whole_suite=info.name in WHOLE_SUITE_TESTS,
            )
        )
    found = release_changes(
        [t.timings for t in reports],
        [(t.test_id, t.name, t.metric, t.unit, Direction(metrics[t.metric][1])) for t in reports],
        names,
        options.detection,
    )
    reports = [_with_changes(t, changes) for t, changes in zip(reports, found, strict=True)]
    removed = _removed(results, releases, set(chosen), tests)
    everything = _section(None, reports, names, options, removed)
    tags = sorted({tag for t in reports for tag in t.tags if _wanted(tag, options.tagged_directories)})
    sections = tuple(_section(tag, [t for t in reports if tag in t.tags], names, options, ()) for tag in tags)
    report = Report(
        releases=tuple(r.release for r in releases),
        everything=everything,
        tags=sections,
        style=options.style,
        slowest=options.slowest,
        min_change_pct=options.detection.min_change_pct,
    )
    return report, profiled


def _metric_per_test(latest: pd.DataFrame) -> dict[str, str]:
    """The metric each test of the newest release is reported by: time when it has it, else its first."""
    chosen: dict[str, str] = {}
    for row in latest.itertuples(index=False):
        test_id, metric = str(row.test_id), str(row.metric)
        if test_id not in chosen or metric == "time" or (chosen[test_id] != "time" and metric < chosen[test_id]):
            chosen[test_id] = metric
    return chosen


def _with_changes(test: TestReport, changes: tuple[ChangePoint, ...]) -> TestReport:
    return dataclasses.replace(test, changes=changes)


def _removed(
    results: pd.DataFrame, releases: list[ReleaseRuns], current: set[str], tests: Mapping[str, TestInfo]
) -> tuple[str, ...]:
    """Tests of the previous release that the newest no longer measures."""
    if len(releases) < 2:
        return ()
    before = set(results[results["run_id"].isin(set(releases[-2].run_ids))]["test_id"].astype(str))
    return tuple(sorted(tests[t].name for t in before - current if t in tests))


def _wanted(tag: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(tag, pattern) for pattern in patterns)


def _section(
    tag: str | None, tests: list[TestReport], releases: list[str], options: ReportOptions, removed: tuple[str, ...]
) -> Section:
    suite = suite_timings(tests, releases)
    what = "every test" if tag is None else f"#{tag}"
    return Section(tag, tuple(tests), tuple(suite), suite_changes(suite, what, options.detection), removed)


def _profiled_runs(store: Store, run_ids: Sequence[int], test_ids: list[str]) -> dict[str, int]:
    """For each test, the newest run of the release that holds a profile of it."""
    found: dict[str, int] = {}
    for run_id in run_ids:
        for test_id in store.profiled_tests(run_id):
            found.setdefault(test_id, run_id)
    wanted = set(test_ids)
    return {test_id: run_id for test_id, run_id in found.items() if test_id in wanted}


def _profile_summary(store: Store, test_id: str, run_id: int | None, release: str) -> ProfileSummary | None:
    if run_id is None:
        return None
    nodes = store.profile_nodes(run_id, [test_id]).get(test_id, [])
    if not nodes:
        return None
    return ProfileSummary(release, unit_of(nodes), sum(node.self_time for node in nodes), tuple(function_stats(nodes)))


def _flame_files(store: Store, test: TestReport, run_id: int | None) -> dict[str, str]:
    """flamegraph.json (Chrome Trace Event Format) and flamegraph.svg of the newest profile."""
    if run_id is None or test.profile is None:
        return {}
    nodes = store.profile_nodes(run_id, [test.test_id]).get(test.test_id, [])
    if not nodes:
        return {}
    subtitle = f"release {test.profile.release}"
    return {
        "flamegraph.json": render_chrome(nodes, test.name),
        "flamegraph.svg": render_svg(
            build(nodes), title=f"Flame graph: {test.name}", subtitle=subtitle, unit=unit_of(nodes)
        ),
    }
