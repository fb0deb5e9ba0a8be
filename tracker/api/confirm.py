"""Confirmation re-runs: judge a fresh run against its baseline, re-run only the tests flagged, add
their new samples to the same run, and judge again, up to a number of tries, before failing.

The re-runs join the candidate run itself (`Store.append_samples`, one transaction per round): they
measure the same commit in the same environment, so they are more samples of the candidate, and a
separate run would become the next run's baseline or a point of the history of its own.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.api.compare import Baseline, CompareResult, compare_runs
from tracker.api.run import RunReport
from tracker.domain import Policy, TestComparison, Verdict
from tracker.errors import UsageError
from tracker.parsers import Source, tracker_json
from tracker.store import Store

Rerun = Callable[[Sequence[str], Mapping[str, str | None]], dict[str, Any]]
"""Runs only the tests named (with each one's file) and returns the tracker JSON document they wrote."""


@dataclass(frozen=True)
class Confirmation:
    policy: Policy
    baseline: Baseline = field(default_factory=Baseline)
    tries: int = 1
    """How many times a flagged test is re-run at most."""


@dataclass(frozen=True)
class Rejudged:
    """A flagged test's first and final verdict, and how many times it was re-run."""

    first: TestComparison
    final: TestComparison | None
    reruns: int


@dataclass(frozen=True)
class ConfirmReport:
    first: CompareResult
    final: CompareResult
    rejudged: tuple[Rejudged, ...] = field(default=())


def flagged(result: CompareResult) -> list[TestComparison]:
    """Rows the gate fails or warns on: a regression, a test that stopped passing, a warning."""
    if result.comparison is None:
        return []
    return [
        row
        for row in result.comparison.rows
        if row.verdict in (Verdict.REGRESSED, Verdict.FAILING) or (row.warned and row.verdict is not Verdict.IMPROVED)
    ]


def confirm(store: Store, run: RunReport, rerun: Rerun, confirmation: Confirmation) -> ConfirmReport:
    """Judge RUN's ingested run; while tests are flagged and tries are left, re-run those tests with
    RERUN, add their samples to the run and judge again."""
    if run.ingested is None:
        raise UsageError("--confirm judges the ingested run; drop --output")
    ref = str(run.ingested.run_ids[0]) if run.ingested.run_ids else None
    first = result = _judge(store, ref, confirmation)
    candidate = str(first.candidate.id)
    firsts: dict[str, TestComparison] = {}
    reruns: dict[str, int] = {}
    for _ in range(confirmation.tries):
        rows = flagged(result)
        if not rows:
            break
        for row in rows:
            firsts.setdefault(f"{row.test_id} {row.metric}", row)
        for test_id in {row.test_id for row in rows}:
            reruns[test_id] = reruns.get(test_id, 0) + 1
        names = sorted({row.test_name for row in rows})
        files = {test.name: test.file for test in store.tests() if test.name in names}
        _append(store, first.candidate.id, names, rerun(names, files))
        result = _judge(store, candidate, confirmation)
    finals = {(row.test_id, row.metric): row for row in (result.comparison.rows if result.comparison else ())}
    rejudged = tuple(
        Rejudged(row, finals.get((row.test_id, row.metric)), reruns[row.test_id]) for row in firsts.values()
    )
    return ConfirmReport(first, result, rejudged)


def _judge(store: Store, ref: str | None, confirmation: Confirmation) -> CompareResult:
    return compare_runs(store, candidate_ref=ref, policy=confirmation.policy, baseline=confirmation.baseline)


def _append(store: Store, run_id: int, names: Sequence[str], document: dict[str, Any]) -> None:
    """The re-run's samples of NAMES (and of no other test the tool may have run too) join RUN_ID."""
    with tempfile.TemporaryDirectory(prefix="tracker-confirm-") as folder:
        path = Path(folder) / "rerun.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        parsed = tracker_json.parse(Source(name="re-run", path=path))
    wanted = set(names)
    store.append_samples(run_id, [m for one in parsed for m in one.measurements if m.test.name in wanted])
