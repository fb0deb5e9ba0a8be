"""pytest plugin: `pytest --tracker-output FILE` writes each test's durations in tracker's JSON.

Registered through the `pytest11` entry point, so it is loaded into every pytest session of an
environment where tracker is installed: it does nothing unless `--tracker-output` is given, and
imports only the standard library (the rest of tracker is never loaded into the tests' process).

Per test (the node id is its full name): the call phase as `time`, setup and teardown as
`setup_time` and `teardown_time`, and the outcome. `--tracker-repeat N` runs each passing test's
function N times with the same fixtures (setup and teardown once), every run a sample.
`--tracker-profile` records each test's call tree (sys.setprofile) as tracker profile nodes.
`--tracker-only NODEID` (repeatable) runs only those tests, whatever else the command line selects.
"""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Generator
from datetime import UTC, datetime
from pathlib import Path
from types import CodeType
from typing import Any

import pytest

from tracker.integrations.pytest_calltree import CallTree

_PHASE_METRIC = {"setup": "setup_time", "call": "time", "teardown": "teardown_time"}
_SEVERITY = ("passed", "skipped", "failed", "error")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("tracker", "tracker: record durations in tracker's JSON")
    group.addoption("--tracker-output", metavar="FILE", help="Write each test's durations to FILE (tracker JSON).")
    group.addoption(
        "--tracker-repeat",
        type=int,
        default=1,
        metavar="N",
        help="Run each passing test's function N times with the same fixtures; every run is a sample.",
    )
    group.addoption("--tracker-profile", action="store_true", help="Record a call tree of every test.")
    group.addoption(
        "--tracker-only",
        action="append",
        default=[],
        metavar="NODEID",
        help="Run only these tests (repeatable): confirmation re-runs keep the rest of the command line.",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    wanted = set(config.getoption("--tracker-only"))
    if not wanted:
        return
    kept = [item for item in items if item.nodeid in wanted]
    config.hook.pytest_deselected(items=[item for item in items if item.nodeid not in wanted])
    items[:] = kept


def pytest_configure(config: pytest.Config) -> None:
    output = config.getoption("--tracker-output")
    if output and not hasattr(config, "workerinput"):
        config.pluginmanager.register(Recorder(config, Path(output)), "tracker-recorder")


class Recorder:
    def __init__(self, config: pytest.Config, output: Path) -> None:
        self.output = output
        self.repeat = max(1, int(config.getoption("--tracker-repeat")))
        self.profile = bool(config.getoption("--tracker-profile"))
        self.samples: dict[str, dict[str, list[float]]] = {}
        self.statuses: dict[str, str] = {}
        self.files: dict[str, str] = {}
        self.lines: dict[str, int] = {}
        """Each test's 1-based line (pytest's locations count from 0)."""
        self.trees: dict[str, CallTree] = {}
        self.started = datetime.now(UTC)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, None, None]:
        tree = self.trees.setdefault(item.nodeid, CallTree(item.nodeid, _code(item))) if self.profile else None
        if tree is not None:
            tree.start()
        start = time.perf_counter()
        try:
            result = yield
        finally:  # a failing test's duration is kept too
            elapsed = time.perf_counter() - start
            if tree is not None:
                tree.stop()
            self._sample(item.nodeid, "time", elapsed)
        for _ in range(self.repeat - 1):  # reached only when the first run passed
            if tree is not None:
                tree.start()
            start = time.perf_counter()
            try:
                item.runtest()
            finally:
                if tree is not None:
                    tree.stop()
                self._sample(item.nodeid, "time", time.perf_counter() - start)
        return result

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.files.setdefault(report.nodeid, report.location[0])
        if report.location[1] is not None:
            self.lines.setdefault(report.nodeid, report.location[1] + 1)
        if report.when != "call":
            self._sample(report.nodeid, _PHASE_METRIC[report.when], report.duration)
        if report.failed and report.when == "call" and not hasattr(report, "wasxfail"):
            self._status(report.nodeid, "failed")
        elif report.failed:
            self._status(report.nodeid, "error")
        elif report.skipped:
            self._status(report.nodeid, "skipped")
        elif report.when == "call":
            self._status(report.nodeid, "passed")

    def pytest_runtest_logfinish(self, nodeid: str) -> None:
        if nodeid not in self.statuses:  # a test skipped at setup still has a status
            self._status(nodeid, "skipped")

    def _sample(self, nodeid: str, metric: str, seconds: float) -> None:
        self.samples.setdefault(nodeid, {}).setdefault(metric, []).append(seconds)

    def _status(self, nodeid: str, status: str) -> None:
        current = self.statuses.get(nodeid, "passed")
        self.statuses[nodeid] = max(current, status, key=_SEVERITY.index)

    def pytest_sessionfinish(self) -> None:
        self.output.parent.mkdir(parents=True, exist_ok=True)
        partial = self.output.with_name(f".{self.output.name}.partial")
        partial.write_text(json.dumps(self._document(), ensure_ascii=False) + "\n", encoding="utf-8")
        partial.replace(self.output)

    def _document(self) -> dict[str, Any]:
        results = [
            {"test": nodeid, "metric": metric, "status": self.statuses.get(nodeid, "error"), "samples": values}
            for nodeid, metrics in self.samples.items()
            for metric, values in metrics.items()
        ]
        pid = str(os.getpid())
        run = {
            "format": "tracker-pytest",
            "tool": "pytest",
            "source": "pytest",
            "time": self.started.isoformat(),
            "environment": {"interpreter": f"{platform.python_implementation()} {platform.python_version()}"},
            "results": results,
            "profiles": [node for tree in self.trees.values() for node in tree.nodes(pid)],
        }
        metrics = {name: {"unit": "s", "direction": "lower"} for name in _PHASE_METRIC.values()}
        tests = {
            nodeid: {"file": self.files.get(nodeid), "line": self.lines.get(nodeid), "tags": list[str]()}
            for nodeid in self.samples
        }
        return {"format": "tracker", "version": 1, "runs": [run], "tests": tests, "metrics": metrics}


def _code(item: pytest.Item) -> CodeType | None:
    function = getattr(item, "obj", None)
    return getattr(function, "__code__", None)
