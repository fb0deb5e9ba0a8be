"""Writing runs: slices of runs inside one transaction, bulk inserts, idempotent by run digest."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy import inspect as sa_inspect

from tracker.domain import (
    CommitInfo,
    Measurement,
    ParsedRun,
    Summary,
    TestCase,
    environment_fingerprint,
)
from tracker.store import models


@dataclass(frozen=True)
class SaveResult:
    """What an ingest changed: ids of the new runs and how many were already stored."""

    new_run_ids: tuple[int, ...]
    already_stored: int
    tests: int
    samples: int


class RunWriter:
    """Runs written slice by slice inside the one transaction of CONNECTION: a run whose digest is
    stored already (before, or by an earlier slice) is skipped, as in a single write."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.new_run_ids: list[int] = []
        self.already_stored = 0
        self.samples = 0
        self.test_ids: set[str] = set()
        self.metric_ids: dict[str, int] = {}

    def add(self, runs: Sequence[ParsedRun]) -> None:
        connection = self.connection
        digests = [run.digest() for run in runs]
        stored = _existing_digests(connection, digests)
        fresh: dict[str, ParsedRun] = {}
        for digest, run in zip(digests, runs, strict=True):
            if digest not in stored:
                fresh.setdefault(digest, run)
        self.already_stored += len(runs) - len(fresh)
        if not fresh:
            return
        commit_ids = _upsert_commits(connection, [run.commit for run in fresh.values() if run.commit])
        if any(m.metric.name not in self.metric_ids for run in fresh.values() for m in run.measurements):
            self.metric_ids = _upsert_metrics(connection, fresh.values())
        self.test_ids |= _insert_tests(connection, fresh.values(), self.test_ids)
        run_ids = _insert_runs(connection, fresh, commit_ids, datetime.now(UTC))
        self.new_run_ids += run_ids
        pairs = list(zip(run_ids, fresh.values(), strict=True))
        for start in range(0, len(pairs), _RUNS_PER_WRITE):
            self.samples += _write_measurements(connection, pairs[start : start + _RUNS_PER_WRITE], self.metric_ids)

    def result(self) -> SaveResult:
        return SaveResult(tuple(self.new_run_ids), self.already_stored, len(self.test_ids), self.samples)


# Rows are built and written a slice of runs at a time: one bulk write per table and slice keeps
# round trips few and memory flat for histories of hundreds of thousands of values.
_RUNS_PER_WRITE = 25


def _write_measurements(connection: Connection, runs: list[tuple[int, ParsedRun]], metric_ids: dict[str, int]) -> int:
    result_rows: list[dict[str, Any]] = []
    sample_rows: list[tuple[int, str, int, int, float]] = []
    profile_rows: list[dict[str, Any]] = []
    for run_id, run in runs:
        _result_rows(run_id, run.measurements, metric_ids, result_rows, sample_rows)
        profile_rows.extend(_profile_rows(run_id, run))
    if result_rows:
        columns = list(result_rows[0])
        _bulk_insert(connection, models.Result, columns, [tuple(row[c] for c in columns) for row in result_rows])
    _bulk_insert(connection, models.Sample, ["run_id", "test_id", "metric_id", "idx", "value"], sample_rows)
    if profile_rows:
        connection.execute(insert(models.ProfileNode), profile_rows)
    return len(sample_rows)


def _bulk_insert(
    connection: Connection, model: type[models.Base], columns: list[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Plain-valued rows (no JSON, no type conversions) written by the driver itself: SQLite's
    executemany or PostgreSQL's COPY, for the hundreds of thousands of samples of a history."""
    if not rows:
        return
    table = model.__tablename__
    names = ", ".join(columns)
    raw = connection.connection.dbapi_connection
    assert raw is not None
    if connection.dialect.name == "sqlite":
        raw.cursor().executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})", rows)
    elif connection.dialect.name == "postgresql":
        cursor: Any = raw.cursor()  # psycopg's cursor, which speaks COPY
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.close()
    else:
        connection.execute(insert(model), [dict(zip(columns, row, strict=True)) for row in rows])


