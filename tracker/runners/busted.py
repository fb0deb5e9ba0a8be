"""Run the user's busted with tracker's output handler, passing every busted argument through."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from tracker.errors import InputError, UsageError
from tracker.runners.streams import stderr_fd

# Arguments tracker sets itself: passing them too would replace tracker's handler or its repeats.
_OWN = {"-o": "the output handler", "--output": "the output handler", "-Xoutput": "the output handler's options"}
_REPEAT = ("-r", "--repeat")


@dataclass(frozen=True)
class BustedCall:
    command: tuple[str, ...]
    """How to start busted: `busted`, or `nvim -l path/to/busted_runner.lua` for suites needing Neovim."""
    arguments: tuple[str, ...] = ()
    repeat: int = 1
    profile: bool = False


@dataclass(frozen=True)
class BustedOutcome:
    exit_code: int
    """busted's exit code: the number of failures and errors, or another code when it could not run."""
    argv: tuple[str, ...]


def command_line(call: BustedCall, handler: Path, output: Path) -> list[str]:
    """The busted command: the user's arguments after tracker's, so that busted reads both."""
    _check_arguments(call.arguments)
    own = ["--output", str(handler), "-Xoutput", str(output)]
    if call.profile:
        own += ["-Xoutput", "profile"]
    if call.repeat > 1:
        own += ["--repeat", str(call.repeat)]
    return [*call.command, *own, *call.arguments]


def _check_arguments(arguments: Sequence[str]) -> None:
    for argument in arguments:
        if argument == "--":
            return
        name = argument.split("=", 1)[0]
        if name in _OWN:
            raise UsageError(f"busted argument {argument!r}: tracker sets {_OWN[name]}; leave it out")
        if name in _REPEAT:
            raise UsageError(f"busted argument {argument!r}: use tracker's --repeat N so that every repeat is kept")


def run(call: BustedCall, handler: Path, output: Path, cwd: Path) -> BustedOutcome:
    """Run busted in CWD; its own output goes to stderr so that tracker's stdout stays clean."""
    argv = command_line(call, handler, output)
    try:
        completed = subprocess.run(argv, cwd=cwd, stdout=stderr_fd(), check=False)
    except FileNotFoundError as error:
        raise InputError(
            argv[0], "busted was not found: install it (Debian: apt-get install lua-busted) or pass --busted CMD"
        ) from error
    if not output.is_file():
        raise InputError(
            " ".join(argv),
            f"busted exited with {completed.returncode} without writing results; see its messages above",
        )
    return BustedOutcome(exit_code=completed.returncode, argv=tuple(argv))


_LUA_MAGIC = "^$()%.[]*+-?"


def only(call: BustedCall, names: Sequence[str], files: Mapping[str, str | None]) -> BustedCall:
    """CALL restricted to the tests NAMES (`<spec file> <describe ...> <it>`; FILES: each one's spec
    file): one `--filter` per test, an escaped Lua pattern of the name busted matches (the describes
    and the `it`, without the file), anchored at its end."""
    patterns = []
    for name in names:
        file = files.get(name)
        inner = name[len(file) + 1 :] if file and name.startswith(f"{file} ") else name
        patterns.append("--filter=" + "".join(f"%{c}" if c in _LUA_MAGIC else c for c in inner) + "$")
    return replace(call, arguments=(*patterns, *call.arguments))
