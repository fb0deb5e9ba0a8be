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
    asv,
    benchmarkdotnet,
    busted_flamegraph,
    busted_json,
    busted_tree,
    catch2_xml,
    chrome_trace,
    criterion,
    csv_long,
    folded,
    gab_custom,
    gab_custom_bigger,
    github_action_benchmark,
    go_bench,
    google_benchmark,
    histostat,
    hyperfine,
    jmh,
    junit_xml,
    otava_csv,
    pytest_benchmark,
    rust_libtest,
    series_json,
    speedscope,
    tap,
    tracker_json,
)
from tracker.parsers._support.source import Source

FORMATS: tuple[ModuleType, ...] = (
    tracker_json,
    asv,
    criterion,
    pytest_benchmark,
    busted_json,
    google_benchmark,
    hyperfine,
    benchmarkdotnet,
    jmh,
    github_action_benchmark,
    busted_tree,
    busted_flamegraph,
    speedscope,
    chrome_trace,
    gab_custom,
    gab_custom_bigger,
    series_json,
    catch2_xml,
    junit_xml,
    go_bench,
    rust_libtest,
    tap,
    histostat,
    csv_long,
    otava_csv,  # after the long form: a header naming test and value is never this one
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
        raise UnknownFormatError(
            source.name,
            "the file is empty; was the tool's output redirected here? "
            "(busted -o json writes nothing at all when a test is pending: run it with --exclude-pending or -o junit)",
        )
    problem = f"not a format tracker reads (tried: {', '.join(names())}); pass --format NAME if it is one"
    raise UnknownFormatError(source.name, problem)


def claims(module: ModuleType, source: Source) -> bool:
    """Whether MODULE says SOURCE is its format; a crashing sniffer counts as no."""
    try:
        return bool(module.sniff(source))
    except Exception:  # a sniffer must never stop detection; treat a crash as "not mine"
        return False


__all__ = ["FORMATS", "Source", "by_name", "claims", "detect", "names"]
