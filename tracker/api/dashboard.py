"""The static dashboard: every test's history, its releases, open regressions and flame graphs."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

from tracker.api.changes import DetectionSettings, History, Series, change_point, detect, load_history
from tracker.api.dashboard_samples import CommitSamples, commit_samples
from tracker.domain import ChangeKind, ChangePoint, Direction, RunInfo
from tracker.errors import UsageError
from tracker.profiles.differential import differential
from tracker.profiles.flametree import build, unit_of
from tracker.profiles.svg import render_svg
from tracker.reports.dashboard import SiteSummary, write_site
from tracker.reports.dashboard.model import Dashboard, Flame, Release, TestSeries
from tracker.store import Store


def build_dashboard(
    store: Store,
    *,
    branch: str | None = None,
    repo_url: str | None = None,
    settings: DetectionSettings = DetectionSettings(),
) -> Dashboard:
    """Gather what the dashboard shows of BRANCH (default: the newest run's)."""
    if repo_url is not None and not repo_url.startswith(("https://", "http://")):
        raise UsageError(f"--repo-url {repo_url!r} is not a web address; pass https://github.com/OWNER/REPO")
    history = load_history(store, branch)
    runs = store.runs()
    releases = _releases(history, [run for run in runs if history.branch is None or run.branch == history.branch])
    tags = {test.id: test.tags for test in store.tests()}
    flames = _flames(store, runs, history.tests)
    samples = commit_samples(store, history)
    series = []
    for one, steps in zip(history.series, detect(history, settings), strict=True):
        changes = tuple(change_point(history, one, step).change for step in steps)
        drawn = _series(one, changes, releases, tags.get(one.test_id, ()), flames.get(one.test_id))
        series.append(_with_samples(drawn, samples.get((one.test_id, one.metric))))
    position = {commit.sha: i for i, commit in enumerate(history.refs)}
    regressions = [change for s in series for change in s.open_regressions]
    regressions.sort(key=lambda c: (-position[c.commit.sha], -abs(c.change_pct), c.test_name))
    return Dashboard(history.branch, tuple(history.refs), tuple(series), tuple(regressions), repo_url)


def write_dashboard(
    store: Store,
    *,
    out: Path,
    branch: str | None = None,
    repo_url: str | None = None,
    settings: DetectionSettings = DetectionSettings(),
) -> SiteSummary:
    """Build the dashboard of BRANCH and write it as a static site into the folder OUT (swapped in whole)."""
    return write_site(build_dashboard(store, branch=branch, repo_url=repo_url, settings=settings), out)


def _releases(history: History, runs: list[RunInfo]) -> dict[int, str]:
    """Commit position -> release tag, for the tagged runs of the branch (the newest tag of a commit wins)."""
    position = {commit.sha: i for i, commit in enumerate(history.refs)}
    found: dict[int, str] = {}
    for run in reversed(runs):  # oldest first, so a newer tag of the same commit replaces an older one
        if run.tag and run.commit in position:
            found[position[run.commit]] = run.tag
    return found


def _series(
    one: Series, changes: tuple[ChangePoint, ...], releases: dict[int, str], tags: tuple[str, ...], flame: Flame | None
) -> TestSeries:
    positions = tuple(int(p) for p in one.position)
    values = tuple(_value(one.median[i], one.level[i]) for i in range(len(positions)))
    return TestSeries(
        test_id=one.test_id,
        name=one.test_name,
        tags=tuple(tags),
        metric=one.metric,
        unit=one.unit,
        lower_is_better=one.direction is Direction.LOWER_IS_BETTER,
        positions=positions,
        values=values,
        low=tuple(_optional(v) for v in one.low),
        high=tuple(_optional(v) for v in one.high),
        samples=tuple(int(n) for n in one.samples),
        changes=changes,
        releases=tuple(Release(releases[p], p) for p in positions if p in releases),
        open_regressions=_open_regressions(changes),
        flame=flame if one.metric == "time" else None,
    )


def _with_samples(series: TestSeries, samples: CommitSamples | None) -> TestSeries:
    if samples is None:
        return series
    return replace(series, sample_counts=samples[0], sample_values=samples[1])


def _open_regressions(changes: tuple[ChangePoint, ...]) -> tuple[ChangePoint, ...]:
    """The regressions among CHANGES (oldest first) that the test has not recovered from: its level
    now (after its last change) is still worse than before the regression by half its step or more."""
    if not changes:
        return ()
    now = changes[-1].after
    still = []
    for change in changes:
        if change.direction is ChangeKind.REGRESSION and change.before:
            remaining = (now / change.before - 1) * 100
            if remaining / change.change_pct >= 0.5:
                still.append(change)
    return tuple(still)


def _value(median: float, level: float) -> float:
    return float(level) if math.isnan(float(median)) else float(median)


def _optional(value: float) -> float | None:
    return None if math.isnan(float(value)) else float(value)


def _flames(store: Store, runs: list[RunInfo], names: dict[str, str]) -> dict[str, Flame]:
    """Per profiled test: the flame graph of its newest profiled run (of any branch: profiles are often
    ingested apart from the timings) and the differential
    against its newest older profiled release (else its previous profiled run)."""
    info = {run.id: run for run in runs}
    flames = {}
    for test_id in store.profiled_tests():
        ids = [run_id for run_id in store.profiled_run_ids(test_id) if run_id in info]
        if ids:
            older = [info[i] for i in ids[1:]]
            flames[test_id] = _flame(store, test_id, names.get(test_id, test_id), info[ids[0]], older)
    return flames


def _flame(store: Store, test_id: str, name: str, newest: RunInfo, older: list[RunInfo]) -> Flame:
    nodes = store.profile_nodes(newest.id, [test_id])[test_id]
    title = f"Flame graph: {name}"
    subtitle = f"run {newest.id}" + (f" ({newest.tag})" if newest.tag else "")
    svg = render_svg(build(nodes), title=title, subtitle=subtitle, unit=unit_of(nodes))
    baseline = next((run for run in older if run.tag), older[0] if older else None)
    if baseline is None:
        return Flame(svg, None, "")
    before = store.profile_nodes(baseline.id, [test_id]).get(test_id, [])
    tree, movers = differential(before, nodes)
    against = f"release {baseline.tag}" if baseline.tag else f"run {baseline.id}"
    diff = render_svg(
        tree,
        title=f"Differential flame graph: {name}",
        subtitle=f"{against} -> {subtitle}",
        unit=unit_of(nodes),
        movers=movers,
    )
    return Flame(svg, diff, against)
