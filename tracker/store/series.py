"""Reading histories: every test's results on one branch, and the branch's commits in order.

Commits are ordered by their own time (author time from git or the result file) and, when it is
unknown, by the time of their first run on the branch, so that a commit measured later (a
re-run, or a commit measured to bisect a change) takes its place in history, not at the end.

A scan reads hundreds of thousands of values. Results with a summary are read as rows; the
values of results without one (one value per commit, as github-action-benchmark keeps them, or
busted's raw timings) are read as one row per test and metric holding `run:value` pairs, since
building a Python row for each value costs several times more than the query itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import String, cast, func, select

from tracker.domain.releases import in_release_order
from tracker.store import models
from tracker.store.base import Connected, by_column, fetch_all

if TYPE_CHECKING:
    import pandas as pd

COMMIT_COLUMNS = ["commit_id", "sha", "subject", "type", "author", "time", "first_run"]
RESULT_COLUMNS = ["run_id", "commit_id", "test_id", "metric_id", "n", "mean", "median", "q1", "q3", "min", "max"]
SAMPLE_COLUMNS = ["run_id", "commit_id", "test_id", "metric_id", "value"]


def _on_branch(branch: str | None) -> Any:
    return models.Run.branch.is_(None) if branch is None else models.Run.branch == branch


class SeriesQueries(Connected):
    """Whole histories of a branch, read in bulk for the change-point scan."""

    def branches(self) -> list[tuple[str | None, int]]:
        """Branches with their number of runs, most runs first."""
        statement = (
            select(models.Run.branch, func.count())
            .group_by(models.Run.branch)
            .order_by(func.count().desc(), models.Run.branch)
        )
        with self.engine.connect() as connection:
            return [(row[0], int(row[1])) for row in connection.execute(statement)]

    def newest_branch(self) -> str | None:
        """The branch of the newest run (None when the newest run has no branch)."""
        key = func.coalesce(models.Run.time, models.Run.ingested_at)
        statement = select(models.Run.branch).order_by(key.desc(), models.Run.id.desc()).limit(1)
        with self.engine.connect() as connection:
            return connection.execute(statement).scalar()

    def branch_commits(self, branch: str | None) -> pd.DataFrame:
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
        with self.engine.connect() as connection:
            rows = connection.execute(statement).all()
        frame = pd.DataFrame.from_records(rows, columns=COMMIT_COLUMNS)
        if frame.empty:
            return frame
        for column in ("time", "first_run"):
            # One resolution for both, so that one can fill the other's gaps.
            frame[column] = pd.to_datetime(frame[column], utc=True).dt.as_unit("us")
        frame["order"] = frame["time"].fillna(frame["first_run"])
        frame = frame.sort_values(["order", "first_run", "commit_id"], kind="stable").reset_index(drop=True)
        positions = in_release_order(list(range(len(frame))), lambda i: str(frame.at[i, "sha"]))
        return frame.iloc[positions].reset_index(drop=True)

    def test_names(self) -> dict[str, str]:
        """Every test: id -> full name, by name."""
        statement = select(models.Test.id, models.Test.name).order_by(models.Test.name)
        with self.engine.connect() as connection:
            return {row[0]: row[1] for row in connection.execute(statement)}

    def metrics(self) -> dict[int, tuple[str, str, str]]:
        """Every metric: id -> (name, unit, direction)."""
        statement = select(models.Metric.id, models.Metric.name, models.Metric.unit, models.Metric.direction)
        with self.engine.connect() as connection:
            return {int(row[0]): (row[1], row[2], row[3]) for row in connection.execute(statement)}

    def branch_results(self, branch: str | None) -> pd.DataFrame:
        """Passed results with a summary (mean or median) of every run on BRANCH (`RESULT_COLUMNS`)."""
        result, run = models.Result, models.Run
        statement = (
            select(
                result.run_id,
                run.commit_id,
                result.test_id,
                result.metric_id,
                result.n,
                result.mean,
                result.median,
                result.q1,
                result.q3,
                result.min,
                result.max,
            )
            .join(run, run.id == result.run_id)
            .where(*_measured(branch), result.median.is_not(None) | result.mean.is_not(None))
        )
        import pandas as pd

        with self.engine.connect() as connection:
            rows = fetch_all(connection, statement)
        columns = by_column(rows, len(RESULT_COLUMNS))
        data = {
            name: np.array(values, dtype=object if name == "test_id" else np.int64 if name.endswith("_id") else float)
            for name, values in zip(RESULT_COLUMNS, columns, strict=True)
        }
        return pd.DataFrame(data, columns=RESULT_COLUMNS)

    def bare_samples(self, branch: str | None) -> pd.DataFrame:
        """Every value of the passed results without a summary on BRANCH (`SAMPLE_COLUMNS`)."""
        result, run, sample = models.Result, models.Run, models.Sample
        pair = cast(sample.run_id, String) + ":" + cast(sample.value, String)
        statement = (
            select(result.test_id, result.metric_id, func.aggregate_strings(pair, ","))
            .join(run, run.id == result.run_id)
            .join(
                sample,
                (sample.run_id == result.run_id)
                & (sample.test_id == result.test_id)
                & (sample.metric_id == result.metric_id),
            )
            .where(*_measured(branch), result.median.is_(None), result.mean.is_(None))
            .group_by(result.test_id, result.metric_id)
        )
        commit_of = select(run.id, run.commit_id).where(*_measured(branch)[:2])
        import pandas as pd

        # SQLite drives this join from the samples (every value on the branch): when every result
        # has a summary, which one look at the results tells, it is not run at all.
        bare = (
            select(result.run_id)
            .join(run, run.id == result.run_id)
            .where(*_measured(branch), result.median.is_(None), result.mean.is_(None))
            .limit(1)
        )
        with self.engine.connect() as connection:
            rows = fetch_all(connection, statement) if fetch_all(connection, bare) else []
            commits = dict(fetch_all(connection, commit_of))
        pairs = [np.array(text.replace(":", ",").split(","), dtype=float).reshape(-1, 2) for _, _, text in rows]
        lengths = [len(p) for p in pairs]
        flat = np.concatenate(pairs) if pairs else np.zeros((0, 2))
        run_ids = flat[:, 0].astype(np.int64)
        commit_ids = np.array([commits[r] for r in run_ids.tolist()], dtype=np.int64)
        data = {
            "run_id": run_ids,
            "commit_id": commit_ids,
            "test_id": np.repeat(np.array([r[0] for r in rows], dtype=object), lengths),
            "metric_id": np.repeat(np.array([r[1] for r in rows], dtype=np.int64), lengths),
            "value": flat[:, 1],
        }
        return pd.DataFrame(data, columns=SAMPLE_COLUMNS)

    def branch_sample_values(
        self, branch: str | None
    ) -> dict[tuple[str, int], tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]]:
        """Every raw value of the passed results on BRANCH, by test and metric: (commit ids, values).

        Read as one `commit:value` string per test and metric (see the module's note); a branch of
        2,000 tests x 500 commits x 5 values is 5 million of them."""
        result, run, sample = models.Result, models.Run, models.Sample
        pair = cast(run.commit_id, String) + ":" + cast(sample.value, String)
        statement = (
            select(sample.test_id, sample.metric_id, func.aggregate_strings(pair, ","))
            .join(run, run.id == sample.run_id)
            .join(
                result,
                (result.run_id == sample.run_id)
                & (result.test_id == sample.test_id)
                & (result.metric_id == sample.metric_id),
            )
            .where(*_measured(branch))
            .group_by(sample.test_id, sample.metric_id)
        )
        found = {}
        with self.engine.connect() as connection:
            for test_id, metric_id, text in fetch_all(connection, statement):
                pairs = np.array(text.replace(":", ",").split(","), dtype=float).reshape(-1, 2)
                found[(str(test_id), int(metric_id))] = (pairs[:, 0].astype(np.int64), pairs[:, 1])
        return found


def _measured(branch: str | None) -> tuple[Any, ...]:
    """Runs on BRANCH with a commit, and their passed results."""
    return (_on_branch(branch), models.Run.commit_id.is_not(None), models.Result.status == "passed")
