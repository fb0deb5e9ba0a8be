"""What a parser reads: a file, a folder, or bytes from standard input."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from tracker.errors import InputError

SNIFF_BYTES = 64 * 1024


@dataclass
class Source:
    """One input. `name` is what messages show: the path as given, or `<stdin>`."""

    name: str
    path: Path | None = None
    data: bytes | None = None
    _head: str | None = field(default=None, repr=False)

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
                    self._head = stream.read(SNIFF_BYTES).decode("utf-8", errors="replace")
        return self._head

    def open(self) -> IO[bytes]:
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None
        try:
            return self.path.open("rb")
        except OSError as error:
            raise InputError(self.name, f"cannot read: {error.strerror}") from error

    def read_text(self) -> str:
        with self.open() as stream:
            raw = stream.read()
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise InputError(self.name, f"not UTF-8 text (byte {error.start})") from error

    def json(self) -> Any:
        """The whole input as JSON; a syntax error names the line and column."""
        return parse_json(self.read_text(), self.name)


def parse_json(text: str, name: str, *, first_line: int = 1) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno + first_line - 1} column {error.colno}"
        expected = error.msg[0].lower() + error.msg[1:]
        if error.pos >= len(text.rstrip()):
            problem = f"the JSON stops before it is complete ({expected}); the file looks truncated"
        else:
            problem = f"invalid JSON: {expected}"
        raise InputError(name, problem, where=where) from error
