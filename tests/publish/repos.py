"""A project with a bare remote and a clone, and a fingerprint of a checkout that must not change."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.gitrepo import ENV, git

ROOT = Path(__file__).resolve().parents[2]
TUBULAR = sorted((ROOT / "tests" / "data" / "pytest_benchmark").glob("tubular__history__v0[1-6]__*.json"))


@dataclass(frozen=True)
class Project:
    remote: Path
    clone: Path


def make_project(root: Path) -> Project:
    """A bare remote whose main has three commits, and a clone of it with work in progress:
    a modified tracked file, a staged file, an untracked file and a stash entry."""
    remote = root / "remote.git"
    git(root, "init", "-q", "--bare", "-b", "main", str(remote))
    seed = root / "seed"
    git(root, "clone", "-q", str(remote), str(seed))
    git(seed, "checkout", "-q", "-b", "main")
    for number, subject in enumerate(("feat: parser", "fix: speed", "perf: cache"), start=1):
        (seed / "module.py").write_text(f"VALUE = {number}\n")
        git(seed, "add", "module.py")
        git(seed, "commit", "-q", "-m", subject, date=f"2026-01-0{number}T10:00:00+00:00")
    git(seed, "push", "-q", "origin", "main")
    return Project(remote, clone_with_work_in_progress(remote, root / "clone"))


def clone_with_work_in_progress(remote: Path, path: Path) -> Path:
    git(path.parent, "clone", "-q", str(remote), str(path))
    (path / "module.py").write_text("VALUE = 'stashed'\n")
    git(path, "stash", "-q")
    (path / "module.py").write_text("VALUE = 'edited, not committed'\n")
    (path / "staged.py").write_text("STAGED = True\n")
    git(path, "add", "staged.py")
    (path / "notes.txt").write_text("untracked notes\n")
    return path


def checkout_state(repo: Path) -> dict[str, str]:
    """Everything of the user's checkout that publishing must leave alone, byte for byte."""
    files = {
        str(path.relative_to(repo)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(repo.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(repo).parts
    }
    index = hashlib.sha256((repo / ".git" / "index").read_bytes()).hexdigest()
    return {
        "HEAD": git(repo, "rev-parse", "HEAD"),
        "symbolic HEAD": git(repo, "rev-parse", "--symbolic-full-name", "HEAD"),
        "status": git(repo, "--no-optional-locks", "status", "--porcelain=v2", "--untracked-files=all"),
        "index": index,
        "stash": git(repo, "stash", "list", "--format=%H %s"),
        "worktrees": git(repo, "worktree", "list", "--porcelain"),
        "branches": git(repo, "for-each-ref", "refs/heads", "--format=%(refname) %(objectname)"),
        "files": repr(files),
    }


def tracker(cwd: Path, *args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real `tracker` command in a child process, as a user or a CI job runs it."""
    environment = {**ENV, "PYTHONPATH": str(ROOT), "HOME": str(cwd), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "tracker", *map(str, args)],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def branch_files(repo: Path, ref: str) -> list[str]:
    return git(repo, "ls-tree", "-r", "--name-only", ref).splitlines()
