"""Which regressions the dashboard calls open: those the test has not recovered from."""

from __future__ import annotations

from tracker.api.dashboard import _open_regressions
from tracker.domain import ChangeKind, ChangePoint, CommitSummary


def step(before: float, after: float) -> ChangePoint:
    change = (after / before - 1) * 100
    kind = ChangeKind.REGRESSION if after > before else ChangeKind.IMPROVEMENT
    commit = CommitSummary(sha=f"{before:.0f}{after:.0f}")
    return ChangePoint("t", "test", "time", "s", commit, commit, before, after, change, change, change, 0.01, kind)


def test_a_regression_that_stays_is_open() -> None:
    changes = (step(10, 15),)
    assert _open_regressions(changes) == changes


def test_a_regression_undone_by_an_improvement_is_closed() -> None:
    assert _open_regressions((step(10, 15), step(15, 10.2))) == ()


def test_a_small_improvement_after_a_large_regression_leaves_it_open() -> None:
    regression = step(10, 20)
    assert _open_regressions((regression, step(20, 18))) == (regression,)


def test_two_regressions_in_a_row_are_both_open() -> None:
    first, second = step(10, 12), step(12, 15)
    assert _open_regressions((first, second)) == (first, second)


def test_an_improvement_alone_is_no_regression() -> None:
    assert _open_regressions((step(10, 8),)) == ()
