"""Reading stored profiles: a run's call-tree nodes per test, and which runs and tests have them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select

from tracker.domain import ProfileNode, TestCase
from tracker.store import models
from tracker.store.base import Connected


def _order_key() -> Any:
    return func.coalesce(models.Run.time, models.Run.ingested_at)


class ProfileQueries(Connected):
    def profile_nodes(self, run_id: int, test_ids: Sequence[str]) -> dict[str, list[ProfileNode]]:
        """Every stored node of these tests in the run, by test id, parents before children."""
        node, test = models.ProfileNode, models.Test
        statement = (
            select(
                node.test_id,
                test.name,
                test.file,
                test.tags,
                node.stack,
                node.calls,
                node.total,
                node.self_time,
                node.pid,
                node.tid,
                node.unit,
            )
            .join(test, test.id == node.test_id)
            .where(node.run_id == run_id, node.test_id.in_(list(test_ids)))
            .order_by(node.test_id, node.id)
        )
        found: dict[str, list[ProfileNode]] = {}
        cases: dict[str, TestCase] = {}
        with self.engine.connect() as connection:
            for row in connection.execute(statement):
                case = cases.get(row[0])
                if case is None:
                    case = cases[row[0]] = TestCase(row[1], row[2], tuple(row[3] or ()))
                found.setdefault(row[0], []).append(
                    ProfileNode(
                        test=case,
                        stack=tuple(row[4]),
                        calls=row[5],
                        total=row[6],
                        self_time=row[7],
                        pid=_thread(row[8]),
                        tid=_thread(row[9]),
                        unit=row[10],
                    )
                )
        return found

    def profiled_tests(self, run_id: int | None = None) -> dict[str, float]:
        """Tests that have a profile (in RUN_ID, or in any run), with the largest root total seen."""
        node = models.ProfileNode
        statement = select(node.test_id, func.max(node.total)).group_by(node.test_id)
        if run_id is not None:
            statement = statement.where(node.run_id == run_id)
        with self.engine.connect() as connection:
            return {row[0]: float(row[1] or 0.0) for row in connection.execute(statement)}

    def profiled_run_ids(self, test_id: str) -> list[int]:
        """Runs holding a profile of the test, newest first."""
        run, node = models.Run, models.ProfileNode
        having = select(node.run_id).where(node.test_id == test_id).distinct().subquery()
        statement = select(run.id).join(having, having.c.run_id == run.id).order_by(_order_key().desc(), run.id.desc())
        with self.engine.connect() as connection:
            return [int(row[0]) for row in connection.execute(statement)]


def _thread(value: str) -> int | str:
    """pid and tid are stored as text; numbers come back as numbers."""
    return int(value) if value.lstrip("-").isdigit() else value
