"""Reading commit metadata from a git repository."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

from tracker.domain import CommitInfo

_FIELDS = ("%H", "%P", "%an", "%ae", "%aI", "%s", "%b")
_SEPARATOR = "\x1f"


def _git(cwd: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", errors="replace", check=False
        )
    except (FileNotFoundError, NotADirectoryError):
        return None
    return done.stdout if done.returncode == 0 else None


def read_commit(cwd: Path, rev: str = "HEAD") -> CommitInfo | None:
    """The commit REV names in the repository around CWD, or None outside a repository."""
    out = _git(cwd, "log", "-1", f"--format={_SEPARATOR.join(_FIELDS)}", rev, "--")
    if not out:
        return None
    sha, parents, author, email, when, subject, body = out.rstrip("\n").split(_SEPARATOR, 6)
    tags = _git(cwd, "tag", "--points-at", sha) or ""
    return CommitInfo(
        sha=sha,
        subject=subject,
        body=body.strip(),
        author=author,
        email=email,
        time=datetime.fromisoformat(when),
        parents=tuple(parents.split()),
        tags=tuple(tags.split()),
    )


def current_branch(cwd: Path) -> str | None:
    """The checked-out branch, or None when HEAD is detached or outside a repository."""
    out = _git(cwd, "symbolic-ref", "--quiet", "--short", "HEAD")
    return out.strip() if out else None


def commits_between(cwd: Path, good: str, bad: str) -> list[CommitInfo] | None:
    """The commits after GOOD up to and including BAD on the paths between them, oldest first;
    None when CWD is not in a repository or it does not know both commits."""
    out = _git(
        cwd, "log", "--reverse", "--ancestry-path", f"--format={_SEPARATOR.join(_FIELDS)}%x1e", f"{good}..{bad}", "--"
    )
    if out is None:
        return None
    commits = []
    for record in out.split("\x1e"):
        if not record.strip():
            continue
        sha, parents, author, email, when, subject, body = record.strip("\n").split(_SEPARATOR, 6)
        commits.append(
            CommitInfo(
                sha=sha,
                subject=subject,
                body=body.strip(),
                author=author,
                email=email,
                time=datetime.fromisoformat(when),
                parents=tuple(parents.split()),
            )
        )
    return commits


def merge_base(cwd: Path, commit: str, branch: str) -> str | None:
    """The newest common ancestor of COMMIT and BRANCH (tried as given, then as origin/BRANCH)."""
    for ref in (branch, f"origin/{branch}"):
        out = _git(cwd, "merge-base", commit, ref)
        if out and out.strip():
            return out.strip()
    return None


def ancestors(cwd: Path, rev: str, limit: int) -> list[str] | None:
    """REV and its ancestors, newest first (at most LIMIT shas); None outside a repository."""
    out = _git(cwd, "rev-list", f"--max-count={limit}", rev, "--")
    return None if out is None else out.split()
