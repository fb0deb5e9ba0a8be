"""Times as result files write them: ISO 8601 text or epoch numbers."""

from __future__ import annotations

import re
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


_CALENDAR_FORMATS = ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M %z", "%Y-%m-%d %H:%M", "%Y-%m-%d")
_DATE_SEPARATORS = re.compile(r"^(\d{4})[./](\d{1,2})[./](\d{1,2})")


def calendar_or_epoch_time(text: str, source: str, where: str) -> datetime:
    """A time as spreadsheets and Apache Otava's CSVs write it: ISO 8601, `2024.01.01 3:00:00 +0100`
    (dots or slashes between year, month and day, a one-digit hour), or Unix seconds."""
    text = text.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return epoch_time(float(text), source, where)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    dashed = _DATE_SEPARATORS.sub(r"\1-\2-\3", text)
    for layout in _CALENDAR_FORMATS:
        try:
            return datetime.strptime(dashed, layout)
        except ValueError:
            continue
    raise InputError(
        source, f"expected a time (ISO 8601, 2024.01.01 3:00:00 +0100, or Unix seconds), found {text!r}", where=where
    )
