"""Tables of what the database holds: runs and tests."""

from __future__ import annotations

from collections.abc import Sequence

from tracker.domain import RunInfo, TestInfo, short_commit
from tracker.reports.table import Align, Column, Table


def runs_table(runs: Sequence[RunInfo]) -> Table:
    columns = (
        Column("Run", Align.RIGHT),
        Column("Commit"),
        Column("Branch"),
        Column("Tag"),
        Column("Time"),
        Column("Format"),
        Column("Tests", Align.RIGHT),
        Column("Samples", Align.RIGHT),
        Column("Subject"),
    )
    rows = tuple(
        (
            str(run.id),
            short_commit(run.commit or "-"),
            run.branch or "-",
            run.tag or "-",
            run.time.strftime("%Y-%m-%d %H:%M") if run.time else "-",
            run.format,
            str(run.tests),
            str(run.samples) if run.samples or not run.tests else "summaries",  # the tool gave statistics only
            run.subject[:50],
        )
        for run in runs
    )
    return Table(columns, rows)


def tests_table(tests: Sequence[TestInfo]) -> Table:
    columns = (Column("Id"), Column("Test"), Column("Runs", Align.RIGHT))
    rows = tuple((test.id, test.name, str(test.runs)) for test in tests)
    return Table(columns, rows)
