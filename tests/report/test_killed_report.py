"""A report killed at any moment: the folder is the old tree or the new one, and the next run tidies up."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import finished_process_id
from tests.report.trees import files, report, save_releases
from tracker.reports import exchange
from tracker.reports.tree.swap import carry_over

ROOT = Path(__file__).resolve().parents[2]
TESTS = [f"spec/s{number:03d}_spec.lua case {number}" for number in range(150)]


def _releases(db: str, *tags: str) -> None:
    save_releases(db, [(tag, {name: [0.01 * (1 + index)] for name in TESTS}) for index, tag in enumerate(tags)])


def _old_tree(tmp_path: Path) -> tuple[str, Path, dict[str, bytes]]:
    """A tree of v1.0 holding a note of the user's, and a database that has v1.1 since."""
    db, out = str(tmp_path / "b.db"), tmp_path / "out"
    _releases(db, "v1.0")
    assert report(db, out).exit_code == 0
    (out / "NOTES.md").write_text("mine\n")
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/results\n")
    _releases(db, "v1.0", "v1.1")
    return db, out, files(out)


def test_a_report_killed_while_writing_leaves_the_old_tree_and_the_next_run_removes_its_folder(
    tmp_path: Path,
) -> None:
    db, out, before = _old_tree(tmp_path)
    command = [sys.executable, "-m", "tracker", "report", "--out", str(out), "--db", db]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL, start_new_session=True)
    while not [p for p in tmp_path.iterdir() if p.name.startswith(".out.tracker-new-")] and process.poll() is None:
        time.sleep(0.001)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the report ended before it could be killed"
    assert files(out) == before
    assert report(db, out).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.db", "out"]
    assert (out / "NOTES.md").read_text() == "mine\n"


def test_carrying_the_users_files_across_leaves_the_old_tree_whole(tmp_path: Path) -> None:
    """A kill between carrying and swapping must find the old tree as it was."""
    _, out, before = _old_tree(tmp_path)
    staging = tmp_path / "staging"
    staging.mkdir()
    carried = carry_over(out, staging, keep_old_tags=False)
    assert sorted(carried.kept) == [".git", "NOTES.md"]
    assert files(out) == before
    assert (staging / "NOTES.md").read_text() == "mine\n"


def test_a_run_killed_between_the_two_renames_gets_its_old_tree_back(tmp_path: Path) -> None:
    """Where the folders cannot trade places in one step, the old tree goes aside first."""
    _, out, before = _old_tree(tmp_path)
    dead = finished_process_id()
    aside, half_built = tmp_path / f".out.tracker-aside-{dead}-x1", tmp_path / f".out.tracker-new-{dead}-x2"
    out.replace(aside)
    (half_built / "by_release").mkdir(parents=True)
    exchange.recover(out)
    assert files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.db", "out"]


def test_the_folders_of_a_report_still_running_are_left_alone(tmp_path: Path) -> None:
    db, out, _ = _old_tree(tmp_path)
    running = tmp_path / f".out.tracker-new-{os.getppid()}-x"
    running.mkdir()
    assert report(db, out).exit_code == 0
    assert running.is_dir()


def test_without_a_one_step_exchange_the_swap_renames_aside_and_ends_with_the_new_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, out, _ = _old_tree(tmp_path)
    expected = tmp_path / "expected"
    assert report(db, expected).exit_code == 0
    monkeypatch.setattr(exchange, "_exchange_in_one_step", lambda first, second: False)
    assert report(db, out).exit_code == 0
    new = files(out)
    assert new.pop("NOTES.md") == b"mine\n" and new.pop(".git/HEAD") == b"ref: refs/heads/results\n"
    assert new == files(expected)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.db", "expected", "out"]
