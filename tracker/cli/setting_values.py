"""What each kind of setting value is, and what makes one valid, whatever its source.

A `Kind` turns the text of an environment variable or of `[tool.tracker]` (where lists and tables
arrive as JSON) into a value, and checks a value: the ones parsed from text and the ones a
command-line flag already typed (`--threshold -5`) go through the same `check`, so a value is
refused with the same words wherever it comes from.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_DURATION = re.compile(r"^\s*(?P<number>[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(?P<unit>s|ms|us|µs|ns)?\s*$")
_SCALE = {None: 1.0, "s": 1.0, "ms": 1e-3, "us": 1e-6, "µs": 1e-6, "ns": 1e-9}


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Kind:
    """How text becomes a setting's value (`convert`) and what a valid value is (`check`)."""

    convert: Callable[[str], Any]
    check: Callable[[Any], Any] = _same

    def parse(self, text: str) -> Any:
        return self.check(self.convert(text))

    def accept(self, value: Any) -> Any:
        """A flag's value: text is parsed like an environment variable's, a typed value only checked."""
        return self.parse(value) if isinstance(value, str) else self.check(value)


def _flag(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("expected true or false")


def choice(*allowed: str) -> Kind:
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"expected one of {', '.join(allowed)}")
        return value

    return Kind(str, check)


def _finite(value: float, example: str) -> float:
    if not math.isfinite(value):
        raise ValueError(f"not a finite number; give one such as {example}")
    return value


def percent(what: str, example: str) -> Kind:
    """A non-negative number of percent (`25` or `25%`): WHAT it is, and an EXAMPLE for the fix."""

    def check(value: float) -> float:
        if _finite(value, example) < 0:
            raise ValueError(f"{what} in percent must not be negative; give one such as {example}")
        return float(value)

    return Kind(lambda text: float(text.strip().removesuffix("%")), check)


def _rate(value: float) -> float:
    if not 0 < value < 1:  # NaN fails this too
        raise ValueError("a false discovery rate is between 0 and 1, such as 0.02")
    return float(value)


def _duration(value: str) -> float:
    """Seconds, from `0.001`, `1ms`, `500us`, `500µs` or `100ns`."""
    match = _DURATION.match(value)
    if match is None:
        raise ValueError("expected a duration such as 1ms, 500us or 0.001 (seconds)")
    return float(match["number"]) * _SCALE[match["unit"]]


def _seconds(value: float) -> float:
    if _finite(value, "1ms") < 0:
        raise ValueError("a duration must not be negative; give one such as 1ms")
    return float(value)


def _at_least(lowest: int) -> Callable[[int], int]:
    def check(value: int) -> int:
        if value < lowest:
            raise ValueError(f"must be at least {lowest}")
        return value

    return check


def _names(value: str) -> tuple[str, ...]:
    """A list: `a,b` or a JSON array of strings."""
    if value.lstrip().startswith("["):
        loaded = _json(value)
        if not isinstance(loaded, list) or not all(isinstance(item, str) for item in loaded):
            raise ValueError("expected a list of strings")
        return tuple(item.strip() for item in loaded if item.strip())
    return tuple(item.strip() for item in value.split(",") if item.strip())


def glob_map(item: Kind) -> Kind:
    """Pairs (glob, value) in order: `glob=value,glob=value` or a JSON object."""

    def convert(value: str) -> tuple[tuple[str, Any], ...]:
        if value.lstrip().startswith("{"):
            loaded = _json(value)
            if not isinstance(loaded, dict):
                raise ValueError("expected a table of glob = value")
            items = [(str(key), str(entry)) for key, entry in loaded.items()]
        else:
            items = []
            for part in (p for p in value.split(",") if p.strip()):
                glob, equals, entry = part.rpartition("=")
                if not equals or not glob.strip():
                    raise ValueError(f"expected glob=value, found {part.strip()!r}")
                items.append((glob.strip(), entry.strip()))
        return tuple((glob, item.parse(entry)) for glob, entry in items)

    return Kind(convert)


def _direction(value: str) -> str:
    lowered = value.strip().lower()
    if lowered not in {"lower", "higher"}:
        raise ValueError(f"expected lower or higher (which way is better), found {value!r}")
    return lowered


def _json(value: str) -> Any:
    try:
        return json.loads(value)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON ({error.msg})") from error


TEXT = Kind(str)
FLAG = Kind(_flag, bool)
RATE = Kind(float, _rate)
DURATION = Kind(_duration, _seconds)
POSITIVE = Kind(int, _at_least(1))
COUNT = Kind(int, _at_least(0))
NAMES = Kind(_names, tuple)
DIRECTION = Kind(_direction)


def duration(text: str) -> float:
    """Seconds from a duration's text (`1ms`), checked like the min_time setting."""
    return float(DURATION.parse(text))
