"""Reading commits and their relations from a git repository.

A history file names thousands of commits (a `data.js`, an Otava CSV, a series); asking git
once per commit costs a process each, seconds in all. `read_commits` answers for any number with
three processes: one resolves every name, one reads the commits, one lists the tags.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

from tracker.domain import CommitInfo

_SEPARATOR = "\x1f"
_RECORD = "\x1e"
_FORMAT = _SEPARATOR.join(("%H", "%P", "%an", "%ae", "%aI", "%s", "%b")) + _RECORD
_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")


def _git(cwd: Path, *args: str, stdin: str | None = None) -> str | None:
    """Git's standard output, or None when git fails or CWD is not in a repository."""
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except (FileNotFoundError, NotADirectoryError):
        return None
    return done.stdout if done.returncode == 0 else None


def _records(out: str, tags: dict[str, list[str]]) -> Iterator[CommitInfo]:
    """Commits from `git log --format=_FORMAT` output."""
    for record in out.split(_RECORD):
        if not record.strip():
            continue
        sha, parents, author, email, when, subject, body = record.strip("\n").split(_SEPARATOR, 6)
        yield CommitInfo(
            sha=sha,
            subject=subject,
            body=body.strip(),
            author=author,
            email=email,
            time=datetime.fromisoformat(when),
            parents=tuple(parents.split()),
            tags=tuple(tags.get(sha, ())),
        )


def _tags(cwd: Path) -> dict[str, list[str]]:
    """Tag names by the commit they point at (annotated tags peeled), in name order."""
    out = _git(cwd, "for-each-ref", "refs/tags", "--format=%(objectname) %(*objectname) %(refname:short)")
    tags: dict[str, list[str]] = {}
    for line in (out or "").splitlines():
        target, peeled, name = line.split(" ", 2)
        tags.setdefault(peeled or target, []).append(name)
    return tags


def read_commits(cwd: Path, revs: Iterable[str]) -> dict[str, CommitInfo]:
    """The commits REVS name in the repository around CWD, keyed by the rev as given.

    A rev git does not know (or that names no commit) is left out, as is everything outside a
    repository.
    """
    wanted = [rev for rev in dict.fromkeys(revs) if rev.strip() and "\n" not in rev]
    if not wanted:
        return {}
    resolved = _git(cwd, "cat-file", "--batch-check=%(objectname)", stdin="".join(f"{r}^{{commit}}\n" for r in wanted))
    if resolved is None:
        return {}
    shas = {rev: line for rev, line in zip(wanted, resolved.splitlines(), strict=False) if _SHA.fullmatch(line)}
    if not shas:
        return {}
    unique = "".join(f"{sha}\n" for sha in dict.fromkeys(shas.values()))
    log = _git(cwd, "log", "--no-walk=unsorted", "--stdin", f"--format={_FORMAT}", stdin=unique)
    commits = {commit.sha: commit for commit in _records(log or "", _tags(cwd))}
    return {rev: commits[sha] for rev, sha in shas.items() if sha in commits}


def read_commit(cwd: Path, rev: str = "HEAD") -> CommitInfo | None:
    """The commit REV names in the repository around CWD, or None."""
    return read_commits(cwd, [rev]).get(rev)


def current_branch(cwd: Path) -> str | None:
    """The checked-out branch, or None when HEAD is detached or outside a repository."""
    out = _git(cwd, "symbolic-ref", "--quiet", "--short", "HEAD")
    return out.strip() if out else None


def commits_between(cwd: Path, good: str, bad: str) -> list[CommitInfo] | None:
    """The commits after GOOD up to and including BAD on the paths between them, oldest first;
    None when CWD is not in a repository or it does not know both commits."""
    out = _git(cwd, "log", "--reverse", "--ancestry-path", f"--format={_FORMAT}", f"{good}..{bad}", "--")
    return None if out is None else list(_records(out, {}))


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
