"""A publish killed half way: the remote branch and the checkout as they were, and the next publish tidies up."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.gitrepo import ENV, git
from tests.publish.repos import ROOT, TUBULAR, Project, checkout_state, make_project, tracker
from tracker.api.ingest import ingest
from tracker.store import Store


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path)


def _ingest(db: str, repo: Path, *files: Path) -> None:
    with Store(db, writable=True) as store:
        ingest(store, [str(f) for f in files], cwd=repo)


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _worktrees(repo: Path) -> list[str]:
    return [line for line in git(repo, "worktree", "list", "--porcelain").splitlines() if line.startswith("worktree ")]


def test_a_publish_killed_in_its_worktree_changes_nothing_and_the_next_one_removes_the_worktree(
    project: Project, tmp_path: Path
) -> None:
    db, temp = str(tmp_path / "a.db"), tmp_path / "tmp"
    temp.mkdir()
    env = {"TMPDIR": str(temp)}
    _ingest(db, project.clone, TUBULAR[0])
    assert tracker(project.clone, "publish", "--db", db, "--remote", "origin", "--push", env=env).returncode == 0
    _ingest(db, project.clone, TUBULAR[1])
    refs, before = git(project.remote, "for-each-ref"), checkout_state(project.clone)
    command = [sys.executable, "-m", "tracker", "publish", "--db", db, "--remote", "origin", "--push"]
    process = subprocess.Popen(
        command,
        cwd=project.clone,
        env={**ENV, "PYTHONPATH": str(ROOT), "HOME": str(tmp_path), **env},
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    while not list(temp.glob("tracker-publish-*/tree/profiling")) and process.poll() is None:
        time.sleep(0.001)
    os.killpg(process.pid, signal.SIGKILL)  # tracker and its git children, as a cancelled CI job
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the publish ended before it could be killed"
    assert git(project.remote, "for-each-ref") == refs
    after = checkout_state(project.clone)
    assert {k: v for k, v in after.items() if k != "worktrees"} == {k: v for k, v in before.items() if k != "worktrees"}
    assert len(_worktrees(project.clone)) == 2  # the killed publish's, until the next publish
    done = tracker(project.clone, "publish", "--db", db, "--remote", "origin", "--push", env=env)
    assert done.returncode == 0, done.stderr
    assert len(_worktrees(project.clone)) == 1
    assert list(temp.iterdir()) == []
    assert done.stdout.strip() == git(project.remote, "rev-parse", "profiling")


def test_a_worktree_killed_while_git_was_making_it_is_removed_too(project: Project, tmp_path: Path) -> None:
    """`git worktree add` locks the worktree until it is made: a kill then leaves it locked, and `prune` skips it."""
    db, temp = str(tmp_path / "a.db"), tmp_path / "tmp"
    stale = temp / f"tracker-publish-{_dead_pid()}-x1" / "tree"
    stale.parent.mkdir(parents=True)
    git(project.clone, "worktree", "add", "--quiet", "--lock", "--detach", str(stale), "main")
    (project.clone / ".git" / "worktrees" / "tree" / "index.lock").write_text("")
    running = temp / f"tracker-publish-{os.getpid()}-x2"  # a publish still running: left alone
    running.mkdir()
    _ingest(db, project.clone, TUBULAR[0])
    done = tracker(project.clone, "publish", "--no-report", "--db", db, env={"TMPDIR": str(temp)})
    assert done.returncode == 0, done.stderr
    assert len(_worktrees(project.clone)) == 1
    assert sorted(p.name for p in temp.iterdir()) == [running.name]
