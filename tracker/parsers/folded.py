"""Folded stacks (`a;b;c 123`): Brendan Gregg's stackcollapse output, inferno, py-spy --format raw.

One stack per line, root first, frames separated by `;`, then a space and a count (usually
samples; fractions are read too). A first frame written `name-PID/TID` or `name-PID`
(stackcollapse-perf `--pid`/`--tid`) also gives the pid and tid; kernel frames keep their
`_[k]` suffix. Blank lines and comments (`#`, `//`) are skipped; so are malformed lines, as
flamegraph.pl and speedscope do, and ingest reports how many (a file with no valid line is
refused). Counts are samples, not times, so the file gives no timing, only the profile of one
test named after the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tracker.domain import ParsedRun, ProfileEvent, ProfileSource, StackSample
from tracker.errors import InputError
from tracker.parsers._support.limits import MAX_LINE_CHARS, check_events, check_line, check_stack
from tracker.parsers._support.profile_subject import profile_subject
from tracker.parsers._support.source import Source

NAME = "folded"
DESCRIPTION = "folded stacks, one `frame;frame;frame count` per line (stackcollapse, inferno, py-spy raw)"
EXAMPLE = "main;parse;read_token 42"

_COUNT = re.compile(r"\d+(?:\.\d+)?")
_THREAD = re.compile(r"^(?P<name>.*)-(?P<pid>\d+)(?:/(?P<tid>\d+))?$")


def _sample(line: str) -> tuple[str, str] | None:
    """(stack, count) of a stripped line `frame;frame COUNT`; split from the right, so linear in the line."""
    parts = line.rsplit(None, 1)
    return (parts[0], parts[1]) if len(parts) == 2 and _COUNT.fullmatch(parts[1]) else None


def _content_lines(text: str) -> Iterator[tuple[int, str]]:
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line and not line.startswith(("#", "//")):
            yield number, line


def sniff(source: Source) -> bool:
    if source.is_dir:
        return False
    head = source.head()
    lines = [line for _, line in _content_lines(head)][:50]
    if len(head) == 64 * 1024 and len(lines) > 1:
        lines = lines[:-1]  # the last line of a cut head may be partial
    if not lines or any(c in head[:200] for c in "{<"):
        return False
    matching = [line for line in lines if _sample(line)]
    return len(matching) >= 0.8 * len(lines) and any(";" in line for line in matching)


def parse(source: Source) -> list[ParsedRun]:
    test = profile_subject(source)
    skipped: list[str] = []
    profile = ProfileSource(
        tests={test.name: test}, events=lambda: events(source, test.name, skipped), unit="samples", skipped=skipped
    )
    return [ParsedRun(format=NAME, tool="folded", source=source.name, measurements=(), profile_source=profile)]


def events(source: Source, test: str, skipped: list[str]) -> Iterator[ProfileEvent]:
    """Stacks in file order; malformed lines are described in SKIPPED (once per reading)."""
    skipped.clear()
    bad: list[int] = []
    valid = 0
    with source.open() as stream:
        for number, raw in enumerate(iter(lambda: stream.readline(MAX_LINE_CHARS + 1), b""), 1):
            check_line(raw.rstrip(b"\r\n"), source.name, f"line {number}")
            check_events(number, source.name, f"line {number}")
            line = raw.decode("utf-8", errors="replace").strip()
            if not line or line.startswith(("#", "//")):
                continue
            sample = _sample(line)
            if sample is None:
                bad.append(number)
                continue
            valid += 1
            stack = tuple(sample[0].split(";"))
            check_stack(len(stack), source.name, f"line {number}")
            pid: int | str = 0
            tid: int | str = 0
            thread = _THREAD.match(stack[0])
            if thread is not None:
                pid = int(thread["pid"])
                tid = int(thread["tid"]) if thread["tid"] else pid
            yield StackSample(test, stack, float(sample[1]), pid, tid)
    if not valid:
        raise InputError(source.name, "no line of the form `frame;frame;... COUNT`: not folded stacks")
    if bad:
        lines = ", ".join(map(str, bad[:5])) + (", ..." if len(bad) > 5 else "")
        skipped.append(
            f"{source.name}: skipped {len(bad)} malformed line(s) (line {lines}): expected `frame;... COUNT`"
        )
