"""A linear pass over JSON bytes that enforces the limits before any parser sees them.

It follows strings (with their escapes) across chunks, so it knows the nesting depth, the length of
every string and number, and refuses what passes `limits`. It also rewrites the numbers that the C
streaming parser cannot hold (integers beyond 64 bits become floats, numbers beyond a double become
strings holding their digits), so that a number tracker does not need never stops an ingest.
Work per chunk is done by the regex engine and C iterators, never byte by byte in Python code.
"""

from __future__ import annotations

import math
import re
from itertools import accumulate

from tracker.errors import InputError
from tracker.parsers._support.limits import MAX_DEPTH, MAX_NUMBER_CHARS, MAX_STRING_BYTES, refuse

CHUNK = 1 << 16
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_STRING_REST = re.compile(rb'[^"\\]*(?:\\.[^"\\]*)*', re.DOTALL)
_SUSPECT = re.compile(rb"\d{19}|[eE][-+]?\d{3}")
# A whole string, a string that the chunk cuts (left alone), or a number.
_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|"[\s\S]*|-?\d[\d.eE+-]*', re.DOTALL)
_NUMBER_BYTES = b"-+.0123456789eE"
_BRACKETS = b"[]{}"
_NOT_BRACKETS = bytes(b for b in range(256) if b not in _BRACKETS)
_STEP = [{ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}.get(b, 0) for b in range(256)]
_INT64 = 1 << 63


class JsonGuard:
    """Feed it the file's bytes in order; it returns them (numbers rewritten) or raises `InputError`."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.depth = 0
        self.offset = 0  # bytes of the input handled so far, for messages
        self._in_string = False
        self._string_bytes = 0
        self._escaped = False
        self._carry = b""
        self._size = 0

    def feed(self, data: bytes, *, final: bool = False) -> bytes:
        if self._carry:
            data, self._carry = self._carry + data, b""
        if not final:
            # A number cut by the chunk's end is checked whole with the next chunk.
            cut = len(data.rstrip(_NUMBER_BYTES))
            if 0 < len(data) - cut <= MAX_NUMBER_CHARS:
                self._carry, data = data[cut:], data[:cut]
        self._size = len(data)
        start = self._continue_string(data) if self._in_string else 0
        rest = data[start:] if start else data
        stripped = _STRING.sub(b"", rest)
        if _SUSPECT.search(stripped):  # rare: a long number, or a long exponent, outside strings
            rest = _TOKEN.sub(self._number, rest)
            stripped = _STRING.sub(b"", rest)
        self._outside(stripped)
        self.offset += len(data)
        return data[:start] + rest if start else rest

    def _where(self) -> str:
        return f"bytes {self.offset:,} to {self.offset + self._size:,}"

    def _continue_string(self, data: bytes) -> int:
        """The index just past the string that a previous chunk opened (len(data) if it goes on)."""
        skip = 1 if self._escaped and data else 0
        self._escaped = False
        body = _STRING_REST.match(data, skip)
        assert body is not None  # the pattern matches the empty string
        end = body.end()
        self._count_string(end)
        if end < len(data) and data[end : end + 1] == b'"':
            self._in_string = False
            return end + 1
        self._escaped = end < len(data)  # only a trailing backslash stops the body short of the end
        return len(data)

    def _count_string(self, more: int) -> None:
        self._string_bytes += more
        if self._string_bytes > MAX_STRING_BYTES:
            raise refuse(self.source, "a JSON string longer than 1 MiB", "1 MiB per string", self._where())

    def _outside(self, stripped: bytes) -> None:
        """Depth and open string of text that starts outside any string, its whole strings STRIPPED."""
        quote = stripped.find(b'"')
        if quote >= 0:  # a string that the next chunk ends
            body = stripped[quote + 1 :]
            self._in_string, self._string_bytes = True, 0
            self._count_string(len(body))
            trailing = len(body) - len(body.rstrip(b"\\"))
            self._escaped = trailing % 2 == 1
            stripped = stripped[:quote]
        brackets = stripped.translate(None, _NOT_BRACKETS)
        opened = brackets.count(b"[") + brackets.count(b"{")
        if (
            self.depth + opened > MAX_DEPTH
            and max(accumulate(map(_STEP.__getitem__, brackets), initial=self.depth)) > MAX_DEPTH
        ):
            raise refuse(self.source, "deeply nested JSON", f"{MAX_DEPTH} levels", self._where())
        self.depth += 2 * opened - len(brackets)

    def _number(self, match: re.Match[bytes]) -> bytes:
        token = match[0]
        if token.startswith(b'"'):
            return token
        if len(token) > MAX_NUMBER_CHARS:
            raise refuse(
                self.source, f"a number of {len(token):,} characters", f"{MAX_NUMBER_CHARS} characters", self._where()
            )
        try:
            value = float(token)
        except ValueError:
            return token  # not a number: the parser names the syntax error
        if not math.isfinite(value):
            return b'"' + token + b'"'
        if b"." not in token and b"e" not in token.lower() and abs(int(token)) >= _INT64:
            return repr(value).encode()
        return token


def check_text(text: str, source: str) -> None:
    """Refuse a whole JSON document beyond the limits before it is parsed."""
    check_bytes(text.encode("utf-8", "surrogatepass"), source)


def check_bytes(data: bytes, source: str) -> None:
    guard = JsonGuard(source)
    view = memoryview(data)
    for start in range(0, len(data), CHUNK):
        guard.feed(bytes(view[start : start + CHUNK]), final=start + CHUNK >= len(data))


__all__ = ["CHUNK", "InputError", "JsonGuard", "check_bytes", "check_text"]
