"""Folder names of the tree: every name is built from safe characters, so no test or tag name
can make a path leave the tree (`../`, absolute paths, NUL, newlines, Windows reserved names)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from tracker.errors import UsageError

MAX_FOLDER_BYTES = 99
"""A folder name stays under 100 bytes (every character kept is ASCII)."""
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
TEST_FOLDER = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[A-Za-z0-9._-]+$")
"""The shape of a test folder: `{UUID}-{sanitized name}`."""
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


def sanitize(name: str, limit: int) -> str:
    """Letters, digits, `.`, `_` and `-` kept; every other run of characters becomes `_`; cut to
    LIMIT characters; no leading or trailing dots (`..` or a Windows `name.` never survive)."""
    cleaned = _UNSAFE.sub("_", name)[:limit].strip(".")
    return cleaned or "_"


def folder_for_test(test_id: str, name: str) -> str:
    """`{UUID}-{sanitized name}`, under 100 bytes."""
    return f"{test_id}-{sanitize(name, MAX_FOLDER_BYTES - len(test_id) - 1)}"


def tag_folders(tags: Iterable[str]) -> dict[str, str]:
    """A folder name per tag: sanitized, never a Windows reserved name, and unique even on a file
    system that ignores case (a clash gets a short hash of the tag)."""
    folders: dict[str, str] = {}
    taken: set[str] = set()
    for tag in sorted(set(tags)):
        folder = sanitize(tag, 60)
        if _RESERVED.match(folder) or folder.casefold() in taken or folder != tag:
            folder = f"{folder}-{hashlib.md5(tag.encode('utf-8')).hexdigest()[:8]}"
        folders[tag] = folder
        taken.add(folder.casefold())
    return folders


def inside(root: Path, relative: str) -> Path:
    """ROOT / RELATIVE, refused when it would lead out of ROOT (a last line of defence)."""
    path = root / relative
    if "\x00" in relative:
        raise UsageError(f"{relative!r} holds a NUL character; this is a bug in tracker report")
    resolved, base = path.resolve(), root.resolve()
    if resolved == base or not resolved.is_relative_to(base):
        raise UsageError(f"{relative!r} would be written outside {root}; this is a bug in tracker report")
    return path
