"""The progress display: on a real pseudo-terminal it shows on stderr; piped, or on a dumb terminal, nothing.

Each command runs as a process of its own with stderr on a pseudo-terminal (Python's `pty`) and
stdout on a file, as a person at a terminal who redirects the output would have it. The display's
half-second delay is set to 0 in those processes, so that what they show does not depend on how
fast the machine is; the delay itself is tested on its own.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import ROOT
from tracker.cli.progress import TerminalProgress

RUNS = 30
TESTS = 60
# The real command line, with the display drawn from the start.
NO_DELAY = "import tracker.cli.progress as p; p.DELAY_SECONDS = 0; from tracker.cli.main import main; main()"
COLOUR = b"\x1b[32m"  # Rich's green, which the counts are drawn in


@dataclass(frozen=True)
class Ran:
    code: int
    stdout: bytes
    stderr: bytes


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """RUNS pytest-benchmark files, one per commit, with seeded samples."""
    folder = tmp_path_factory.mktemp("history")
    rng = np.random.default_rng(11)
    levels = rng.uniform(1e-4, 1e-2, TESTS)
    for run in range(RUNS):
        benchmarks = [
            {
                "fullname": f"tests/test_many.py::test_case[{number}]",
                "stats": {"data": list(level * rng.lognormal(0, 0.02, 5))},
            }
            for number, level in enumerate(levels)
        ]
        document = {
            "machine_info": {"node": "bench"},
            "commit_info": {"id": f"{run + 1:040x}", "branch": "main"},
            "datetime": f"2026-01-01T{run // 60:02d}:{run % 60:02d}:00+00:00",
            "benchmarks": benchmarks,
        }
        (folder / f"run_{run:03d}.json").write_text(json.dumps(document))
    return folder


def _tracker(cwd: Path, *args: str, terminal: bool, **env: str) -> Ran:
    command = [sys.executable, "-c", NO_DELAY, *args]
    environment = {**{k: v for k, v in os.environ.items() if k != "NO_COLOR"}, "TERM": "xterm-256color", **env}
    environment["PYTHONPATH"] = str(ROOT)
    out = cwd / "stdout.txt"
    with out.open("wb") as stdout:
        if not terminal:
            done = subprocess.run(command, cwd=cwd, env=environment, stdout=stdout, stderr=subprocess.PIPE, check=False)
            return Ran(done.returncode, out.read_bytes(), done.stderr)
        main, side = pty.openpty()
        fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
        process = subprocess.Popen(command, cwd=cwd, env=environment, stdout=stdout, stderr=side)
        os.close(side)
        seen = _read_all(main)
        code = process.wait()
    return Ran(code, out.read_bytes(), seen)


def _read_all(main: int) -> bytes:
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    return b"".join(chunks)


def _ingest(folder: Path, database: Path, *, terminal: bool, **env: str) -> Ran:
    database.unlink(missing_ok=True)
    return _tracker(
        folder,
        "ingest",
        "--db",
        str(database),
        *sorted(p.name for p in folder.glob("*.json")),
        terminal=terminal,
        **env,
    )


def test_ingest_shows_its_progress_on_a_terminal_and_nothing_when_piped(history: Path, tmp_path: Path) -> None:
    shown = _ingest(history, tmp_path / "a.db", terminal=True)
    assert shown.code == 0, shown.stderr
    assert f"ingesting {RUNS} input(s)".encode() in shown.stderr
    assert f"run_{RUNS - 1:03d}.json".encode() in shown.stderr  # the input at hand
    assert COLOUR in shown.stderr
    assert shown.stderr.rstrip().endswith(
        f"ingested {RUNS} new run(s) from {RUNS} input(s): {TESTS} test(s), {RUNS * TESTS * 5} sample(s)".encode()
    )
    piped = _ingest(history, tmp_path / "b.db", terminal=False)
    assert piped.code == 0
    assert (
        piped.stderr
        == f"ingested {RUNS} new run(s) from {RUNS} input(s): {TESTS} test(s), {RUNS * TESTS * 5} sample(s)\n".encode()
    )
    assert shown.stdout == piped.stdout == b""


def test_a_dumb_terminal_gets_no_display_and_no_color_one_without_colour(history: Path, tmp_path: Path) -> None:
    dumb = _ingest(history, tmp_path / "a.db", terminal=True, TERM="dumb")
    assert dumb.code == 0
    assert b"ingesting" not in dumb.stderr and b"\x1b" not in dumb.stderr
    plain = _ingest(history, tmp_path / "b.db", terminal=True, NO_COLOR="1")
    assert plain.code == 0
    assert f"ingesting {RUNS} input(s)".encode() in plain.stderr
    assert COLOUR not in plain.stderr


@pytest.fixture(scope="module")
def stored(history: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    database = tmp_path_factory.mktemp("stored") / "history.db"
    assert _ingest(history, database, terminal=False).code == 0
    return database


def test_the_whole_history_scan_shows_its_progress_and_the_same_output(stored: Path, tmp_path: Path) -> None:
    shown = _tracker(tmp_path, "changes", "--db", str(stored), "--format", "json", terminal=True)
    piped = _tracker(tmp_path, "changes", "--db", str(stored), "--format", "json", terminal=False)
    assert shown.code == piped.code == 0
    assert b"reading the history" in shown.stderr
    assert f"scanning {TESTS} series over {RUNS} commits".encode() in shown.stderr
    assert piped.stderr == b""
    assert shown.stdout == piped.stdout
    json.loads(shown.stdout)


def test_the_report_counts_the_test_folders_it_writes(stored: Path, tmp_path: Path) -> None:
    shown = _tracker(tmp_path, "report", "--db", str(stored), "--out", "shown", terminal=True)
    piped = _tracker(tmp_path, "report", "--db", str(stored), "--out", "piped", terminal=False)
    assert shown.code == piped.code == 0
    assert f"writing {TESTS} test folder(s)".encode() in shown.stderr
    assert f"{TESTS}/{TESTS}".encode() in shown.stderr
    assert b"writing" not in piped.stderr and b"\x1b" not in piped.stderr
    assert shown.stdout.replace(b"shown", b"piped") == piped.stdout


def test_work_shorter_than_the_delay_draws_nothing_and_loads_no_display() -> None:
    display = TerminalProgress(delay=3600)
    display.stage("reading 2 input(s)", total=2)
    display.advance(detail="a.json")
    display.finish()
    assert not display.shown
