"""Errors that reach the user. Each carries the exit code the CLI turns it into (2).

Exit codes 1 (regression) and 3 (not enough data, --strict) are outcomes of a comparison that
ran, not errors: `tracker compare` picks them from its result."""

from __future__ import annotations


class TrackerError(Exception):
    """A problem the user can fix; the message says what and how."""

    exit_code = 2


class UsageError(TrackerError):
    """A flag, argument or setting is wrong."""


_SHOWN = 240


class InputError(TrackerError):
    """An input file cannot be read or parsed."""

    def __init__(self, source: str, problem: str, *, where: str | None = None) -> None:
        if len(problem) > 2 * _SHOWN:  # a quoted value can be megabytes long: show its two ends
            problem = f"{problem[:_SHOWN]} [...] {problem[-_SHOWN:]}"
        location = f"{source}:{where}" if where else source
        super().__init__(f"{location}: {problem}")
        self.source = source
        self.where = where
        self.problem = problem


class UnknownFormatError(InputError):
    """No parser recognises a file (or more than one does)."""


class OutputError(TrackerError):
    """A result cannot be written: standard output failed, or an output path cannot be used."""


class DatabaseError(TrackerError):
    """The database cannot be opened, is locked, or has the wrong schema."""


class GitError(TrackerError):
    """Git refused: not a repository, a missing branch, a conflict or a push the remote keeps rejecting."""
