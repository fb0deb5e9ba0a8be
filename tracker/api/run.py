"""Run a tool with tracker's collector, then ingest what it wrote (or only write it with --output)."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tracker.api.ingest import IngestReport, Origin, ingest
from tracker.integrations.busted import HANDLER
from tracker.runners import busted as busted_runner
from tracker.runners import command as command_runner
from tracker.runners import pytest as pytest_runner
from tracker.runners.repeats import Keep, keep_samples
from tracker.store import Store


@dataclass(frozen=True)
class RunReport:
    argv: tuple[str, ...]
    exit_code: int
    """The tool's own exit code (busted: the number of failed and errored tests)."""
    statuses: dict[str, int]
    """How many tests ended in each status."""
    written: Path | None
    """The results file, when asked to write it instead of ingesting it."""
    ingested: IngestReport | None


def run_busted(
    call: busted_runner.BustedCall,
    *,
    store: Store,
    keep: Keep = Keep.ALL,
    origin: Origin = Origin(),
    output: Path | None = None,
    cwd: Path | None = None,
) -> RunReport:
    """Run busted in CWD with tracker's handler; ingest its results unless OUTPUT is given."""
    where = cwd or Path.cwd()
    with tempfile.TemporaryDirectory(prefix="tracker-busted-") as folder:
        raw = Path(folder) / "results.json"
        outcome = busted_runner.run(call, HANDLER, raw, where)
        document = keep_samples(json.loads(raw.read_text(encoding="utf-8")), keep)
        return _deliver(document, outcome.argv, outcome.exit_code, store, origin, output, where)


def _deliver(
    document: dict[str, object],
    argv: tuple[str, ...],
    exit_code: int,
    store: Store,
    origin: Origin,
    output: Path | None,
    cwd: Path,
) -> RunReport:
    """Write DOCUMENT to OUTPUT (whole or not at all), or ingest it as tracker JSON."""
    statuses = _statuses(document)
    if output is not None:
        _write_whole(output, document)
        return RunReport(argv, exit_code, statuses, written=output, ingested=None)
    with tempfile.TemporaryDirectory(prefix="tracker-run-") as folder:
        results = Path(folder) / "results.json"
        results.write_text(json.dumps(document), encoding="utf-8")
        report = ingest(store, [str(results)], format_name="tracker-json", origin=origin, cwd=cwd)
    return RunReport(argv, exit_code, statuses, written=None, ingested=report)


def _statuses(document: dict[str, object]) -> dict[str, int]:
    """How many tests ended in each status (a test with several metrics counts once)."""
    by_test: dict[str, str] = {}
    runs = document.get("runs")
    for run in runs if isinstance(runs, list) else []:
        for result in run.get("results", []):
            by_test[result["test"]] = result["status"]
    counts: dict[str, int] = {}
    for status in by_test.values():
        counts[status] = counts.get(status, 0) + 1
    return counts


def _write_whole(path: Path, document: dict[str, object]) -> None:
    """Written beside the target and renamed into place: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(document, ensure_ascii=False) + "\n", encoding="utf-8")
    partial.replace(path)


def run_pytest(
    call: pytest_runner.PytestCall,
    *,
    store: Store,
    keep: Keep = Keep.ALL,
    origin: Origin = Origin(),
    output: Path | None = None,
    cwd: Path | None = None,
) -> RunReport:
    """Run pytest in CWD with tracker's plugin; ingest its results unless OUTPUT is given."""
    where = cwd or Path.cwd()
    with tempfile.TemporaryDirectory(prefix="tracker-pytest-") as folder:
        raw = Path(folder) / "results.json"
        exit_code, argv = pytest_runner.run(call, raw, where)
        document = keep_samples(json.loads(raw.read_text(encoding="utf-8")), keep)
        return _deliver(document, argv, exit_code, store, origin, output, where)


def run_command(
    call: command_runner.CommandCall,
    *,
    store: Store,
    keep: Keep = Keep.ALL,
    origin: Origin = Origin(),
    output: Path | None = None,
    cwd: Path | None = None,
) -> RunReport:
    """Time CALL's command in CWD; ingest the timings unless OUTPUT is given."""
    where = cwd or Path.cwd()
    document, measured = command_runner.time_command(call, where)
    exit_code = next((m.exit_code for m in measured if m.exit_code != 0), 0)
    return _deliver(keep_samples(document, keep), call.argv, exit_code, store, origin, output, where)
