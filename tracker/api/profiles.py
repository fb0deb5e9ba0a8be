"""Profiles: aggregating a run's profile events at ingest; function tables, flame graphs, explanations."""

from __future__ import annotations

import dataclasses
import fnmatch
import glob
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from tracker.domain import TIME, FunctionChange, FunctionStat, Measurement, ParsedRun, RunInfo
from tracker.errors import UsageError
from tracker.profiles.aggregate import aggregate
from tracker.profiles.differential import Mover, differential
from tracker.profiles.exports import render_chrome, render_folded, render_speedscope
from tracker.profiles.flametree import build, unit_of
from tracker.profiles.functions import function_stats, self_time_changes
from tracker.profiles.svg import render_svg
from tracker.store import Store, open_store


def settle_profile(run: ParsedRun) -> tuple[ParsedRun, tuple[str, ...]]:
    """RUN with its profile events folded into call trees (and timed tests measured); the repairs made."""
    source = run.profile_source
    if source is None:
        return run, ()
    result = aggregate(source, run.source)
    measurements = run.measurements
    if source.timed:
        measured = {m.test.name for m in measurements}
        measurements += tuple(
            Measurement(test=source.tests[test], metric=TIME, values=(duration,))
            for test, duration in result.durations.items()
            if test not in measured
        )
    settled = dataclasses.replace(
        run, measurements=measurements, profiles=run.profiles + result.nodes, profile_source=None
    )
    return settled, (*source.skipped, *result.warnings)


class FlameFormat(StrEnum):
    SVG = "svg"
    SPEEDSCOPE = "speedscope"
    CHROME = "chrome"
    FOLDED = "folded"

    @property
    def extension(self) -> str:
        return {"svg": ".svg", "speedscope": ".speedscope.json", "chrome": ".trace.json", "folded": ".folded"}[self]


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


def profile_functions(*, database: str | None, test: str | None, run_ref: str | None, top: int | None) -> ProfileReport:
    store = open_store(database)
    try:
        test_id, name = resolve_test(store, test, run_ref)
        run = profiled_run(store, run_ref, test_id, name, "--run")
        nodes = store.profile_nodes(run.id, [test_id])[test_id]
    finally:
        store.close()
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
    *,
    database: str | None,
    test: str | None,
    run_ref: str | None,
    baseline_ref: str | None,
    output: str,
    format: FlameFormat,
) -> FlamegraphFile:
    """Draw the test's profile (or, with BASELINE_REF, its differential SVG) into OUTPUT (a file or a folder/)."""
    if baseline_ref is not None and format is not FlameFormat.SVG:
        raise UsageError("--baseline draws a differential flame graph, which is an SVG: use --format svg")
    store = open_store(database)
    try:
        test_id, name = resolve_test(store, test, run_ref)
        run = profiled_run(store, run_ref, test_id, name, "--run")
        nodes = store.profile_nodes(run.id, [test_id])[test_id]
        baseline = profiled_run(store, baseline_ref, test_id, name, "--baseline") if baseline_ref else None
        before = store.profile_nodes(baseline.id, [test_id])[test_id] if baseline else []
    finally:
        store.close()
    if baseline is not None and baseline.id == run.id:
        raise UsageError(f"--baseline and --run name the same run ({run.id}); pick an older --baseline")
    path = output_path(output, test_id, name, format)
    movers: list[Mover] = []
    if format is FlameFormat.SVG:
        if baseline is not None:
            tree, movers = differential(before, nodes)
            title = f"Differential flame graph: {name}"
            subtitle = f"{_describe(baseline)} -> {_describe(run)}"
            content = render_svg(tree, title=title, subtitle=subtitle, unit=unit_of(nodes), movers=movers)
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


def explain(
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
    """Written beside the target and renamed over it, so a reader never sees half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.partial")
        partial.write_text(content, encoding="utf-8")
        partial.replace(path)
    except OSError as error:
        raise UsageError(f"{path}: cannot write the flame graph ({error.strerror}); pass another --output") from error


def _describe(run: RunInfo) -> str:
    parts = [f"run {run.id}"]
    if run.commit:
        parts.append(run.commit[:10])
    if run.tag:
        parts.append(run.tag)
    return " ".join(parts)


def resolve_test(store: Store, text: str | None, run_ref: str | None = None) -> tuple[str, str]:
    """The test TEXT names: an id, a full name, a glob or a unique substring; among profiled tests first.
    None: the test with the largest profile in the run (the newest run with a profile when no --run)."""
    tests = {info.id: info.name for info in store.tests()}
    if text is None:
        run = store.run(run_ref) if run_ref else None
        if run_ref and run is None:
            raise UsageError(f"no run matches {run_ref!r} (--run takes a run id, a commit sha or a tag)")
        sizes = store.profiled_tests(run.id if run else _newest_profiled_run(store))
        if not sizes:
            raise UsageError("no profiles stored; ingest a trace, speedscope or folded file first (tracker formats)")
        test_id = max(sizes, key=lambda key: (sizes[key], key))
        return test_id, tests.get(test_id, test_id)
    profiled = store.profiled_tests()
    for matcher in (_by_id, _by_name, _by_glob, _by_substring, _by_substring_any_case):
        found = matcher(tests, text)
        if len(found) > 1:
            found = [test_id for test_id in found if test_id in profiled] or found
        if len(found) == 1:
            return found[0], tests[found[0]]
        if len(found) > 1:
            shown = "\n  ".join(sorted(tests[t] for t in found)[:10])
            raise UsageError(f"{text!r} matches {len(found)} tests; give more of the name or the id:\n  {shown}")
    raise UsageError(f"no test matches {text!r}; `tracker tests` lists the ids and names")


def _by_id(tests: dict[str, str], text: str) -> list[str]:
    return [text] if text in tests else [t for t in tests if len(text) >= 8 and t.startswith(text.lower())]


def _by_name(tests: dict[str, str], text: str) -> list[str]:
    return [t for t, name in tests.items() if name == text]


def _by_glob(tests: dict[str, str], text: str) -> list[str]:
    return [t for t, name in tests.items() if fnmatch.fnmatchcase(name, text)] if glob.has_magic(text) else []


def _by_substring(tests: dict[str, str], text: str) -> list[str]:
    return [t for t, name in tests.items() if text in name]


def _by_substring_any_case(tests: dict[str, str], text: str) -> list[str]:
    return [t for t, name in tests.items() if text.casefold() in name.casefold()]


def _newest_profiled_run(store: Store) -> int | None:
    newest = [store.profiled_run_ids(test_id)[:1] for test_id in store.profiled_tests()]
    runs = {run.id: index for index, run in enumerate(store.runs())}
    ids = [ids[0] for ids in newest if ids]
    return min(ids, key=lambda run_id: runs.get(run_id, len(runs))) if ids else None


def profiled_run(store: Store, ref: str | None, test_id: str, name: str, flag: str) -> RunInfo:
    """The run REF names (by default the newest holding a profile of the test), which must hold one."""
    having = store.profiled_run_ids(test_id)
    if not having:
        raise UsageError(f"no run holds a profile of {name!r}; ingest a profile of it first")
    run = store.run(ref) if ref else store.run(str(having[0]))
    if run is None:
        raise UsageError(f"no run matches {ref!r} ({flag} takes a run id, a commit sha or a tag)")
    if run.id not in having:
        runs = ", ".join(str(r) for r in having[:10])
        raise UsageError(f"run {run.id} holds no profile of {name!r}; runs that do: {runs} (pass one with {flag})")
    return run
