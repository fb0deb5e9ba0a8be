"""Writing an output file whole or not at all, without replacing what the user pointed at.

A regular file is replaced atomically: the content goes to a temporary file beside it, which is
renamed over it, so a reader never sees half a file. What is not a plain file is written into,
never renamed over: a symbolic link is followed (the link stays, its target gets the content), a
FIFO, a device (`/dev/stdout`, `/dev/null`, `/dev/full`) or a file with other hard links receives
the bytes as they come. Every command that writes a file goes through `write_output`.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from tracker.errors import OutputError


def write_output(path: Path, content: str | Iterable[str], *, flag: str = "--output") -> Path:
    """Write CONTENT (text, or chunks of it) to PATH as UTF-8; the path written (links followed)."""
    chunks = [content] if isinstance(content, str) else content
    target = Path(os.path.realpath(path))
    try:
        status = target.stat()
    except FileNotFoundError:
        status = None
    except OSError as error:
        raise _refusal(path, error, flag) from error
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise OutputError(f"{flag} {path}: is a folder; pass a file path")
    try:
        if status is not None and (not stat.S_ISREG(status.st_mode) or status.st_nlink > 1):
            _write_into(target, chunks)
        else:
            _replace(target, chunks, None if status is None else stat.S_IMODE(status.st_mode))
    except OSError as error:
        raise _refusal(path, error, flag) from error
    return target


def _write_into(target: Path, chunks: Iterable[str]) -> None:
    """A FIFO, a device or a hard-linked file: written in place, as `cat > target` would."""
    with target.open("w", encoding="utf-8") as stream:
        for chunk in chunks:
            stream.write(chunk)


def _replace(target: Path, chunks: Iterable[str], mode: int | None) -> None:
    """A temporary file in the same folder (a rename across file systems is not atomic), renamed over."""
    descriptor, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            for chunk in chunks:
                stream.write(chunk)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(mode if mode is not None else 0o666 & ~_umask())  # mkstemp makes it 0600
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def _refusal(path: Path, error: OSError, flag: str) -> OutputError:
    return OutputError(f"{flag} {path}: cannot write ({error.strerror or error}); pass another path")
