"""Parsers for settings whose values are lists, maps or durations (`tracker compare` uses them).

Each accepts the compact text an environment variable holds (`feat,docs`; `tests/io/*=25`;
`1ms`) and the JSON that a list or table in `[tool.tracker]` arrives as.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

_DURATION = re.compile(r"^\s*(?P<number>[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(?P<unit>s|ms|us|µs|ns)?\s*$")
_SCALE = {None: 1.0, "s": 1.0, "ms": 1e-3, "us": 1e-6, "µs": 1e-6, "ns": 1e-9}


def names(value: str) -> tuple[str, ...]:
    """A list: `a,b` or a JSON array of strings."""
    if value.lstrip().startswith("["):
        loaded = _json(value)
        if not isinstance(loaded, list) or not all(isinstance(item, str) for item in loaded):
            raise ValueError("expected a list of strings")
        return tuple(item.strip() for item in loaded if item.strip())
    return tuple(item.strip() for item in value.split(",") if item.strip())


def glob_map(convert: Callable[[str], Any]) -> Callable[[str], tuple[tuple[str, Any], ...]]:
    """Pairs (glob, value) in order: `glob=value,glob=value` or a JSON object."""

    def parse(value: str) -> tuple[tuple[str, Any], ...]:
        if value.lstrip().startswith("{"):
            loaded = _json(value)
            if not isinstance(loaded, dict):
                raise ValueError("expected a table of glob = value")
            items = [(str(key), str(item)) for key, item in loaded.items()]
        else:
            items = []
            for part in (p for p in value.split(",") if p.strip()):
                glob, equals, item = part.rpartition("=")
                if not equals or not glob.strip():
                    raise ValueError(f"expected glob=value, found {part.strip()!r}")
                items.append((glob.strip(), item.strip()))
        return tuple((glob, convert(item)) for glob, item in items)

    return parse


def percent(value: str) -> float:
    number = float(value.strip().removesuffix("%"))
    if number < 0:
        raise ValueError("must not be negative")
    return number


def direction(value: str) -> str:
    lowered = value.strip().lower()
    if lowered not in {"lower", "higher"}:
        raise ValueError(f"expected lower or higher (which way is better), found {value!r}")
    return lowered


def duration(value: str) -> float:
    """Seconds, from `0.001`, `1ms`, `500us`, `500µs` or `100ns`."""
    match = _DURATION.match(value)
    if match is None:
        raise ValueError("expected a duration such as 1ms, 500us or 0.001 (seconds)")
    return float(match["number"]) * _SCALE[match["unit"]]


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError("must be at least 1")
    return number


def rate(value: str) -> float:
    number = float(value)
    if not 0 < number < 1:
        raise ValueError("must be between 0 and 1")
    return number


def _json(value: str) -> Any:
    try:
        return json.loads(value)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON ({error.msg})") from error
