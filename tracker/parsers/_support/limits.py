"""The limits every reader keeps, so that no input can exhaust memory or time, or crash a parser.

Each limit is far above what real files hold (measured on the corpus, a 200 MB Chrome trace and a
170 MB github-action-benchmark `data.js`; see the README's "Limits"), and each refusal is an
`InputError` that names the file, the place and the limit.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from tracker.errors import InputError

# Real JSON nests at most 7 levels (a trace event's args), real XML at most 5: a deep document is hostile.
MAX_DEPTH = 200
# The longest real number is 20 characters (a trace's 18446744064077150000).
MAX_NUMBER_CHARS = 1000
# The longest real JSON string is a few KiB (a C++ frame name); a line or CSV field, a few KiB too.
MAX_STRING_BYTES = 1 << 20
MAX_LINE_CHARS = 1 << 22  # a folded line of 10,000 frames of 400 characters
# Files read whole (all but the streamed traces, folded stacks and data.js histories): the largest real one is 170 MB.
MAX_READ_BYTES = 1 << 29
# Streamed files (traces, speedscope, folded stacks, data.js): a 200 MB trace holds 1.8 million events.
MAX_STREAM_BYTES = 1 << 33
MAX_EVENTS = 100_000_000
# JSON documents in one file (busted writes one per --repeat; real files hold a few dozen).
MAX_DOCUMENTS = 100_000
# Frames in one stack (sampled, folded, or a trace's parent chain): real stacks hold a few hundred.
MAX_STACK_FRAMES = 10_000


def refuse(source: str, what: str, limit: str, where: str | None = None) -> InputError:
    """The refusal of an input beyond a limit: what was found, and the limit it passed."""
    return InputError(source, f"{what}, beyond tracker's limit of {limit}; is this really a result file?", where=where)


def check_events(count: int, source: str, where: str) -> None:
    if count > MAX_EVENTS:
        raise refuse(source, f"more than {MAX_EVENTS:,} events", f"{MAX_EVENTS:,} events per file", where)


def check_stack(frames: int, source: str, where: str) -> None:
    if frames > MAX_STACK_FRAMES:
        raise refuse(source, f"a stack of {frames:,} frames", f"{MAX_STACK_FRAMES:,} frames", where)


def check_line(line: str | bytes, source: str, where: str) -> None:
    if len(line) > MAX_LINE_CHARS:
        raise refuse(source, "a very long line", f"{MAX_LINE_CHARS:,} characters per line", where)


def csv_rows(text: str, delimiter: str, source: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of every CSV row; a malformed row or an overlong field is an `InputError`."""
    csv.field_size_limit(MAX_LINE_CHARS)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as error:
        problem = f"a field longer than {MAX_LINE_CHARS:,} characters" if "field limit" in str(error) else str(error)
        raise InputError(source, f"not CSV that tracker can read: {problem}", where=f"line {reader.line_num}") from None
