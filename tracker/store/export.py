"""Reading whole runs back, as parsed runs, for `tracker export` (lossless: see parsers.tracker_json)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from tracker.domain import (
    CommitInfo,
    Direction,
    Measurement,
    Metric,
    ParsedRun,
    ProfileNode,
    Status,
    Summary,
    TestCase,
)
from tracker.store import models
from tracker.store.base import Connected

_CHUNK = 200


class ExportQueries(Connected):
    """Whole runs read back for `tracker export`."""

    def stored_runs(self, run_ids: Sequence[int] | None = None) -> Iterator[tuple[str, ParsedRun]]:
        """Every run (or those of RUN_IDS), oldest id first, with the digest it was stored under; read a
        chunk of runs at a time."""
        if run_ids is None:
            with self.engine.connect() as connection:
                ids = list(connection.scalars(select(models.Run.id).order_by(models.Run.id)))
        else:
            ids = sorted(run_ids)
        for start in range(0, len(ids), _CHUNK):
            yield from _chunk(self.engine, ids[start : start + _CHUNK])

    def run_digests(self) -> dict[str, int]:
        """Every run's digest and id: what a results branch is checked against without reading any run."""
        with self.engine.connect() as connection:
            return {digest: run_id for run_id, digest in connection.execute(select(models.Run.id, models.Run.digest))}


def _chunk(engine: Engine, run_ids: Sequence[int]) -> Iterator[tuple[str, ParsedRun]]:
    run, commit, test, metric = models.Run, models.Commit, models.Test, models.Metric
    with Session(engine) as connection:
        runs = connection.execute(
            select(run, commit).outerjoin(commit, run.commit_id == commit.id).where(run.id.in_(run_ids))
        ).all()
        results = connection.execute(
            select(models.Result, test, metric)
            .join(test, test.id == models.Result.test_id)
            .join(metric, metric.id == models.Result.metric_id)
            .where(models.Result.run_id.in_(run_ids))
            .order_by(models.Result.run_id, test.name, metric.name)
        ).all()
        samples = connection.execute(
            select(models.Sample.run_id, models.Sample.test_id, models.Sample.metric_id, models.Sample.value)
            .where(models.Sample.run_id.in_(run_ids))
            .order_by(models.Sample.run_id, models.Sample.test_id, models.Sample.metric_id, models.Sample.idx)
        ).all()
        profiles = connection.execute(
            select(models.ProfileNode, test)
            .join(test, test.id == models.ProfileNode.test_id)
            .where(models.ProfileNode.run_id.in_(run_ids))
            .order_by(models.ProfileNode.run_id, models.ProfileNode.id)
        ).all()
    values: dict[tuple[int, str, int], list[float]] = defaultdict(list)
    for run_id, test_id, metric_id, value in samples:
        values[(run_id, test_id, metric_id)].append(value)
    measurements: dict[int, list[Measurement]] = defaultdict(list)
    for result, test_row, metric_row in results:
        key = (result.run_id, result.test_id, result.metric_id)
        measurements[result.run_id].append(_measurement(result, _test(test_row), metric_row, values.get(key, [])))
    nodes: dict[int, list[ProfileNode]] = defaultdict(list)
    for node, test_row in profiles:
        nodes[node.run_id].append(_profile(node, _test(test_row)))
    for run_row, commit_row in sorted(runs, key=lambda row: row[0].id):
        parsed = ParsedRun(
            format=run_row.format,
            tool=run_row.tool,
            source=run_row.source,
            measurements=tuple(measurements.get(run_row.id, [])),
            commit=None if commit_row is None else _commit(commit_row),
            branch=run_row.branch,
            tag=run_row.tag,
            time=run_row.time,
            environment=dict(run_row.environment or {}),
            profiles=tuple(nodes.get(run_row.id, [])),
        )
        yield run_row.digest, parsed


def _test(row: models.Test) -> TestCase:
    return TestCase(name=row.name, file=row.file, tags=tuple(row.tags or ()), line=row.line)


def _measurement(result: models.Result, test: TestCase, metric: models.Metric, values: list[float]) -> Measurement:
    summary = Summary(
        n=result.n,
        mean=result.mean,
        median=result.median,
        stddev=result.stddev,
        min=result.min,
        max=result.max,
        q1=result.q1,
        q3=result.q3,
    )
    return Measurement(
        test=test,
        metric=Metric(metric.name, metric.unit, Direction(metric.direction)),
        values=tuple(values),
        summary=summary,
        status=Status(result.status),
        resolution=result.resolution,
    )


def _profile(node: models.ProfileNode, test: TestCase) -> ProfileNode:
    return ProfileNode(
        test=test,
        stack=tuple(node.stack),
        calls=node.calls,
        total=node.total,
        self_time=node.self_time,
        pid=node.pid,
        tid=node.tid,
        unit=node.unit,
    )


def _commit(row: models.Commit) -> CommitInfo:
    return CommitInfo(
        sha=row.sha,
        subject=row.subject or "",
        body=row.body or "",
        author=row.author,
        email=row.email,
        time=row.time,
        parents=tuple(row.parents or ()),
        tags=tuple(row.tags or ()),
    )
