"""Typed access to parsed JSON that names the JSON path of whatever is wrong."""

from __future__ import annotations

import math
import reprlib
from typing import Any

from tracker.errors import InputError

_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxstring, _SHORT.maxother, _SHORT.maxlong = 2, 40, 40, 40


def shown(value: Any) -> str:
    """VALUE as a short repr for a message, whatever it is (a 5,000-digit number, a 10,000-deep list)."""
    try:
        text = _SHORT.repr(value)
    except (ValueError, RecursionError):  # int-to-text limit
        text = f"a {type(value).__name__} too long to show"
    return text if len(text) <= 60 else text[:57] + "..."


class JsonFields:
    """Reads values out of a JSON document, raising `InputError` with the path on a mismatch."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, expected: str, value: Any) -> InputError:
        return InputError(self.source, f"expected {expected}, found {shown(value)}", where=path)

    def object(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, "an object", value)
        return value

    def array(self, value: Any, path: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(path, "an array", value)
        return value

    def string(self, value: Any, path: str) -> str:
        if not isinstance(value, str):
            raise self.fail(path, "a string", value)
        return value

    def number(self, value: Any, path: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(path, "a finite number", value)
        try:
            number = float(value)  # an integer beyond a float's range overflows
        except OverflowError:
            raise self.fail(path, "a finite number", value) from None
        if not math.isfinite(number):
            raise self.fail(path, "a finite number", value)
        return number

    def optional_number(self, value: Any, path: str) -> float | None:
        return None if value is None else self.number(value, path)

    def optional_string(self, value: Any, path: str) -> str | None:
        return None if value is None else self.string(value, path)
