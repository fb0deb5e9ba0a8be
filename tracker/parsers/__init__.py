"""Input formats: one module per format and an explicit, ordered registry.

Every format module satisfies ``Format`` (mypy checks each module of ``FORMATS`` against it).
Adding a format is adding a module and one line in ``FORMATS``. The order matters: specific
formats come before general ones. Helpers shared by formats live in ``_support/``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, runtime_checkable

from tracker.domain import ParsedRun
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


@runtime_checkable
class Format(Protocol):
    """What a format module defines; the module itself is the implementation."""

    NAME: str
    """The name used by ``--format``."""
    DESCRIPTION: str
    """One line for ``tracker formats``."""
    EXAMPLE: str
    """A one-line example of the input, for ``tracker formats``."""

    def sniff(self, source: Source) -> bool:
        """Whether SOURCE is this format, from a file's head or a folder's listing; should never raise
        (a crash counts as "not mine")."""
        ...

    def parse(self, source: Source) -> list[ParsedRun]:
        """The runs in SOURCE; raises ``InputError`` naming the file and the place. A format may also
        define ``stream(source)``, the same runs one at a time (see ``read_runs``)."""
        ...


FORMATS: tuple[Format, ...] = (
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


def read_runs(module: Format, source: Source) -> Iterator[ParsedRun]:
    """The runs of SOURCE one at a time: a format with a `stream` function (a large history) holds one
    run in memory at a time rather than all of them."""
    stream: Callable[[Source], Iterable[ParsedRun]] | None = getattr(module, "stream", None)
    return iter(stream(source) if stream is not None else module.parse(source))


def names() -> list[str]:
    return [module.NAME for module in FORMATS]


def by_name(name: str) -> Format:
    for module in FORMATS:
        if name == module.NAME:
            return module
    raise UsageError(f"unknown format {name!r} for --format; known formats: {', '.join(names())}")


def detect(source: Source) -> Format:
    """The first format, in registry order, that claims this source; exit 2 if none does."""
    for module in FORMATS:
        if claims(module, source):
            return module
    if source.damage is not None:
        raise source.damage
    if not source.is_dir and not source.head().strip():
        raise UnknownFormatError(
            source.name,
            "the file is empty; was the tool's output redirected here? "
            "(busted -o json writes nothing at all when a test is pending: run it with --suppress-pending or -o junit)",
        )
    problem = f"not a format tracker reads (tried: {', '.join(names())}); pass --format NAME if it is one"
    raise UnknownFormatError(source.name, problem)


def claims(module: Format, source: Source) -> bool:
    """Whether MODULE says SOURCE is its format; a crashing sniffer counts as no."""
    try:
        return bool(module.sniff(source))
    except Exception:  # a sniffer must never stop detection; treat a crash as "not mine"
        return False


__all__ = ["FORMATS", "Format", "Source", "by_name", "claims", "detect", "names", "read_runs"]
