"""Profiles: function tables, flame graphs and explanations from stored profiles.

(Profile events are folded into call trees at ingest, by `profiles.aggregate.settle_profile`.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tracker.api.profile_lookup import profiled_run, resolve_test
from tracker.domain import FunctionChange, FunctionStat, ProfileNode, RunInfo, short_commit
from tracker.errors import UsageError
from tracker.profiles.differential import Mover, differential
from tracker.profiles.exports import render_chrome, render_folded, render_speedscope
from tracker.profiles.flametree import build, unit_of
from tracker.profiles.formats import FlameFormat
from tracker.profiles.functions import function_stats, self_time_changes
from tracker.profiles.svg import render_svg
from tracker.reports.output_file import write_output
from tracker.store import Store


@dataclass(frozen=True)
class ProfileReport:
    """The function table of one test in one run."""

    test_id: str
    test_name: str
    run: RunInfo
    functions: tuple[FunctionStat, ...]
    """Slowest first, cut to the requested number of rows."""
    total: float
    """The profile's whole time (sum of self times), in `unit`."""
    unit: str
    function_count: int


@dataclass(frozen=True)
class FlamegraphFile:
    test_id: str
    test_name: str
    run: RunInfo
    baseline: RunInfo | None
    format: FlameFormat
    path: Path
    movers: tuple[Mover, ...] = ()


def profile_functions(store: Store, *, test: str | None, run_ref: str | None, top: int | None) -> ProfileReport:
    test_id, name = resolve_test(store, test, run_ref)
    run = profiled_run(store, run_ref, test_id, name, "--run")
    nodes = store.profile_nodes(run.id, [test_id])[test_id]
    stats = function_stats(nodes)
    return ProfileReport(
        test_id=test_id,
        test_name=name,
        run=run,
        functions=tuple(stats[:top] if top else stats),
        total=sum(node.self_time for node in nodes),
        unit=unit_of(nodes),
        function_count=len(stats),
    )


def write_flamegraph(
    store: Store,
    *,
    test: str | None,
    run_ref: str | None,
    baseline_ref: str | None,
    output: str,
    format: FlameFormat,
) -> FlamegraphFile:
    """Draw the test's profile (or, with BASELINE_REF, its differential SVG) into OUTPUT (a file or a folder/)."""
    if baseline_ref is not None and format is not FlameFormat.SVG:
        raise UsageError("--baseline draws a differential flame graph, which is an SVG: use --format svg")
    test_id, name = resolve_test(store, test, run_ref)
    run = profiled_run(store, run_ref, test_id, name, "--run")
    nodes = store.profile_nodes(run.id, [test_id])[test_id]
    baseline = profiled_run(store, baseline_ref, test_id, name, "--baseline") if baseline_ref else None
    before = store.profile_nodes(baseline.id, [test_id])[test_id] if baseline else []
    if baseline is not None and baseline.id == run.id:
        raise UsageError(f"--baseline and --run name the same run ({run.id}); pick an older --baseline")
    path = output_path(output, test_id, name, format)
    movers: list[Mover] = []
    if format is FlameFormat.SVG:
        if baseline is not None:
            content, movers = _differential_svg(before, nodes, name, baseline, run)
        else:
            content = render_svg(
                build(nodes), title=f"Flame graph: {name}", subtitle=_describe(run), unit=unit_of(nodes)
            )
    elif format is FlameFormat.SPEEDSCOPE:
        content = render_speedscope(nodes, name)
    elif format is FlameFormat.CHROME:
        content = render_chrome(nodes, name)
    else:
        content = render_folded(nodes)
    _write(path, content)
    return FlamegraphFile(test_id, name, run, baseline, format, path, tuple(movers))


def _differential_svg(
    before: Sequence[ProfileNode], after: Sequence[ProfileNode], name: str, baseline: RunInfo, run: RunInfo
) -> tuple[str, list[Mover]]:
    tree, movers = differential(before, after)
    title = f"Differential flame graph: {name}"
    subtitle = f"{_describe(baseline)} -> {_describe(run)}"
    return render_svg(tree, title=title, subtitle=subtitle, unit=unit_of(after), movers=movers), movers


def write_differentials(
    store: Store, *, baseline: RunInfo, candidate: RunInfo, tests: Mapping[str, str], output: str
) -> dict[str, Path]:
    """A differential flame graph for each test (id -> name) profiled in both runs, written into the
    folder OUTPUT (or the folder of the file OUTPUT); the paths by test id."""
    before = store.profile_nodes(baseline.id, list(tests))
    after = store.profile_nodes(candidate.id, list(tests))
    folder = output if output.endswith(("/", "\\")) else f"{Path(output).parent}/"
    written = {}
    for test_id, name in tests.items():
        if test_id in before and test_id in after:
            path = output_path(folder, test_id, f"{name} diff", FlameFormat.SVG)
            _write(path, _differential_svg(before[test_id], after[test_id], name, baseline, candidate)[0])
            written[test_id] = path
    return written


def write_flamegraphs(store: Store, *, run: RunInfo, tests: Mapping[str, str], output: str) -> dict[str, Path]:
    """The flame graph (SVG) of each test (id -> name) profiled in RUN, written into the folder OUTPUT
    (or the folder of the file OUTPUT); the paths by test id."""
    nodes = store.profile_nodes(run.id, list(tests))
    folder = output if output.endswith(("/", "\\")) else f"{Path(output).parent}/"
    written = {}
    for test_id, name in tests.items():
        if test_id in nodes:
            path = output_path(folder, test_id, name, FlameFormat.SVG)
            tree = build(nodes[test_id])
            _write(
                path,
                render_svg(tree, title=f"Flame graph: {name}", subtitle=_describe(run), unit=unit_of(nodes[test_id])),
            )
            written[test_id] = path
    return written


def functions_that_grew(
    store: Store, baseline_run: int, candidate_run: int, test_ids: Sequence[str], top: int = 5
) -> dict[str, tuple[FunctionChange, ...]]:
    """For each test profiled in both runs, the TOP functions whose self time grew most (growth only)."""
    before = store.profile_nodes(baseline_run, test_ids)
    after = store.profile_nodes(candidate_run, test_ids)
    explained = {}
    for test_id in test_ids:
        if test_id in before and test_id in after:
            grew = [change for change in self_time_changes(before[test_id], after[test_id]) if change.change > 0]
            explained[test_id] = tuple(grew[:top])
    return explained


def output_path(output: str, test_id: str, test_name: str, format: FlameFormat) -> Path:
    """OUTPUT as given, or, for a folder (an existing one, or a path ending in /), a file named after the test."""
    path = Path(output).expanduser()
    if output.endswith(("/", "\\")) or path.is_dir():
        slug = _UNSAFE.sub("_", test_name).strip("_")[:60] or "test"
        return path / f"{test_id[:8]}-{slug}{format.extension}"
    return path


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _write(path: Path, content: str) -> None:
    """Whole or not at all, and never replacing a link, FIFO or device (reports.output_file)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"{path}: cannot create its folder ({error.strerror}); pass another --output") from error
    write_output(path, content)


def _describe(run: RunInfo) -> str:
    parts = [f"run {run.id}"]
    if run.commit:
        parts.append(short_commit(run.commit))
    if run.tag:
        parts.append(run.tag)
    return " ".join(parts)
