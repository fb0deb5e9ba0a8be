"""Looking inside the database: runs and tests."""

from __future__ import annotations

from tracker.domain import RunInfo, TestInfo
from tracker.store import Store


def list_runs(store: Store, *, branch: str | None = None, limit: int | None = None) -> list[RunInfo]:
    return store.runs(branch=branch, limit=limit)


def list_tests(store: Store) -> list[TestInfo]:
    return store.tests()
