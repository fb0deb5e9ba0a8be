"""Timing whole processes for the target rows of `make bench`: wall clock, CPU time and peak memory.

On a shared machine the wall clock also counts other people's work, so each row gives both and
its ratio is taken on CPU time (user + system of the process), best of a few repeats, the
reference measured in the same run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPEATS = int(os.environ.get("TRACKER_BENCH_REPEATS", "3"))


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float
    peak_mb: float

    def __str__(self) -> str:
        return f"{self.cpu:.2f} s CPU ({self.wall:.2f} s wall, {self.peak_mb:.0f} MB peak)"


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment without the benchmarks' own TRACKER_BENCH_* / TRACKER_TEST_*
    variables, which tracker would refuse as unknown settings."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("TRACKER_BENCH_", "TRACKER_TEST_"))}
    return {**kept, **(extra or {})}


def tracker(*args: str) -> list[str]:
    return [sys.executable, "-m", "tracker", *args]


def once(argv: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Timing:
    """One process: its wall clock, CPU seconds and peak resident memory; it must succeed or exit 1."""
    import time

    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment(env), cwd=cwd)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(argv)} failed ({process.returncode}): {stderr[-2000:]}")
    return Timing(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def best(argv: list[str], env: dict[str, str] | None = None, repeats: int = REPEATS, cwd: Path | None = None) -> Timing:
    """The fastest of REPEATS processes (by CPU time); peak memory is the largest seen."""
    timings = [once(argv, env, cwd) for _ in range(repeats)]
    fastest = min(timings, key=lambda t: t.cpu)
    return Timing(fastest.wall, fastest.cpu, max(t.peak_mb for t in timings))


def row(job: str, figure: Timing, reference: Timing | None, target: str, reference_name: str = "") -> None:
    """One row of the target table: the figure, the reference and their ratio (CPU time)."""
    if reference is None:
        print(f"{job}: {figure}; target {target}", flush=True)
        return
    ratio = figure.cpu / reference.cpu if reference.cpu else float("inf")
    print(f"{job}: {figure}; reference {reference_name}: {reference}; ratio {ratio:.2f} (target {target})", flush=True)
