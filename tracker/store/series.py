"""Reading histories: every test's results on one branch, and the branch's commits in order.

Commits are ordered by their own time (author time from git or the result file) and, when it is
unknown, by the time of their first run on the branch, so that a commit measured later (a
re-run, or a commit measured to bisect a change) takes its place in history, not at the end.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, case, func, select

from tracker.store import models

if TYPE_CHECKING:
    import pandas as pd

COMMIT_COLUMNS = ["commit_id", "sha", "subject", "type", "author", "time", "first_run"]
RESULT_COLUMNS = [
    "run_id",
    "commit_id",
    "test_id",
    "metric",
    "unit",
    "direction",
    "n",
    "mean",
    "median",
    "q1",
    "q3",
    "min",
    "max",
    "s_mean",
]
SAMPLE_COLUMNS = ["run_id", "test_id", "metric", "value"]
_CHUNK = 500


def _on_branch(branch: str | None) -> Any:
    return models.Run.branch.is_(None) if branch is None else models.Run.branch == branch


def branches(engine: Engine) -> list[tuple[str | None, int]]:
    """Branches with their number of runs, most runs first."""
    statement = (
        select(models.Run.branch, func.count())
        .group_by(models.Run.branch)
        .order_by(func.count().desc(), models.Run.branch)
    )
    with engine.connect() as connection:
        return [(row[0], int(row[1])) for row in connection.execute(statement)]


def newest_branch(engine: Engine) -> str | None:
    """The branch of the newest run (None when the newest run has no branch)."""
    key = func.coalesce(models.Run.time, models.Run.ingested_at)
    statement = select(models.Run.branch).order_by(key.desc(), models.Run.id.desc()).limit(1)
    with engine.connect() as connection:
        return connection.execute(statement).scalar()


def branch_commits(engine: Engine, branch: str | None) -> pd.DataFrame:
    """The commits that have runs on BRANCH, oldest first (see the module docstring)."""
    import pandas as pd

    commit, run = models.Commit, models.Run
    first_run = func.min(func.coalesce(run.time, run.ingested_at)).label("first_run")
    statement = (
        select(commit.id, commit.sha, commit.subject, commit.type, commit.author, commit.time, first_run)
        .join(run, run.commit_id == commit.id)
        .where(_on_branch(branch))
        .group_by(commit.id, commit.sha, commit.subject, commit.type, commit.author, commit.time)
    )
    with engine.connect() as connection:
        rows = connection.execute(statement).all()
    frame = pd.DataFrame.from_records(rows, columns=COMMIT_COLUMNS)
    if frame.empty:
        return frame
    for column in ("time", "first_run"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    frame["order"] = frame["time"].fillna(frame["first_run"])
    return frame.sort_values(["order", "first_run", "commit_id"], kind="stable").reset_index(drop=True)


def tests(engine: Engine) -> list[tuple[str, str]]:
    """(id, full name) of every test, by name."""
    statement = select(models.Test.id, models.Test.name).order_by(models.Test.name)
    with engine.connect() as connection:
        return [(row[0], row[1]) for row in connection.execute(statement)]


def branch_results(engine: Engine, branch: str | None, test_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Passed results of every run on BRANCH (of TEST_IDS only when given), with summaries."""
    result, metric, run, sample = models.Result, models.Metric, models.Run, models.Sample

    def from_samples(aggregate: Any) -> Any:
        # Only for results without a summary (one value per commit): read through the samples' key.
        inner = (
            select(aggregate(sample.value))
            .where(
                sample.run_id == result.run_id,
                sample.test_id == result.test_id,
                sample.metric_id == result.metric_id,
            )
            .scalar_subquery()
        )
        return case((result.median.is_(None) & result.mean.is_(None), inner))

    statement = (
        select(
            result.run_id,
            run.commit_id,
            result.test_id,
            metric.name,
            metric.unit,
            metric.direction,
            result.n,
            result.mean,
            result.median,
            result.q1,
            result.q3,
            result.min,
            result.max,
            from_samples(func.avg),
        )
        .join(run, run.id == result.run_id)
        .join(metric, metric.id == result.metric_id)
        .where(_on_branch(branch), run.commit_id.is_not(None), result.status == "passed")
    )
    return _frame(engine, statement, RESULT_COLUMNS, result.test_id, test_ids)


def unsummarised_samples(engine: Engine, branch: str | None, test_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Raw values of the results on BRANCH with more than two values and no median (busted's timings)."""
    sample, result, metric, run = models.Sample, models.Result, models.Metric, models.Run
    statement = (
        select(sample.run_id, sample.test_id, metric.name, sample.value)
        .join(
            result,
            (result.run_id == sample.run_id)
            & (result.test_id == sample.test_id)
            & (result.metric_id == sample.metric_id),
        )
        .join(run, run.id == sample.run_id)
        .join(metric, metric.id == sample.metric_id)
        .where(_on_branch(branch), result.median.is_(None), result.n > 2, result.status == "passed")
    )
    return _frame(engine, statement, SAMPLE_COLUMNS, sample.test_id, test_ids)


def _frame(
    engine: Engine, statement: Any, columns: list[str], test_column: Any, test_ids: Sequence[str] | None
) -> pd.DataFrame:
    import pandas as pd

    rows: list[Any] = []
    with engine.connect() as connection:
        for chunk in _chunks(test_ids):
            query = statement if chunk is None else statement.where(test_column.in_(chunk))
            rows.extend(_fetch_all(connection, query))
    # Column by column: building a frame from row objects inspects every one of them.
    data: dict[str, Any] = {c: [] for c in columns}
    if rows:
        data = dict(zip(columns, zip(*rows, strict=True), strict=True))
    return pd.DataFrame(data, columns=columns)


def _fetch_all(connection: Connection, statement: Any) -> list[tuple[Any, ...]]:
    """All rows as plain tuples, straight from the driver's cursor.

    A scan reads hundreds of thousands of rows of plain numbers and strings; building a result
    row object for each costs more than the query itself.
    """
    compiled = statement.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    params: Any = compiled.params
    if compiled.positiontup is not None:
        params = tuple(compiled.params[name] for name in compiled.positiontup)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        return [tuple(row) for row in cursor.fetchall()]
    finally:
        cursor.close()


def _chunks(test_ids: Sequence[str] | None) -> Iterator[list[str] | None]:
    if test_ids is None:
        yield None
        return
    for start in range(0, len(test_ids), _CHUNK):
        yield list(test_ids[start : start + _CHUNK])
