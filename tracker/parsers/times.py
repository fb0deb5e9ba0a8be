"""Times as result files write them: ISO 8601 text or epoch numbers."""

from __future__ import annotations

from datetime import UTC, datetime

from tracker.errors import InputError


def iso_time(text: str | None, source: str, where: str) -> datetime | None:
    """An ISO 8601 time (a trailing `Z` allowed); None for an empty value."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError as error:
        raise InputError(source, f"expected an ISO 8601 time, found {text!r}", where=where) from error


def epoch_time(value: float, source: str, where: str, *, milliseconds: bool = False) -> datetime:
    """A Unix time in seconds (or milliseconds), as an aware UTC time."""
    seconds = value / 1000 if milliseconds else value
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError) as error:
        raise InputError(source, f"expected a Unix time, found {value!r}", where=where) from error
