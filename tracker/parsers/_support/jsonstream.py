"""Streaming JSON for profile files: one element at a time, so a 200 MB trace is never loaded whole.

ijson (a C-backed incremental parser) reads the file; this module adds what trace files need:
an unterminated top-level array (allowed by the Trace Event Format, e.g. a trace cut short) is
closed before parsing, every byte passes the limits of `jsonguard` (depth, string and number
length) on its way in, and a syntax error names the file and the JSON path of the last element read.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any, Protocol

import ijson

from tracker.errors import InputError
from tracker.parsers._support.jsonguard import CHUNK, JsonGuard
from tracker.parsers._support.limits import MAX_STREAM_BYTES, refuse
from tracker.parsers._support.source import Source

_TAIL = 4096


class _Closed(io.RawIOBase):
    """STREAM up to byte LIMIT, then SUFFIX: an unterminated array read as if it were closed."""

    def __init__(self, stream: IO[bytes], limit: int, suffix: bytes) -> None:
        self._stream = stream
        self._left = limit
        self._suffix = suffix

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)
        if self._left > 0:
            data = self._stream.read(min(len(view), self._left))
            if data:
                self._left -= len(data)
                view[: len(data)] = data
                return len(data)
            self._left = 0
        data, self._suffix = self._suffix[: len(view)], self._suffix[len(view) :]
        view[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._stream.close()
        super().close()


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...

    def close(self) -> None: ...


class _Guarded:
    """STREAM's bytes as they pass the guard; `read` may return more or fewer bytes than asked."""

    def __init__(self, stream: IO[bytes] | _Readable, source: str) -> None:
        self._stream = stream
        self._guard = JsonGuard(source)
        self._done = False

    def read(self, size: int = CHUNK) -> bytes:
        if size == 0:  # ijson asks for nothing first, to learn whether the stream gives bytes
            return b""
        while not self._done:
            data = self._stream.read(size if size > 0 else CHUNK)
            self._done = not data
            passed = self._guard.feed(data, final=self._done)
            if self._guard.offset > MAX_STREAM_BYTES:
                raise refuse(self._guard.source, "a file larger than 8 GiB", "8 GiB for a streamed file")
            if passed or self._done:
                return passed
        return b""

    def __enter__(self) -> _Guarded:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stream.close()


def open_json(source: Source) -> IO[bytes]:
    """SOURCE's bytes; a top-level array missing its `]` (with or without a trailing comma) is closed."""
    stream = source.open()
    head = stream.read(_TAIL).lstrip()
    size = stream.seek(0, io.SEEK_END)
    tail_start = max(0, size - _TAIL)
    stream.seek(tail_start)
    tail = stream.read().rstrip()
    stream.seek(0)
    if not head.startswith(b"[") or not tail or tail.endswith(b"]"):
        return stream
    cut = tail_start + len(tail) - (1 if tail.endswith(b",") else 0)
    return io.BufferedReader(_Closed(stream, cut, b"]"))


def items(source: Source, prefix: str, path: str) -> Iterator[Any]:
    """The elements at ijson PREFIX (`item`, `traceEvents.item`); PATH is the JSON path that messages show."""
    index = -1
    with _Guarded(open_json(source), source.name) as stream:
        try:
            for index, item in enumerate(ijson.items(stream, prefix, use_float=True)):  # noqa: B007
                yield item
        except (ijson.JSONError, UnicodeDecodeError) as error:  # ijson decodes UTF-8 as it reads
            after = f"after {path}[{index}]" if index >= 0 else f"before the first element of {path}"
            raise InputError(source.name, f"invalid JSON {after} ({_first_line(error)}){_truncated(error)}") from error


class UnreadableJson(InputError):
    """The streaming reader stopped on bytes that are not JSON (or not UTF-8)."""


@contextmanager
def parse_events(stream: IO[bytes] | _Readable, name: str) -> Iterator[Iterator[tuple[str, Any]]]:
    """ijson's parse events (`start_map`, `map_key`, `number`...) of STREAM, every byte through the
    limits; what is not JSON (or not UTF-8) raises `UnreadableJson` from the `with` block."""
    with _Guarded(stream, name) as guarded:
        try:
            yield ijson.basic_parse(guarded, use_float=True)
        except (ijson.JSONError, UnicodeDecodeError) as error:  # ijson decodes UTF-8 as it reads
            raise UnreadableJson(name, f"invalid JSON ({_first_line(error)}){_truncated(error)}") from error


def key_values(source: Source, prefix: str, path: str) -> Iterator[tuple[str, Any]]:
    """The members of the object at ijson PREFIX, one at a time."""
    with _Guarded(open_json(source), source.name) as stream:
        try:
            yield from ijson.kvitems(stream, prefix, use_float=True)
        except (ijson.JSONError, UnicodeDecodeError) as error:  # ijson decodes UTF-8 as it reads
            raise InputError(
                source.name, f"invalid JSON in {path} ({_first_line(error)}){_truncated(error)}"
            ) from error


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _truncated(error: Exception) -> str:
    """Ask whether the file is complete only when the parser ran out of input."""
    text = str(error).lower()
    return "; is the file complete?" if "premature eof" in text or "incomplete" in text else ""
