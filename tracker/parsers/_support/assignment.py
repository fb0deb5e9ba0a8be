"""A github-action-benchmark `data.js` (`window.BENCHMARK_DATA = {...};`) read as the JSON it assigns.

The streaming reader sees the file's bytes with the assignment before the JSON and one `;` after it
turned into spaces, so that byte offsets stay the file's, as when the file is read whole.
"""

from __future__ import annotations

import re
from typing import IO

from tracker.parsers._support.jsonguard import CHUNK
from tracker.parsers._support.source import Source

_ASSIGNMENT = re.compile(rb"\s*window\.BENCHMARK_DATA\s*=\s*")
_BLANKS = b" \t\r\n"
_BYTE_ORDER_MARK = b"\xef\xbb\xbf"


class AssignedJson:
    """The bytes of STREAM as JSON; `read` may return more or fewer bytes than asked, empty only at the end."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._started = False
        self._held = b""
        """A `;` and the blanks after it, held until the file shows whether anything follows."""

    def read(self, size: int = -1, /) -> bytes:
        if size == 0:
            return b""
        while True:
            data = self._stream.read(max(size, CHUNK))
            if not self._started:
                self._started = True
                data = _blank_assignment(data.removeprefix(_BYTE_ORDER_MARK))
            if not data:  # the end: a `;` still held was the last thing in the file
                held, self._held = self._held, b""
                return b" " + held[1:] if held else b""
            data = self._held + data
            end = len(data.rstrip(_BLANKS))
            if end and data[end - 1 : end] == b";" and len(data) - end < CHUNK:
                data, self._held = data[: end - 1], data[end - 1 :]
            else:
                self._held = b""
            if data:
                return data

    def close(self) -> None:
        self._stream.close()


def _blank_assignment(head: bytes) -> bytes:
    found = _ASSIGNMENT.match(head)
    return b" " * found.end() + head[found.end() :] if found else head


def json_of(source: Source) -> AssignedJson:
    return AssignedJson(source.open())
