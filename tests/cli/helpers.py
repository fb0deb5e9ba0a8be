"""Running the real CLI in-process, with stdout and stderr kept apart."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from tracker.cli.main import app


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    stdout: str
    stderr: str


def run(*args: str | Path, input: bytes | str | None = None, env: dict[str, str] | None = None) -> Outcome:
    result = CliRunner().invoke(app, [str(a) for a in args], input=input, env=env, catch_exceptions=False)
    return Outcome(result.exit_code, result.stdout, result.stderr)