def _existing_digests(connection: Connection, digests: list[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(digests, 500):
        found.update(connection.scalars(select(models.Run.digest).where(models.Run.digest.in_(chunk))))
    return found


def _insert_ignoring_duplicates(connection: Connection, model: type[models.Base], rows: list[dict[str, Any]]) -> None:
    """Insert rows; rows whose key exists already (another CI runner wrote them) are left alone."""
    if not rows:
        return
    dialect = connection.dialect.name
    # Each dialect's module is imported where it is used: PostgreSQL's costs a reader of SQLite
    # a tenth of a second at start-up.
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        connection.execute(postgresql.insert(model).on_conflict_do_nothing(), rows)
    elif dialect == "sqlite":
        from sqlalchemy.dialects import sqlite

        connection.execute(sqlite.insert(model).on_conflict_do_nothing(), rows)
    else:
        keys = [column.name for column in sa_inspect(model).primary_key]
        existing = {tuple(row) for row in connection.execute(select(*sa_inspect(model).primary_key))}
        new_rows = [row for row in rows if tuple(row[k] for k in keys) not in existing]
        if new_rows:
            connection.execute(insert(model), new_rows)


def _upsert_commits(connection: Connection, commits: list[CommitInfo]) -> dict[str, int]:
    """Ids by sha; a commit known only by its sha gains subject, author and time when given."""
    by_sha: dict[str, CommitInfo] = {}
    for commit in commits:
        known = by_sha.get(commit.sha)
        if known is None or (not known.subject and commit.subject):
            by_sha[commit.sha] = commit
    table = models.Commit
    existing = {
        row.sha: row
        for chunk in _chunks(list(by_sha), 500)
        for row in connection.execute(select(table.id, table.sha, table.subject).where(table.sha.in_(chunk)))
    }
    for sha, commit in by_sha.items():
        row = existing.get(sha)
        if row is not None and not row.subject and commit.subject:
            connection.execute(update(models.Commit).where(models.Commit.id == row.id).values(_commit_row(commit)))
    _insert_ignoring_duplicates(connection, table, [_commit_row(c) for sha, c in by_sha.items() if sha not in existing])
    return {
        row.sha: row.id
        for chunk in _chunks(list(by_sha), 500)
        for row in connection.execute(select(table.id, table.sha).where(table.sha.in_(chunk)))
    }


def _commit_row(commit: CommitInfo) -> dict[str, Any]:
    conventional = commit.conventional
    return {
        "sha": commit.sha,
        "subject": commit.subject,
        "body": commit.body,
        "author": commit.author,
        "email": commit.email,
        "time": commit.time,
        "parents": list(commit.parents),
        "tags": list(commit.tags),
        "type": conventional.type if conventional else None,
        "scope": conventional.scope if conventional else None,
        "breaking": conventional.breaking if conventional else False,
    }


def _upsert_metrics(connection: Connection, runs: Iterable[ParsedRun]) -> dict[str, int]:
    metrics = {m.metric.name: m.metric for run in runs for m in run.measurements}
    rows = [{"name": m.name, "unit": m.unit, "direction": str(m.direction)} for m in metrics.values()]
    _insert_ignoring_duplicates(connection, models.Metric, rows)
    return {row.name: row.id for row in connection.execute(select(models.Metric.id, models.Metric.name))}


def _insert_tests(connection: Connection, runs: Iterable[ParsedRun], written: set[str]) -> set[str]:
    """The ids of the tests of RUNS; those not in WRITTEN (by an earlier slice) are inserted."""
    tests = {m.test.id: m.test for run in runs for m in run.measurements}
    tests.update({t.id: t for t in {p.test for run in runs for p in run.profiles}})  # one md5 per test
    rows = [
        {"id": t.id, "name": t.name, "file": t.file, "tags": list(t.tags), "line": t.line}
        for t in tests.values()
        if t.id not in written
    ]
    _insert_ignoring_duplicates(connection, models.Test, rows)
    _move_tests(connection, [t for t in tests.values() if t.line is not None])
    return set(tests)


def _move_tests(connection: Connection, tests: list[TestCase]) -> None:
    """Tests stored before whose place (file and line) the newest input gives differently: code moves,
    and annotations should point where the test is now."""
    table = models.Test
    stored = {
        row.id: (row.file, row.line)
        for chunk in _chunks(sorted(t.id for t in tests), 500)
        for row in connection.execute(select(table.id, table.file, table.line).where(table.id.in_(chunk)))
    }
    for test in sorted(tests, key=lambda t: t.id):  # one order for every writer: no deadlock between them
        place = (test.file or stored[test.id][0], test.line)
        if stored[test.id] != place:
            connection.execute(update(table).where(table.id == test.id).values(file=place[0], line=place[1]))


def _insert_runs(
    connection: Connection, runs: dict[str, ParsedRun], commits: dict[str, int], now: datetime
) -> list[int]:
    rows = [
        {
            "commit_id": commits[run.commit.sha] if run.commit else None,
            "branch": run.branch,
            "tag": run.tag,
            "time": run.time,
            "ingested_at": now,
            "format": run.format,
            "tool": run.tool,
            "source": run.source,
            "environment": dict(run.environment),
            "fingerprint": environment_fingerprint(run.environment),
            "digest": digest,
        }
        for digest, run in runs.items()
    ]
    statement = insert(models.Run).returning(models.Run.id, sort_by_parameter_order=True)
    return [int(run_id) for run_id in connection.scalars(statement, rows)]


def _result_rows(
    run_id: int,
    measurements: Sequence[Measurement],
    metric_ids: dict[str, int],
    results_out: list[dict[str, Any]],
    samples_out: list[tuple[int, str, int, int, float]],
) -> None:
    results: dict[tuple[str, int], dict[str, Any]] = {}
    for m in measurements:
        key = (m.test.id, metric_ids[m.metric.name])
        row = results.get(key)
        if row is None:  # the same test twice in one run: its values join as more samples
            row = results[key] = _result_row(run_id, key, m)
        offset = row["values"]
        row["values"] += len(m.values)
        samples_out.extend((run_id, key[0], key[1], offset + i, v) for i, v in enumerate(m.values))
    for row in results.values():
        values = row.pop("values")
        if values:
            row["n"] = values
        results_out.append(row)


def _result_row(run_id: int, key: tuple[str, int], m: Measurement) -> dict[str, Any]:
    summary = m.summary or Summary()
    return {
        "run_id": run_id,
        "test_id": key[0],
        "metric_id": key[1],
        "status": str(m.status),
        **vars(summary),
        "resolution": m.resolution,
        "values": 0,
    }


def _profile_rows(run_id: int, run: ParsedRun) -> list[dict[str, Any]]:
    return [
        {
            "run_id": run_id,
            "test_id": p.test.id,
            "pid": str(p.pid),
            "tid": str(p.tid),
            "stack": list(p.stack),
            "calls": p.calls,
            "total": p.total,
            "self_time": p.self_time,
            "unit": p.unit,
        }
        for p in run.profiles
    ]


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def append_samples(engine: Engine, run_id: int, measurements: Sequence[Measurement]) -> int:
    """Add MEASUREMENTS' values to results run RUN_ID already holds, in one transaction: re-runs of
    the same tests at the same commit join that run's samples. Returns the samples written.

    A result's summary is cleared (its samples are the truth now); its status stays a failure only
    when a re-run failed too, so that a failure that does not repeat is not kept as one."""
    with engine.begin() as connection:
        metric_ids = {row.name: row.id for row in connection.execute(select(models.Metric.id, models.Metric.name))}
        written = 0
        for m in measurements:
            key = (m.test.id, metric_ids.get(m.metric.name, -1))
            table = models.Result
            where = (table.run_id == run_id, table.test_id == key[0], table.metric_id == key[1])
            stored = connection.execute(select(table.n, table.status).where(*where)).first()
            if stored is None or not m.values:
                continue
            offset = connection.scalar(
                select(func.coalesce(func.max(models.Sample.idx) + 1, 0)).where(
                    models.Sample.run_id == run_id, models.Sample.test_id == key[0], models.Sample.metric_id == key[1]
                )
            )
            rows = [(run_id, key[0], key[1], int(offset or 0) + i, v) for i, v in enumerate(m.values)]
            _bulk_insert(connection, models.Sample, ["run_id", "test_id", "metric_id", "idx", "value"], rows)
            status = str(m.status) if stored.status in {"failed", "error"} else stored.status
            summary = {name: None for name in vars(Summary()) if name != "n"}
            connection.execute(
                update(table).where(*where).values(n=(stored.n or 0) + len(rows), status=status, **summary)
            )
            written += len(rows)
        return written
