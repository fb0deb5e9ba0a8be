"""What a parser reads: a file, a folder, or bytes from standard input."""

from __future__ import annotations

import gzip
import io
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from tracker.errors import InputError
from tracker.parsers._support import jsonguard, limits
from tracker.parsers._support.limits import MAX_READ_BYTES, refuse

SNIFF_BYTES = 64 * 1024


@dataclass
class Source:
    """One input. `name` is what messages show: the path as given, or `<stdin>`."""

    name: str
    path: Path | None = None
    data: bytes | None = None
    _head: str | None = field(default=None, repr=False)
    damage: InputError | None = field(default=None, repr=False)
    """Why the sample could not be read (damaged gzip data), for detection to say instead of "empty"."""

    @classmethod
    def from_path(cls, path: Path) -> Source:
        return cls(name=str(path), path=path)

    @classmethod
    def from_bytes(cls, data: bytes, name: str = "<stdin>") -> Source:
        return cls(name=name, data=data)

    @property
    def is_dir(self) -> bool:
        return self.path is not None and self.path.is_dir()

    @property
    def filename(self) -> str:
        """The last part of the name, for sniffers that look at extensions."""
        return self.path.name if self.path is not None else self.name

    def head(self) -> str:
        """The first 64 KiB as text (undecodable bytes replaced); empty for a folder."""
        if self._head is None:
            if self.is_dir:
                self._head = ""
            else:
                with self.open() as stream:
                    try:
                        sample = stream.read(SNIFF_BYTES)
                    except InputError as error:  # damaged gzip data: nothing for a sniffer to recognise
                        self.damage, sample = error, b""
                self._head = sample.decode("utf-8", errors="replace")
        return self._head

    def open(self) -> IO[bytes]:
        """The input's bytes; gzip-compressed input (a results branch's history files) is decompressed."""
        if self.data is not None:
            raw = io.BytesIO(self.data)
            return cast(IO[bytes], _Gunzip(self.name, raw)) if self.data[:2] == _GZIP_MAGIC else raw
        assert self.path is not None
        try:
            stream = self.path.open("rb")
            if not stream.seekable():  # a pipe: read as it comes
                return stream
            compressed = stream.read(2) == _GZIP_MAGIC
            stream.seek(0)
        except OSError as error:
            raise InputError(self.name, f"cannot read: {error.strerror}") from error
        return cast(IO[bytes], _Gunzip(self.name, stream)) if compressed else stream

    def read_bytes(self) -> bytes:
        """The whole input, refused beyond `MAX_READ_BYTES` (so `/dev/zero` ends in a message)."""
        with self.open() as stream:
            raw = stream.read(MAX_READ_BYTES + 1)
        if len(raw) > MAX_READ_BYTES:
            raise refuse(self.name, "a file larger than 512 MiB", "512 MiB for a file read whole")
        return raw

    def read_text(self) -> str:
        raw = self.read_bytes()
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise InputError(self.name, f"not UTF-8 text (byte {error.start})") from error

    def json(self) -> Any:
        """The whole input as JSON; a syntax error names the line and column."""
        return parse_json(self.read_text(), self.name)


def _integer(text: str) -> int | float:
    """An integer as Python holds it; one too large for a float becomes infinity, never an error."""
    return int(text) if len(text) <= 300 else float(text)


_DECODER = json.JSONDecoder(parse_int=_integer)
_SPACE = re.compile(r"[ \t\r\n]*")
_GZIP_MAGIC = b"\x1f\x8b"


class _Gunzip(gzip.GzipFile):
    """A gzip stream that closes its file and names the input when the compressed data is damaged."""

    def __init__(self, name: str, raw: IO[bytes]) -> None:
        super().__init__(fileobj=raw, mode="rb")
        self._raw, self._source_name = raw, name

    def read(self, size: int | None = -1) -> bytes:
        try:
            return super().read(size)
        except (OSError, EOFError, zlib.error) as error:
            raise InputError(
                self._source_name, f"damaged gzip data ({error}); publish or copy the file again"
            ) from None

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._raw.close()


def parse_json(text: str, name: str, *, first_line: int = 1) -> Any:
    """One JSON document, in any whitespace layout, within the limits of `jsonguard`."""
    jsonguard.check_text(text, name)
    document, end = _decode(text, _skip_space(text, 0), name, first_line)
    extra = _skip_space(text, end)
    if extra < len(text):
        line = text.count("\n", 0, extra) + first_line
        raise InputError(name, "invalid JSON: more data after the end of the document", where=f"line {line}")
    return document


def parse_json_documents(text: str, name: str) -> Iterator[tuple[int, Any]]:
    """Every JSON document of TEXT with the line it starts on: one per line, or spread over many lines.
    One at a time, so that a reader refuses the first wrong one without decoding the rest."""
    jsonguard.check_text(text, name)
    position, line, counted, count = _skip_space(text, 0), 1, 0, 0
    while position < len(text) or not count:
        line += text.count("\n", counted, position)
        counted = position
        count += 1
        if count > limits.MAX_DOCUMENTS:
            raise limits.refuse(name, "more JSON documents", f"{limits.MAX_DOCUMENTS:,} per file", f"line {line}")
        document, end = _decode(text, position, name, 1)
        yield line, document
        position = _skip_space(text, end)


def _skip_space(text: str, position: int) -> int:
    match = _SPACE.match(text, position)
    return match.end() if match else position


def _decode(text: str, position: int, name: str, first_line: int) -> tuple[Any, int]:
    try:
        return _DECODER.raw_decode(text, position)
    except json.JSONDecodeError as error:
        raise _syntax_error(error, text, name, first_line) from error


def _syntax_error(error: json.JSONDecodeError, text: str, name: str, first_line: int) -> InputError:
    where = f"line {error.lineno + first_line - 1} column {error.colno}"
    expected = error.msg[0].lower() + error.msg[1:]
    if error.pos >= len(text.rstrip()):
        problem = f"the JSON stops before it is complete ({expected}); the file looks truncated"
    else:
        problem = f"invalid JSON: {expected}"
    return InputError(name, problem, where=where)
