"""The short variant of the report and publish experiments of `make soak`: a few seeded kills,
racing publishers, reports while ingests commit. Real processes, real git, real SQLite."""

from __future__ import annotations

from pathlib import Path

from benchmarks.soak.publish_kills import publish_kills, publishers
from benchmarks.soak.report_kills import report_kills, report_snapshot


def test_a_killed_report_leaves_the_old_tree_or_the_new_one_and_the_next_run_tidies_up(tmp_path: Path) -> None:
    figures = report_kills(tmp_path, 2, seed=7, tests=20, clean_every=2)
    assert figures["kills survived"] == 2 - figures["finished before the kill"]  # type: ignore[operator]
    assert figures["states seen old"] + figures["new"] == 2  # type: ignore[operator]
    assert figures["mixed"] == 0 and figures["left after the next run"] == 0


def test_a_killed_publish_leaves_the_remote_and_the_checkout_and_the_next_one_succeeds(tmp_path: Path) -> None:
    figures = publish_kills(tmp_path, 2, seed=7, tests=10, clean_every=2)
    assert figures["remote branch old"] + figures["new"] == 2  # type: ignore[operator]
    assert figures["half"] == 0 and figures["checkout changed"] == 0 and figures["publishes after kills"] == 1


def test_six_publishers_at_once_all_land_without_a_forced_push(tmp_path: Path) -> None:
    """Six were more than five attempts could take: the last of six may be rejected five times."""
    figures = publishers(tmp_path, 6, seed=7, tests=10, report=False)
    assert figures["runs on the branch"] == 6 and figures["runs lost"] == 0


def test_reports_drawn_while_ingests_commit_see_whole_runs(tmp_path: Path) -> None:
    figures = report_snapshot(tmp_path, seed=7, tests=10, rounds=4)
    assert figures["inconsistent"] == 0 and figures["reports during ingests"] >= 1  # type: ignore[operator]
