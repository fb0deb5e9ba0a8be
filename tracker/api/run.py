"""Run a tool with tracker's collector, then ingest what it wrote (or only write it with --output)."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


@dataclass(frozen=True)
class Delivery:
    """Where a run's results go: ingested into STORE, or only written to OUTPUT; which repeats are kept."""

    store: Store
    keep: Keep = Keep.ALL
    origin: Origin = field(default_factory=Origin)
    output: Path | None = None
    cwd: Path | None = None

    @property
    def where(self) -> Path:
        return self.cwd or Path.cwd()


def run_busted(call: busted_runner.BustedCall, delivery: Delivery) -> RunReport:
    """Run busted with tracker's handler; ingest its results unless an output file is given."""
    with tempfile.TemporaryDirectory(prefix="tracker-busted-") as folder:
        raw = Path(folder) / "results.json"
        outcome = busted_runner.run(call, HANDLER, raw, delivery.where)
        return _deliver(json.loads(raw.read_text(encoding="utf-8")), outcome.argv, outcome.exit_code, delivery)


def _deliver(document: dict[str, object], argv: tuple[str, ...], exit_code: int, delivery: Delivery) -> RunReport:
    """Keep the chosen repeats of DOCUMENT, then write it to the output file (whole or not at all) or
    ingest it as tracker JSON."""
    document = keep_samples(document, delivery.keep)
    statuses = _statuses(document)
    if delivery.output is not None:
        _write_whole(delivery.output, document)
        return RunReport(argv, exit_code, statuses, written=delivery.output, ingested=None)
    with tempfile.TemporaryDirectory(prefix="tracker-run-") as folder:
        results = Path(folder) / "results.json"
        results.write_text(json.dumps(document), encoding="utf-8")
        report = ingest(
            delivery.store, [str(results)], format_name="tracker-json", origin=delivery.origin, cwd=delivery.where
        )
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
    """Whole or not at all, never replacing a link, FIFO or device (reports.output_file)."""
    from tracker.reports.output_file import write_output

    path.parent.mkdir(parents=True, exist_ok=True)
    write_output(path, json.dumps(document, ensure_ascii=False) + "\n")


def run_pytest(call: pytest_runner.PytestCall, delivery: Delivery) -> RunReport:
    """Run pytest with tracker's plugin; ingest its results unless an output file is given."""
    with tempfile.TemporaryDirectory(prefix="tracker-pytest-") as folder:
        raw = Path(folder) / "results.json"
        exit_code, argv = pytest_runner.run(call, raw, delivery.where)
        return _deliver(json.loads(raw.read_text(encoding="utf-8")), argv, exit_code, delivery)


def run_command(call: command_runner.CommandCall, delivery: Delivery) -> RunReport:
    """Time CALL's command; ingest the timings unless an output file is given."""
    document, measured = command_runner.time_command(call, delivery.where)
    exit_code = next((m.exit_code for m in measured if m.exit_code != 0), 0)
    return _deliver(document, call.argv, exit_code, delivery)


def busted_reruns(call: busted_runner.BustedCall, delivery: Delivery) -> Callable[..., dict[str, Any]]:
    """Re-runs of some of CALL's tests only (`--filter`), for `tracker.api.confirm`: their tracker JSON."""

    def rerun(names: Sequence[str], files: Mapping[str, str | None]) -> dict[str, Any]:
        with tempfile.TemporaryDirectory(prefix="tracker-busted-") as folder:
            raw = Path(folder) / "results.json"
            busted_runner.run(busted_runner.only(call, names, files), HANDLER, raw, delivery.where)
            return keep_samples(json.loads(raw.read_text(encoding="utf-8")), delivery.keep)

    return rerun


def pytest_reruns(call: pytest_runner.PytestCall, delivery: Delivery) -> Callable[..., dict[str, Any]]:
    """Re-runs of some of CALL's tests only (node ids), for `tracker.api.confirm`: their tracker JSON."""

    def rerun(names: Sequence[str], _files: Mapping[str, str | None]) -> dict[str, Any]:
        with tempfile.TemporaryDirectory(prefix="tracker-pytest-") as folder:
            raw = Path(folder) / "results.json"
            pytest_runner.run(pytest_runner.only(call, names), raw, delivery.where)
            return keep_samples(json.loads(raw.read_text(encoding="utf-8")), delivery.keep)

    return rerun
