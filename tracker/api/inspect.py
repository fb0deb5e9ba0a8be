"""Looking inside the database: runs and tests."""

from __future__ import annotations

from tracker.domain import RunInfo, TestInfo
from tracker.store import open_store


def list_runs(*, database: str | None, branch: str | None = None, limit: int | None = None) -> list[RunInfo]:
    store = open_store(database)
    try:
        return store.runs(branch=branch, limit=limit)
    finally:
        store.close()


def list_tests(*, database: str | None) -> list[TestInfo]:
    store = open_store(database)
    try:
        return store.tests()
    finally:
        store.close()
