"""Temporary files named after the process that made them, so a later run can tell a killed run's
leftovers (its process is gone) from a running one's (leave them alone)."""

from __future__ import annotations

import os
import re
import sys


def owned_name(prefix: str) -> str:
    """The start of a temporary name that carries this process's id: PREFIX-PID-."""
    return f"{prefix}-{os.getpid()}-"


def left_by_a_gone_process(name: str, prefix: str) -> bool:
    """NAME was made by `owned_name(PREFIX)` in a process that no longer runs."""
    match = re.match(rf"{re.escape(prefix)}-(\d+)-", name)
    return match is not None and not _running(int(match[1]))


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # an earlier process that had this id: this one has not made it yet
    if sys.platform == "win32":  # signal 0 is not a probe there: keep everything
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
