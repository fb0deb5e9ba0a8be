"""Time any command as hyperfine does: warm-up runs, then N timed runs, each checked for success.

Each run gives its wall time, the user and system CPU time and the peak resident memory of the
command's process (from wait4's resource usage), stored as the metrics `time`, `user_time`,
`system_time` and `peak_memory` of one test named after the command.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tracker.errors import InputError, UsageError

_METRICS = {
    "time": ("s", "lower"),
    "user_time": ("s", "lower"),
    "system_time": ("s", "lower"),
    "peak_memory": ("B", "lower"),
}


@dataclass(frozen=True)
class CommandCall:
    argv: tuple[str, ...]
    runs: int = 10
    warmup: int = 1
    name: str | None = None
    """The test's name; the command line by default."""
    allow_failure: bool = False


@dataclass(frozen=True)
class Measured:
    wall: float
    user: float
    system: float
    peak_memory: float
    exit_code: int


def measure_once(argv: Sequence[str], cwd: Path) -> tuple[Measured, str]:
    """One run, its output discarded; the end of its stderr is kept for the message when it fails."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        try:
            process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=stderr)
        except OSError as error:
            raise InputError(argv[0], f"cannot run the command: {error.strerror}; check its name and PATH") from error
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        tail = stderr.read()[-2000:].decode(errors="replace")
    # Linux gives ru_maxrss in KiB.
    measured = Measured(wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss * 1024.0, process.returncode)
    return measured, tail


def time_command(call: CommandCall, cwd: Path) -> tuple[dict[str, Any], list[Measured]]:
    """Tracker's JSON for the timed runs of CALL, and the runs themselves."""
    if not call.argv:
        raise UsageError("no command to time: give it after --, e.g. tracker run command -- make build")
    started = datetime.now(UTC)
    measured: list[Measured] = []
    for index in range(call.warmup + call.runs):
        run, tail = measure_once(call.argv, cwd)
        if run.exit_code != 0 and not call.allow_failure:
            raise InputError(
                shlex.join(call.argv),
                f"the command exited with {run.exit_code}; fix it, or pass --allow-failure to time it anyway\n{tail}",
            )
        if index >= call.warmup:
            measured.append(run)
    return _document(call, measured, started), measured


def _document(call: CommandCall, measured: list[Measured], started: datetime) -> dict[str, Any]:
    name = call.name or shlex.join(call.argv)
    columns = {
        "time": [m.wall for m in measured],
        "user_time": [m.user for m in measured],
        "system_time": [m.system for m in measured],
        "peak_memory": [m.peak_memory for m in measured],
    }
    status = "passed" if all(m.exit_code == 0 for m in measured) else "failed"
    run = {
        "format": "tracker-command",
        "tool": "tracker run command",
        "source": name,
        "time": started.isoformat(),
        "environment": {},
        "results": [
            {"test": name, "metric": key, "status": status, "samples": values} for key, values in columns.items()
        ],
        "profiles": [],
    }
    metrics = {key: {"unit": unit, "direction": direction} for key, (unit, direction) in _METRICS.items()}
    tests: dict[str, dict[str, Any]] = {name: {"file": None, "tags": []}}
    return {"format": "tracker", "version": 1, "runs": [run], "tests": tests, "metrics": metrics}
