"""A new folder (a report tree, a dashboard) put in place of the old one in one step; tidying up after a killed run.

On Linux both folders trade places in one `renameat2(RENAME_EXCHANGE)`, so the folder is the old
tree or the new one at every instant. Elsewhere (or on a file system without it) the old tree is
renamed aside and the new one into place; a run killed between the two leaves no folder, and the
next run renames the old tree back. Temporary folders carry the id of the process that made them,
so the next run removes those of processes that are gone and leaves a running one's alone.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
from pathlib import Path

from tracker.domain.processes import left_by_a_gone_process, owned_name

STAGING = "tracker-new"
"""A tree being built, or (after the swap) the replaced tree being removed."""
ASIDE = "tracker-aside"
"""The old tree between the two renames of the fallback swap."""

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EPERM}


def staging_folder(out: Path) -> Path:
    """A fresh folder beside OUT, named after this process, readable by all as a served folder must be
    (a temporary folder starts private)."""
    folder = Path(tempfile.mkdtemp(prefix=owned_name(f".{out.name}.{STAGING}"), dir=out.parent))
    folder.chmod(0o755)
    return folder


def exchange(out: Path, staging: Path) -> None:
    """The tree in STAGING goes to OUT and the old tree of OUT to STAGING."""
    if _exchange_in_one_step(staging, out):
        return
    aside = Path(tempfile.mkdtemp(prefix=owned_name(f".{out.name}.{ASIDE}"), dir=out.parent))
    aside.rmdir()
    out.replace(aside)
    staging.replace(out)
    aside.replace(staging)


def recover(out: Path) -> None:
    """Undo what a killed run left beside OUT: put its old tree back if OUT is missing, remove its temporary folders."""
    if not out.parent.is_dir():
        return
    entries = list(out.parent.iterdir())
    for entry in entries:  # an old tree to put back first
        if left_by_a_gone_process(entry.name, f".{out.name}.{ASIDE}") and not (out.exists() or out.is_symlink()):
            entry.replace(out)
    for entry in entries:
        if any(left_by_a_gone_process(entry.name, f".{out.name}.{kind}") for kind in (STAGING, ASIDE)):
            shutil.rmtree(entry, ignore_errors=True)


def _exchange_in_one_step(first: Path, second: Path) -> bool:
    """Trade the two paths with renameat2; False when this system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(second))
