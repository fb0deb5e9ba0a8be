"""Typed access to parsed JSON that names the JSON path of whatever is wrong."""

from __future__ import annotations

import math
from typing import Any

from tracker.errors import InputError


class JsonFields:
    """Reads values out of a JSON document, raising `InputError` with the path on a mismatch."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, expected: str, value: Any) -> InputError:
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
        return InputError(self.source, f"expected {expected}, found {shown}", where=path)

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
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise self.fail(path, "a finite number", value)
        return float(value)

    def optional_number(self, value: Any, path: str) -> float | None:
        return None if value is None else self.number(value, path)

    def optional_string(self, value: Any, path: str) -> str | None:
        return None if value is None else self.string(value, path)
