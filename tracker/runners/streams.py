"""Where a runner's child writes: tracker's stdout is for results, so the child's goes to stderr."""

from __future__ import annotations

import sys


def stderr_fd() -> int | None:
    """tracker's stderr as a descriptor (None: inherit, when stderr has no descriptor, as in tests)."""
    try:
        return sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        return None
