"""Reading: runs, tests, and measurements as DataFrames for the statistics."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, literal, or_, select

from tracker.domain import ParsedRun, RunInfo, TestInfo
from tracker.domain.releases import STAND_IN_PREFIX, in_release_order
from tracker.store import models
from tracker.store.base import Connected, by_column, fetch_all

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy import Select

    Rows = Select[*tuple[Any, ...]]

Columns = dict[str, list[Any]]
"""Query rows by column: each column's values in row order."""

RESULT_COLUMNS = [
    "run_id",
    "test_id",
    "test_name",
    "metric",
    "unit",
    "direction",
    "status",
    "n",
    "mean",
    "median",
    "stddev",
    "min",
    "max",
    "q1",
    "q3",
    "resolution",
]
SAMPLE_COLUMNS = ["run_id", "test_id", "metric", "value"]
SUMMARY_COLUMNS = ["run_id", "test_id", "metric", "median", "mean"]


def _order_key() -> Any:
    return func.coalesce(models.Run.time, models.Run.ingested_at)


class Queries(Connected):
    def _run_select(self, *, counts: bool = True) -> Rows:
        """Runs with their commit; COUNTS adds the number of tests and samples (else 0, cheap for long lists)."""
        run, commit = models.Run, models.Commit
        tests: Any = literal(0)
        samples: Any = literal(0)
        if counts:
            # Correlated counts use the (run_id, ...) primary keys, so a lookup of one run stays cheap
            # however many samples the database holds.
            tests = (
                select(func.count(func.distinct(models.Result.test_id)))
                .where(models.Result.run_id == run.id)
                .scalar_subquery()
            )
            samples = select(func.count()).where(models.Sample.run_id == run.id).scalar_subquery()
        return select(
            run.id,
            commit.sha,
            run.branch,
            run.tag,
            run.time,
            run.format,
            run.tool,
            run.source,
            run.fingerprint,
            commit.subject,
            commit.type,
            tests,
            samples,
        ).outerjoin(commit, run.commit_id == commit.id)

    def _run_infos(self, statement: Rows) -> list[RunInfo]:
        with self.engine.connect() as connection:
            return [RunInfo(*row) for row in connection.execute(statement)]

    def runs(self, *, branch: str | None = None, limit: int | None = None, counts: bool = True) -> list[RunInfo]:
        """Runs, newest first (releases without a commit by version: see `domain.releases`)."""
        statement = self._run_select(counts=counts).order_by(_order_key().desc(), models.Run.id.desc())
        if branch is not None:
            statement = statement.where(models.Run.branch == branch)
        stand_ins = self._has_stand_ins()
        if limit is not None and not stand_ins:
            statement = statement.limit(limit)
        runs = self._run_infos(statement)
        if stand_ins:
            runs = in_release_order(runs, lambda run: run.commit, newest_first=True)
        return runs[:limit]

    def _has_stand_ins(self) -> bool:
        """Whether some run stands on a release's stand-in commit, whose order is not its time's."""
        statement = select(models.Commit.id).where(models.Commit.sha.startswith(STAND_IN_PREFIX)).limit(1)
        with self.engine.connect() as connection:
            return connection.execute(statement).first() is not None

    def run(self, ref: str | None) -> RunInfo | None:
        """The newest run matching REF: a run id, a commit sha (or prefix), a tag; None for the newest."""
        if ref is None and self._has_stand_ins():
            newest = self.runs(limit=1, counts=False)
            ref = str(newest[0].id) if newest else None
        # The run is found first and counted alone: SQLite would count the samples of every
        # candidate run before sorting, a cost that grows with the length of the history.
        statement = (
            select(models.Run.id)
            .outerjoin(models.Commit, models.Run.commit_id == models.Commit.id)
            .order_by(_order_key().desc(), models.Run.id.desc())
            .limit(1)
        )
        if ref is not None:
            conditions = [models.Commit.sha == ref, models.Run.tag == ref]
            if ref.isdigit():
                conditions.append(models.Run.id == int(ref))
            if len(ref) >= 4 and all(c in "0123456789abcdef" for c in ref.lower()):
                conditions.append(models.Commit.sha.startswith(ref.lower()))
            statement = statement.where(or_(*conditions))
        with self.engine.connect() as connection:
            found = connection.execute(statement).scalar()
        if found is None:
            return None
        return self._run_infos(self._run_select().where(models.Run.id == found))[0]

    def run_with_id(self, run_id: int) -> RunInfo | None:
        """The run of this id (a number that `run` could also read as a commit prefix or a tag)."""
        found = self._run_infos(self._run_select().where(models.Run.id == run_id))
        return found[0] if found else None

    def run_id_of(self, run: ParsedRun) -> int | None:
        """The id of the stored run with RUN's digest, if it is stored."""
        with self.engine.connect() as connection:
            found = connection.execute(select(models.Run.id).where(models.Run.digest == run.digest())).scalar()
        return None if found is None else int(found)

    def tests(self) -> list[TestInfo]:
        """Tests with the number of runs that measured them, by name."""
        runs = (
            select(models.Result.test_id, func.count(func.distinct(models.Result.run_id)).label("runs"))
            .group_by(models.Result.test_id)
            .subquery()
        )
        test = models.Test
        statement = (
            select(test.id, test.name, test.file, test.tags, func.coalesce(runs.c.runs, 0))
            .outerjoin(runs, runs.c.test_id == test.id)
            .order_by(test.name)
        )
        with self.engine.connect() as connection:
            return [
                TestInfo(row[0], row[1], row[2], tuple(row[3] or ()), row[4]) for row in connection.execute(statement)
            ]

    def results(self, run_ids: Sequence[int]) -> pd.DataFrame:
        """One row per run, test and metric: status, sample count and summary statistics."""
        return self._frame(self._results_select(run_ids), RESULT_COLUMNS)

    def result_columns(self, run_ids: Sequence[int]) -> Columns:
        """`results` as plain columns (lists by column name): what a comparison reads."""
        return self._columns(self._results_select(run_ids), RESULT_COLUMNS)

    def _results_select(self, run_ids: Sequence[int]) -> Rows:
        result, metric = models.Result, models.Metric
        return (
            select(
                result.run_id,
                result.test_id,
                models.Test.name,
                metric.name,
                metric.unit,
                metric.direction,
                result.status,
                result.n,
                result.mean,
                result.median,
                result.stddev,
                result.min,
                result.max,
                result.q1,
                result.q3,
                result.resolution,
            )
            .join(models.Test, models.Test.id == result.test_id)
            .join(metric, metric.id == result.metric_id)
            .where(result.run_id.in_(list(run_ids)))
        )

    def samples(self, run_ids: Sequence[int]) -> pd.DataFrame:
        """Raw values, one row each."""
        return self._frame(self._samples_select(run_ids), SAMPLE_COLUMNS)

    def sample_columns(self, run_ids: Sequence[int]) -> Columns:
        """`samples` as plain columns (lists by column name): what a comparison reads."""
        return self._columns(self._samples_select(run_ids), SAMPLE_COLUMNS)

    def _samples_select(self, run_ids: Sequence[int]) -> Rows:
        sample = models.Sample
        return (
            select(sample.run_id, sample.test_id, models.Metric.name, sample.value)
            .join(models.Metric, models.Metric.id == sample.metric_id)
            .where(sample.run_id.in_(list(run_ids)))
            .order_by(sample.run_id, sample.test_id, sample.metric_id, sample.idx)
        )

    def run_summaries(self, run_ids: Sequence[int]) -> Columns:
        """The tool's median and mean per run, test and metric: the light read a long history needs."""
        result, metric = models.Result, models.Metric
        statement = (
            select(result.run_id, result.test_id, metric.name, result.median, result.mean)
            .join(metric, metric.id == result.metric_id)
            .where(result.run_id.in_(list(run_ids)))
        )
        return self._columns(statement, SUMMARY_COLUMNS)

    def samples_without_median(self, run_ids: Sequence[int]) -> Columns:
        """Raw values of the results whose tool gave no median (the others' median is in `run_summaries`)."""
        sample, result = models.Sample, models.Result
        # Most tools give a median: look for the results without one first (a scan of the runs'
        # results), so that their samples (ten times as many rows) are read only when there are some.
        missing = select(result.run_id).where(result.run_id.in_(list(run_ids)), result.median.is_(None)).limit(1)
        with self.engine.connect() as connection:
            if connection.execute(missing).first() is None:
                return {column: [] for column in SAMPLE_COLUMNS}
        statement = (
            select(sample.run_id, sample.test_id, models.Metric.name, sample.value)
            .join(models.Metric, models.Metric.id == sample.metric_id)
            .join(
                result,
                and_(
                    result.run_id == sample.run_id,
                    result.test_id == sample.test_id,
                    result.metric_id == sample.metric_id,
                ),
            )
            .where(sample.run_id.in_(list(run_ids)), result.median.is_(None))
            .order_by(sample.run_id, sample.test_id, sample.metric_id, sample.idx)
        )
        return self._columns(statement, SAMPLE_COLUMNS)

    def runs_before(self, run: RunInfo, *, branch: str | None, limit: int, offset: int = 0) -> list[RunInfo]:
        """Runs of BRANCH older than RUN (by run time, then id), newest first: where baselines come from."""
        on_branch = models.Run.branch.is_(None) if branch is None else models.Run.branch == branch
        key = _order_key()
        if self._has_stand_ins():
            # RUN itself is listed (whatever its branch) to find its place.
            chosen = or_(on_branch, models.Run.id == run.id)
            statement = self._run_select(counts=False).where(chosen).order_by(key.desc(), models.Run.id.desc())
            listed = in_release_order(self._run_infos(statement), lambda r: r.commit, newest_first=True)
            after = [r.id for r in listed].index(run.id) + 1
            return listed[after + offset : after + offset + limit]
        with self.engine.connect() as connection:
            position = connection.execute(select(key).where(models.Run.id == run.id)).scalar_one()
        older = or_(key < position, and_(key == position, models.Run.id < run.id))
        statement = (
            self._run_select(counts=False)
            .where(on_branch, older)
            .order_by(key.desc(), models.Run.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return self._run_infos(statement)

    def runs_of_commits(self, shas: Sequence[str]) -> list[RunInfo]:
        """Runs measured on any of these commits (any branch), newest first."""
        found: list[RunInfo] = []
        for start in range(0, len(shas), 500):
            chunk = list(shas[start : start + 500])
            found += self._run_infos(self._run_select(counts=False).where(models.Commit.sha.in_(chunk)))
        key = {run.id: (run.time is not None, run.time, run.id) for run in found}
        return sorted(found, key=lambda run: key[run.id], reverse=True)

    def _frame(self, statement: Rows, columns: list[str]) -> pd.DataFrame:
        import pandas as pd

        with self.engine.connect() as connection:
            rows = fetch_all(connection, statement)
        return pd.DataFrame.from_records(rows, columns=columns)

    def _columns(self, statement: Rows, columns: list[str]) -> Columns:
        """The rows of STATEMENT by column, without building a DataFrame (nor importing pandas)."""
        with self.engine.connect() as connection:
            rows = fetch_all(connection, statement)
        return dict(zip(columns, by_column(rows, len(columns)), strict=True))

    def run_environments(self, run_ids: Sequence[int]) -> dict[int, dict[str, str]]:
        """The environment each run was measured in (machine, OS, CPU, interpreter and tool versions)."""
        found: dict[int, dict[str, str]] = {}
        with self.engine.connect() as connection:
            for start in range(0, len(run_ids), 500):
                chunk = list(run_ids[start : start + 500])
                statement = select(models.Run.id, models.Run.environment).where(models.Run.id.in_(chunk))
                found.update({int(row[0]): dict(row[1] or {}) for row in connection.execute(statement)})
        return found

    def test_places(self, test_ids: Sequence[str]) -> dict[str, tuple[str, int | None]]:
        """The source file and line (None when unknown) of each of these tests that knows its file (for
        annotations placed in the code)."""
        found: dict[str, tuple[str, int | None]] = {}
        table = models.Test
        with self.engine.connect() as connection:
            for start in range(0, len(test_ids), 500):
                chunk = list(test_ids[start : start + 500])
                statement = select(table.id, table.file, table.line).where(table.id.in_(chunk))
                found.update({str(row[0]): (str(row[1]), row[2]) for row in connection.execute(statement) if row[1]})
        return found
