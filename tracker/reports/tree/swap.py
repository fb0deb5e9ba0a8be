"""Writing the tree all at once: it is built in a folder beside DIR, what is not tracker's in the
old DIR is copied across (as hard links where it can), and the two folders are swapped in one step
(`exchange`), so the old tree stays whole until the new one takes its place and a crash at any
moment leaves one or the other; the next run removes what a killed run left beside DIR.

Every folder tracker makes holds a marker file listing the entries it made there. Only those
entries are ever replaced or removed; anything else in DIR (a `.git`, notes, a file someone put
in a test folder) is carried into the new tree unchanged, and reported.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tracker.errors import UsageError
from tracker.reports.exchange import exchange, recover, staging_folder
from tracker.reports.tree.paths import TEST_FOLDER

MARKER = ".tracker-report"
_MARKER_HEAD = (
    "Made by `tracker report`. The entries listed below are replaced or removed on each run; "
    "anything else in this folder is left alone.\n"
)


@dataclass
class Carried:
    """What the old tree held besides tracker's current output."""

    kept: list[str] = field(default_factory=list)
    """Entries that are not tracker's, copied into the new tree (paths relative to DIR)."""
    removed: list[str] = field(default_factory=list)
    """Tracker's folders that the new tree no longer has (removed tests and tags)."""
    kept_tags: list[str] = field(default_factory=list)
    """Old tag folders kept because old tag folders are to be kept."""
    conflicts: list[str] = field(default_factory=list)
    """Entries that are not tracker's but sit where tracker now writes: left in the old tree's copy."""


def write_marker(folder: Path, entries: set[str]) -> None:
    (folder / MARKER).write_text(_MARKER_HEAD + "".join(f"{name}\n" for name in sorted(entries)), encoding="utf-8")


def read_marker(folder: Path) -> set[str] | None:
    """The entries tracker made in FOLDER, or None when tracker did not make it."""
    marker = folder / MARKER
    if not marker.is_file() or folder.is_symlink():
        return None
    lines = marker.read_text(encoding="utf-8", errors="replace").splitlines()
    if not lines or lines[0] != _MARKER_HEAD.rstrip("\n"):
        return None
    return {line for line in lines[1:] if line and "/" not in line and line not in {".", ".."}}


def prepare(out: Path, protected: list[Path]) -> Path:
    """A fresh folder beside OUT to build the tree in, after checking OUT may be replaced
    (and after undoing what a killed run left beside it)."""
    recover(out)
    if out.is_symlink():
        raise UsageError(f"{out}: is a symbolic link, which the swap would replace; pass the folder it points to")
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out}: is a file; --out takes a folder")
    for path in protected:
        if path.resolve().is_relative_to(out.resolve()):
            raise UsageError(f"{out}: holds {path}, which the swap would move; pass another --out folder")
    if out.is_dir() and read_marker(out) is None:
        visible = sorted(entry.name for entry in out.iterdir() if not entry.name.startswith("."))
        if visible:
            shown = ", ".join(visible[:5]) + (" ..." if len(visible) > 5 else "")
            raise UsageError(
                f"{out}: not empty ({shown}) and not made by tracker report; pass a new or empty folder to --out"
            )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        return staging_folder(out)
    except OSError as error:
        raise UsageError(
            f"{out.parent}: cannot create a folder there ({error.strerror}); pass another --out"
        ) from error


def carry_over(old: Path, new: Path, *, keep_old_tags: bool) -> Carried:
    """Copy what is not tracker's from OLD into NEW (same relative paths); OLD is left as it was."""
    carried = Carried()
    _walk(old, new, "", carried, keep_old_tags)
    return carried


def _walk(old: Path, new: Path, relative: str, carried: Carried, keep_old_tags: bool) -> None:
    owned = read_marker(old)
    for entry in sorted(old.iterdir(), key=lambda p: p.name):
        path = f"{relative}{entry.name}"
        if owned is None or (entry.name not in owned and entry.name != MARKER):
            _carry(entry, new / entry.name, path, carried)
        elif entry.name == MARKER or not entry.is_dir() or entry.is_symlink():
            continue
        elif _made_by_tracker(entry, relative):
            target = new / entry.name
            if not target.exists() and relative == "tags/" and keep_old_tags:
                _carry(entry, target, path, carried, tracker=True)
                carried.kept_tags.append(entry.name)
                write_marker(new, (read_marker(new) or set()) | {entry.name})
                continue
            if not target.exists():
                carried.removed.append(path)
            _walk(entry, target, f"{path}/", carried, keep_old_tags)
        else:
            _carry(entry, new / entry.name, path, carried)


def _made_by_tracker(folder: Path, relative: str) -> bool:
    """A folder is tracker's when its parent's marker lists it, it has a marker, and under
    by_release/ it has the `{UUID}-{name}` shape."""
    if read_marker(folder) is None:
        return False
    return not relative.endswith("by_release/") or bool(TEST_FOLDER.match(folder.name))


def _carry(source: Path, target: Path, path: str, carried: Carried, *, tracker: bool = False) -> None:
    if target.exists() or target.is_symlink():
        carried.conflicts.append(path)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(source, target)
    if not tracker:
        carried.kept.append(path)


def swap(out: Path, staging: Path, *, keep_old_tags: bool, keep_temporary: bool) -> tuple[Carried, Path | None]:
    """Put STAGING in OUT's place; the old tree is removed unless it must be kept (KEEP_TEMPORARY,
    or entries that could not be carried across). Returns what was carried and the kept old tree."""
    if not out.exists():
        staging.replace(out)
        return Carried(), None
    carried = carry_over(out, staging, keep_old_tags=keep_old_tags)
    exchange(out, staging)  # STAGING now holds the old tree
    if keep_temporary or carried.conflicts:
        backup = Path(tempfile.mkdtemp(prefix=f".{out.name}.tracker-old-", dir=out.parent))
        backup.rmdir()
        staging.replace(backup)
        return carried, backup
    shutil.rmtree(staging)
    return carried, None


def _copy(source: Path, target: Path) -> None:
    """SOURCE as it is at TARGET, without moving it: the old tree must stay whole until the swap."""
    if source.is_symlink():
        target.symlink_to(source.readlink())
    elif source.is_dir():
        shutil.copytree(source, target, symlinks=True, copy_function=_link_or_copy)
    else:
        _link_or_copy(source, target)


def _link_or_copy(source: str | Path, target: str | Path) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
