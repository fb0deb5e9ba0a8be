"""Reading many commits from git at once.

A history file names thousands of commits (a `data.js`, an Otava CSV, a series); asking git
once per commit costs a process each, seconds in all. Three processes answer for any number:
one resolves every name, one reads the commits, one lists the tags.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from tracker.domain import CommitInfo

_FIELDS = ("%H", "%P", "%an", "%ae", "%aI", "%s", "%b")
_SEPARATOR = "\x1f"
_RECORD = "\x1e"
_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")


def read_commits(cwd: Path, revs: Iterable[str]) -> dict[str, CommitInfo]:
    """The commits REVS name in the repository around CWD, keyed by the rev as given.

    A rev git does not know (or that names no commit) is left out, as is everything outside a
    repository. Each value is what `git.read_commit(cwd, rev)` gives for that rev.
    """
    wanted = [rev for rev in dict.fromkeys(revs) if rev.strip() and "\n" not in rev]
    if not wanted:
        return {}
    resolved = _git(cwd, ["cat-file", "--batch-check=%(objectname)"], "".join(f"{rev}^{{commit}}\n" for rev in wanted))
    if resolved is None:
        return {}
    shas = {rev: line for rev, line in zip(wanted, resolved.splitlines(), strict=False) if _SHA.fullmatch(line)}
    if not shas:
        return {}
    unique = "".join(f"{sha}\n" for sha in dict.fromkeys(shas.values()))
    log = _git(cwd, ["log", "--no-walk=unsorted", "--stdin", f"--format={_SEPARATOR.join(_FIELDS)}{_RECORD}"], unique)
    commits = {commit.sha: commit for commit in _records(log or "", _tags(cwd))}
    return {rev: commits[sha] for rev, sha in shas.items() if sha in commits}


def _records(out: str, tags: dict[str, list[str]]) -> Iterable[CommitInfo]:
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
    out = _git(cwd, ["for-each-ref", "refs/tags", "--format=%(objectname) %(*objectname) %(refname:short)"], "")
    tags: dict[str, list[str]] = {}
    for line in (out or "").splitlines():
        target, peeled, name = line.split(" ", 2)
        tags.setdefault(peeled or target, []).append(name)
    return tags


def _git(cwd: Path, args: list[str], stdin: str) -> str | None:
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
