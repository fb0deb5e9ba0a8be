"""Writing runs directly through the store: idempotency, commits, repeated tests."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from tracker.domain import TIME, CommitInfo, Measurement, ParsedRun, Status, Summary, TestCase
from tracker.store import open_store

CASE = TestCase("spec/a_spec.lua block it", "spec/a_spec.lua")


def _run(values: tuple[float, ...], commit: CommitInfo, **extra: object) -> ParsedRun:
    measurement = Measurement(CASE, TIME, values)
    return ParsedRun("busted-json", "busted", "a.json", (measurement,), commit=commit, branch="main", **extra)  # type: ignore[arg-type]


def test_same_run_twice_in_one_call_is_stored_once(database: str) -> None:
    store = open_store(database, writable=True)
    try:
        run = _run((0.1, 0.2), CommitInfo("a" * 40))
        saved = store.save_runs([run, run])
        assert (len(saved.new_run_ids), saved.already_stored, saved.samples) == (1, 1, 2)
        again = store.save_runs([run])
        assert (again.new_run_ids, again.already_stored) == ((), 1)
    finally:
        store.close()


def test_a_commit_known_only_by_sha_gains_its_metadata_later(database: str) -> None:
    store = open_store(database, writable=True)
    try:
        store.save_runs([_run((0.1,), CommitInfo("b" * 40))])
        told = CommitInfo("b" * 40, subject="fix(core): x", author="Ada", time=datetime(2026, 1, 1, tzinfo=UTC))
        store.save_runs([_run((0.2,), told)])
        runs = store.runs()
        assert [(r.commit, r.subject, r.commit_type) for r in runs] == [("b" * 40, "fix(core): x", "fix")] * 2
    finally:
        store.close()


def test_the_same_test_twice_in_a_run_adds_samples(database: str) -> None:
    store = open_store(database, writable=True)
    try:
        first = Measurement(CASE, TIME, (0.1, 0.2))
        second = Measurement(CASE, TIME, (0.3,))
        run = ParsedRun("busted-json", "busted", "a.json", (first, second), commit=CommitInfo("c" * 40))
        store.save_runs([run])
        (info,) = store.runs()
        samples = store.samples([info.id])
        assert samples["value"].tolist() == [0.1, 0.2, 0.3]
        results = store.results([info.id])
        assert results[["n", "status"]].values.tolist() == [[3, "passed"]]
    finally:
        store.close()


def test_summary_only_results_keep_their_statistics(database: str) -> None:
    store = open_store(database, writable=True)
    try:
        summary = Summary(n=42, mean=0.5, median=0.4, stddev=0.1, min=0.3, max=0.9, q1=0.35, q3=0.6)
        run = ParsedRun(
            "pytest-benchmark",
            "pytest-benchmark",
            "b.json",
            (Measurement(CASE, TIME, (), summary, Status.PASSED),),
            commit=CommitInfo("d" * 40),
        )
        store.save_runs([run])
        (info,) = store.runs()
        row = store.results([info.id]).iloc[0]
        assert [row[k] for k in ("n", "mean", "median", "stddev", "min", "max", "q1", "q3")] == [
            42,
            0.5,
            0.4,
            0.1,
            0.3,
            0.9,
            0.35,
            0.6,
        ]
        assert store.samples([info.id]).empty
    finally:
        store.close()


def test_appended_samples_join_the_run_and_a_failure_that_passes_again_is_cleared(database: str) -> None:
    store = open_store(database, writable=True)
    try:
        other = TestCase("spec/a_spec.lua block other", "spec/a_spec.lua")
        failed = Measurement(CASE, TIME, (0.4,), Summary(n=1, median=0.4), Status.FAILED)
        run = ParsedRun(
            "tracker-json", "busted", "a.json", (failed, Measurement(other, TIME, (0.1,))), commit=CommitInfo("e" * 40)
        )
        store.save_runs([run])
        (info,) = store.runs()
        rerun = (Measurement(CASE, TIME, (0.2, 0.3)), Measurement(TestCase("never stored"), TIME, (9.0,)))
        assert store.append_samples(info.id, rerun) == 2
        samples = store.samples([info.id])
        assert sorted(samples[samples["test_id"] == CASE.id]["value"]) == [0.2, 0.3, 0.4]
        assert samples[samples["test_id"] == other.id]["value"].tolist() == [0.1]
        rows = store.results([info.id]).to_dict("records")
        (row,) = [row for row in rows if row["test_id"] == CASE.id]
        assert (row["n"], row["status"]) == (3, "passed")
        assert pd.isna(row["median"])  # the stale summary is gone: the samples are the truth
        assert [run.id for run in store.runs()] == [info.id]
    finally:
        store.close()
