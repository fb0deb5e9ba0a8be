"""Run pytest with tracker's plugin, passing every pytest argument through."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from tracker.errors import InputError, UsageError
from tracker.runners.streams import stderr_fd

PLUGIN = "tracker.integrations.pytest_plugin"
_OWN = ("--tracker-output", "--tracker-repeat", "--tracker-profile", "--tracker-only")


@dataclass(frozen=True)
class PytestCall:
    arguments: tuple[str, ...] = ()
    repeat: int = 1
    profile: bool = False
    python: str = sys.executable
    """The interpreter whose pytest runs: tracker's own, where the plugin is installed."""
    only: tuple[str, ...] = ()
    """Node ids to run, and no other test (confirmation re-runs)."""


def command_line(call: PytestCall, output: Path) -> list[str]:
    _check_arguments(call.arguments)
    own = ["-p", PLUGIN, "--tracker-output", str(output), "--tracker-repeat", str(call.repeat)]
    own += [f"--tracker-only={node}" for node in call.only]
    return [call.python, "-m", "pytest", *own, *(["--tracker-profile"] if call.profile else []), *call.arguments]


def only(call: PytestCall, names: Sequence[str]) -> PytestCall:
    """CALL restricted to the tests NAMES (node ids), the rest of its command line unchanged."""
    return replace(call, only=tuple(names))


def _check_arguments(arguments: Sequence[str]) -> None:
    for argument in arguments:
        if argument.split("=", 1)[0] in _OWN:
            raise UsageError(f"pytest argument {argument!r}: tracker sets it; use tracker's --repeat or --profile")


def run(call: PytestCall, output: Path, cwd: Path) -> tuple[int, tuple[str, ...]]:
    """pytest's exit code and command line; its report goes to stderr."""
    argv = command_line(call, output)
    completed = subprocess.run(argv, cwd=cwd, stdout=stderr_fd(), check=False)
    if not output.is_file():
        raise InputError(
            " ".join(argv), f"pytest exited with {completed.returncode} without writing results; see its messages above"
        )
    return completed.returncode, tuple(argv)
