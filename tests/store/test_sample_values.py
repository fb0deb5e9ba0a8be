"""Every raw value of a branch, by test and metric, as the dashboard reads them (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from tests.store.test_writer import CASE
from tracker.domain import TIME, CommitInfo, Measurement, ParsedRun, Status
from tracker.store import open_store


def _run(values: tuple[float, ...], sha: str, branch: str, status: Status = Status.PASSED) -> ParsedRun:
    measurement = Measurement(CASE, TIME, values, status=status)
    return ParsedRun(
        "busted-json", "busted", f"{sha}{branch}.json", (measurement,), commit=CommitInfo(sha), branch=branch
    )


def test_values_come_by_test_and_metric_with_their_commit(database: str) -> None:
    store = open_store(database, writable=True)
    try:
        store.save_runs([_run((0.25, 1.5e-05), "a" * 40, "main"), _run((3.0,), "b" * 40, "main")])
        store.save_runs([_run((9.0,), "c" * 40, "feature"), _run((7.0,), "d" * 40, "main", Status.FAILED)])
        found = store.branch_sample_values("main")
        time_id = next(i for i, (name, _, _) in store.metrics().items() if name == "time")
        assert list(found) == [(CASE.id, time_id)]
        commits, values = found[(CASE.id, time_id)]
        frame = store.branch_commits("main")
        ids = dict(zip(frame["sha"], frame["commit_id"], strict=True))
        pairs = sorted(zip(commits.tolist(), values.tolist(), strict=True))
        # the failed run's value is left out, as are the other branch's
        assert pairs == [
            (ids["a" * 40], pytest.approx(1.5e-05, rel=1e-14)),
            (ids["a" * 40], 0.25),
            (ids["b" * 40], 3.0),
        ]
        assert store.branch_sample_values("nothing") == {}
    finally:
        store.close()
