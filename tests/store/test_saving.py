"""A saving session: runs written slice by slice in one transaction, as one write would store them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.domain import TIME, CommitInfo, Measurement, ParsedRun, TestCase
from tracker.errors import InputError
from tracker.store import Store, open_store


def _run(commit: int, *tests: str, metric_values: tuple[float, ...] = (0.1, 0.2)) -> ParsedRun:
    measurements = tuple(Measurement(TestCase(name), TIME, metric_values) for name in tests)
    return ParsedRun("busted-json", "busted", "a.json", measurements, commit=CommitInfo(f"{commit:040x}"))


def test_slices_of_one_session_are_stored_as_one_write(database: str) -> None:
    with Store(database, writable=True) as store:
        with store.saving() as session:
            session.add([_run(1, "a", "b"), _run(2, "a")])
            session.add([_run(2, "a"), _run(3, "b", "c")])  # commit 2 again: the same run, from an earlier slice
            session.add([_run(3, "b", "c"), _run(3, "b", "c")])
        saved = session.result()
        assert (len(saved.new_run_ids), saved.already_stored, saved.tests, saved.samples) == (3, 3, 3, 10)
        assert list(saved.new_run_ids) == sorted(saved.new_run_ids)
        assert [run.commit for run in store.runs()] == [f"{n:040x}" for n in (3, 2, 1)]
        assert sorted(test.name for test in store.tests()) == ["a", "b", "c"]


def test_a_failure_after_written_slices_leaves_the_database_as_it_was(database: str) -> None:
    with Store(database, writable=True) as store:
        store.save_runs([_run(1, "a")])
        with pytest.raises(InputError), store.saving() as session:
            session.add([_run(2, "a", "b")])
            session.add([_run(3, "c")])
            raise InputError("third.json", "broken after two slices")
        assert [run.commit for run in store.runs()] == [f"{1:040x}"]
        assert [test.name for test in store.tests()] == ["a"]
    with open_store(database) as again:  # a new connection sees the same
        assert len(again.runs()) == 1


def test_a_failed_session_removes_the_database_file_it_created(sqlite_db: str) -> None:
    with Store(sqlite_db, writable=True) as store, pytest.raises(InputError), store.saving() as session:
        session.add([_run(1, "a")])
        assert Path(sqlite_db).exists()
        raise InputError("second.json", "broken")
    assert not Path(sqlite_db).exists()


def test_a_session_without_runs_never_opens_the_database(sqlite_db: str) -> None:
    with Store(sqlite_db, writable=True) as store, store.saving() as session:
        pass
    assert session.result().new_run_ids == ()
    assert not Path(sqlite_db).exists()
