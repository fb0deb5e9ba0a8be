"""Commits as tracker knows them, and their Conventional Commit headers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

_CONVENTIONAL = re.compile(r"^(?P<type>[A-Za-z]+)(?:\((?P<scope>[^()\r\n]*)\))?(?P<bang>!)?: \S")
# The types of the Conventional Commits convention (commitlint's list and a few common extras).
# Other `word: subject` messages are a component prefix ("rune: fix parser"), not a type.
COMMIT_TYPES = frozenset(
    {"build", "chore", "ci", "deps", "docs", "feat", "fix", "perf", "refactor", "release", "revert", "security",
     "style", "test", "tests"}
)  # fmt: skip
_BREAKING_FOOTER = re.compile(r"^BREAKING[ -]CHANGE: ", re.MULTILINE)


@dataclass(frozen=True)
class ConventionalCommit:
    """The Conventional Commits header of a message: `type(scope)!: subject`."""

    type: str
    scope: str | None
    breaking: bool


def parse_conventional(message: str) -> ConventionalCommit | None:
    """Read the type, scope and breaking mark of a commit message, or None if it has none."""
    match = _CONVENTIONAL.match(message)
    if not match or match["type"].lower() not in COMMIT_TYPES:
        return None
    breaking = bool(match["bang"]) or bool(_BREAKING_FOOTER.search(message))
    return ConventionalCommit(match["type"].lower(), match["scope"] or None, breaking)


_HEX_SHA = re.compile(r"[0-9a-f]{12,64}")


def short_commit(name: str, length: int = 10) -> str:
    """A git sha cut to LENGTH for reading; other commit names (stand-ins such as
    `series-latency-12`, tags) stay whole, since their ends are what tell them apart."""
    return name[:length] if _HEX_SHA.fullmatch(name) else name


@dataclass(frozen=True)
class CommitInfo:
    """Everything known of a commit (from git, from flags or from the result file): what ingest
    records in the database. History outputs carry the lighter `CommitSummary` instead."""

    sha: str
    subject: str = ""
    body: str = ""
    author: str | None = None
    email: str | None = None
    time: datetime | None = None
    parents: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def conventional(self) -> ConventionalCommit | None:
        return parse_conventional(f"{self.subject}\n\n{self.body}" if self.body else self.subject)


@dataclass(frozen=True)
class CommitSummary:
    """A commit as history reports name it: sha, subject, Conventional Commit type, author, time.

    Kept apart from `CommitInfo` because it is what the change-point, history and bisect outputs
    show (their JSON fields are these): read back from the database per commit of a branch, with
    the type as it was stored, without the body, email, parents and tags of the full record."""

    sha: str
    subject: str = ""
    type: str | None = None
    author: str | None = None
    time: datetime | None = None
