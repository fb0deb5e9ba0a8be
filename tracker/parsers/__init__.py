"""Input formats: one module per format and an explicit, ordered registry.

Every format module defines:

- ``NAME``: the name used by ``--format``;
- ``DESCRIPTION``: one line for ``tracker formats``;
- ``EXAMPLE``: a one-line example of the input;
- ``sniff(source) -> bool``: cheap, never raises; "not my format" is a normal answer;
- ``parse(source) -> list[ParsedRun]``: raises ``InputError`` naming the file and place.

Adding a format is adding a module and one line in ``FORMATS``. The order matters: specific
formats come before general ones.
"""

from __future__ import annotations

from types import ModuleType

from tracker.errors import UnknownFormatError, UsageError
from tracker.parsers import (
    busted_flamegraph,
    busted_json,
    busted_tree,
    chrome_trace,
    folded,
    pytest_benchmark,
    speedscope,
)
from tracker.parsers.source import Source

FORMATS: tuple[ModuleType, ...] = (
    pytest_benchmark,
    busted_json,
    busted_tree,
    busted_flamegraph,
    speedscope,
    chrome_trace,
    folded,  # generic text: last
)


def names() -> list[str]:
    return [module.NAME for module in FORMATS]


def by_name(name: str) -> ModuleType:
    for module in FORMATS:
        if name == module.NAME:
            return module
    raise UsageError(f"unknown format {name!r} for --format; known formats: {', '.join(names())}")


def detect(source: Source) -> ModuleType:
    """The first format, in registry order, that claims this source; exit 2 if none does."""
    for module in FORMATS:
        if claims(module, source):
            return module
    if not source.is_dir and not source.head().strip():
        raise UnknownFormatError(source.name, "the file is empty; was the tool's output redirected here?")
    problem = f"not a format tracker reads (tried: {', '.join(names())}); pass --format NAME if it is one"
    raise UnknownFormatError(source.name, problem)


def claims(module: ModuleType, source: Source) -> bool:
    """Whether MODULE says SOURCE is its format; a crashing sniffer counts as no."""
    try:
        return bool(module.sniff(source))
    except Exception:  # a sniffer must never stop detection; treat a crash as "not mine"
        return False


__all__ = ["FORMATS", "Source", "by_name", "claims", "detect", "names"]
