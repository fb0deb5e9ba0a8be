"""`tracker publish` on real repositories: a bare remote, clones with work in progress, racing jobs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import Outcome, run
from tests.gitrepo import git
from tests.publish.repos import (
    ROOT,
    TUBULAR,
    Project,
    branch_files,
    checkout_state,
    clone_with_work_in_progress,
    make_project,
    tracker,
)
from tracker.api.ingest import ingest
from tracker.api.publish import PublishOptions, publish
from tracker.errors import GitError
from tracker.store import Store
from tracker.vcs import results_branch


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path)


def _publish(monkeypatch: pytest.MonkeyPatch, clone: Path, *args: str) -> Outcome:
    """`tracker publish --no-report ARGS` in this process, from CLONE (the report has tests of its own)."""
    monkeypatch.chdir(clone)
    return run("publish", "--no-report", *args)


def _ingest(db: str, repo: Path, *files: Path) -> None:
    with Store(db, writable=True) as store:
        ingest(store, [str(f) for f in files], cwd=repo)


def test_publish_leaves_the_checkout_alone_and_pushes_one_file_per_run(project: Project, tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    _ingest(db, project.clone, *TUBULAR[:2])
    before = checkout_state(project.clone)
    done = tracker(project.clone, "publish", "--db", db, "--remote", "origin", "--push")
    assert done.returncode == 0, done.stderr
    assert checkout_state(project.clone) == before
    files = branch_files(project.remote, "profiling")
    runs = [f for f in files if f.startswith("profiling/history/runs/")]
    assert runs == [
        "profiling/history/runs/2026/2026-01-07T110911Z-" + runs[0].rsplit("-", 1)[1],
        "profiling/history/runs/2026/2026-01-07T120324Z-" + runs[1].rsplit("-", 1)[1],
    ]
    assert "module.py" in files and "profiling/README.md" in files
    assert done.stdout.strip() == git(project.remote, "rev-parse", "profiling")
    main = git(project.remote, "rev-parse", "main")
    assert git(project.remote, "merge-base", "--is-ancestor", main, "profiling") == ""


def test_a_second_publish_merges_main_in_and_adds_only_the_new_run(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "a.db")
    _ingest(db, project.clone, TUBULAR[0])
    assert _publish(monkeypatch, project.clone, "--db", db, "--remote", "origin", "--push").exit_code == 0
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(project.remote), str(other))
    git(other, "commit", "-q", "--allow-empty", "-m", "feat: newer main")
    git(other, "push", "-q", "origin", "main")
    _ingest(db, project.clone, TUBULAR[1])
    before = checkout_state(project.clone)
    done = _publish(
        monkeypatch, project.clone, "--db", db, "--remote", "origin", "--push", "--message", "chore: results"
    )
    assert done.exit_code == 0, done.stderr
    assert checkout_state(project.clone) == before
    new_main = git(project.remote, "rev-parse", "main")
    subjects = git(project.remote, "log", "--format=%s", "profiling").splitlines()
    assert subjects[:2] == ["chore: results", "chore(results): merge main into profiling"]
    assert git(project.remote, "merge-base", "--is-ancestor", new_main, "profiling") == ""
    added = git(project.remote, "diff", "--name-only", "profiling^", "profiling").splitlines()
    assert [name for name in added if "/runs/" in name] == [
        n for n in branch_files(project.remote, "profiling") if "T120324Z" in n
    ]


def test_nothing_new_commits_nothing(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "a.db")
    _ingest(db, project.clone, TUBULAR[0])
    _publish(monkeypatch, project.clone, "--db", db, "--remote", "origin", "--push")
    tip = git(project.remote, "rev-parse", "profiling")
    done = _publish(monkeypatch, project.clone, "--db", db, "--remote", "origin", "--push")
    assert done.exit_code == 0 and done.stdout == ""
    assert "already holds every run" in done.stderr
    assert git(project.remote, "rev-parse", "profiling") == tip


def test_a_failure_mid_publish_leaves_remote_branch_and_checkout_as_they_were(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "a.db")
    _ingest(db, project.clone, TUBULAR[0])
    _publish(monkeypatch, project.clone, "--db", db, "--remote", "origin", "--push")
    _ingest(db, project.clone, TUBULAR[1])
    refs = git(project.remote, "for-each-ref")
    before = checkout_state(project.clone)

    class Boom(Exception):
        pass

    def fail_after_writing(folder: Path) -> None:
        (folder / "half-written.txt").write_text("half")
        assert checkout_state(project.clone)["files"] == before["files"]  # during: still untouched
        raise Boom

    with pytest.raises(Boom):
        target = results_branch.BranchTarget(project.clone, "profiling", "profiling", remote="origin", push=True)
        results_branch.publish(target, fail_after_writing)
    assert git(project.remote, "for-each-ref") == refs
    state = checkout_state(project.clone)
    assert {k: v for k, v in state.items() if k != "branches"} == {k: v for k, v in before.items() if k != "branches"}
    assert git(project.clone, "worktree", "list", "--porcelain").count("worktree ") == 1


def test_a_push_rejected_by_a_faster_publisher_is_rebuilt_on_its_tip_and_loses_nothing(
    project: Project, tmp_path: Path
) -> None:
    """The other job pushes while this one is writing: this one's first push is rejected, it starts again."""
    theirs = str(tmp_path / "theirs.db")
    other = clone_with_work_in_progress(project.remote, tmp_path / "other")
    _ingest(theirs, other, TUBULAR[1])
    seen: list[list[str]] = []

    def write(folder: Path) -> None:
        seen.append(sorted(str(p.relative_to(folder)) for p in folder.rglob("*.json.gz")))
        if len(seen) == 1:
            assert (
                tracker(other, "publish", "--no-report", "--db", theirs, "--remote", "origin", "--push").returncode == 0
            )
        (folder / "mine.txt").write_text("my run\n")

    target = results_branch.BranchTarget(project.clone, "profiling", "profiling", remote="origin", push=True)
    outcome = results_branch.publish(target, write)
    assert outcome.attempts == 2 and outcome.pushed
    assert seen[0] == [] and len(seen[1]) == 1  # the second attempt starts from the other job's tip
    files = branch_files(project.remote, "profiling")
    assert "profiling/mine.txt" in files and seen[1][0] in [f.removeprefix("profiling/") for f in files]


def test_two_publishers_racing_in_two_processes_both_land(project: Project, tmp_path: Path) -> None:
    clones = [project.clone, clone_with_work_in_progress(project.remote, tmp_path / "second")]
    jobs = []
    for number, (clone, data) in enumerate(zip(clones, TUBULAR[2:4], strict=True)):
        db = str(tmp_path / f"job{number}.db")
        _ingest(db, clone, data)
        command = [sys.executable, "-m", "tracker", "publish", "--db", db, "--remote", "origin", "--push"]
        command.append("--no-report" if number else "--report")  # one job draws the report, one does not
        jobs.append(
            subprocess.Popen(command, cwd=clone, env=_env(clone), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        )
    outcomes = [job.communicate() for job in jobs]
    assert [job.returncode for job in jobs] == [0, 0], outcomes
    runs = [f for f in branch_files(project.remote, "profiling") if "/runs/" in f]
    assert len(runs) == 2
    assert git(project.remote, "fsck", "--no-progress") == ""


def test_the_branch_checked_out_here_is_refused(project: Project, tmp_path: Path) -> None:
    git(project.clone, "branch", "profiling")
    git(project.clone, "worktree", "add", "-q", str(tmp_path / "results"), "profiling")
    with Store(str(tmp_path / "a.db"), writable=True) as store, pytest.raises(GitError, match="checked out in"):
        publish(store, project.clone, PublishOptions())


def test_publish_without_a_remote_moves_only_the_local_branch(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "a.db")
    _ingest(db, project.clone, TUBULAR[0])
    before = checkout_state(project.clone)
    done = _publish(monkeypatch, project.clone, "--db", db)
    assert done.exit_code == 0, done.stderr
    assert done.stdout.strip() == git(project.clone, "rev-parse", "profiling")
    after = checkout_state(project.clone)
    assert {k: v for k, v in after.items() if k != "branches"} == {k: v for k, v in before.items() if k != "branches"}
    assert git(project.remote, "branch", "--list", "profiling") == ""


def _env(cwd: Path) -> dict[str, str]:
    from tests.gitrepo import ENV

    return {**ENV, "PYTHONPATH": str(ROOT), "HOME": str(cwd)}
