"""Output files and standard output: written whole, into what the user named, and failures are exit 2."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.conftest import DATA, ROOT
from tracker.errors import OutputError
from tracker.reports.output_file import write_output

FULL = Path("/dev/full")
RUN_FILE = DATA / "pytest_benchmark" / "tubular__history__v01__0001_baseline.json"
TREE = DATA / "busted_profiler" / "benchmarks"
SINGLE_ROW = (
    "tests/aggregations/test_AggregateColumnsOverRowTransformer.py::"
    "TestAggregateColumnsOverRowTransformerTransform::test_benchmark_single_row[pandas-False]"
)


@pytest.fixture
def filled_db(tmp_path: Path) -> str:
    database = str(tmp_path / "filled.db")
    for source in (RUN_FILE, TREE):
        outcome = run("ingest", source, "--commit", "abc1234", "--branch", "main", "--db", database)
        assert outcome.exit_code == 0, outcome.stderr
    return database


def _tracker(*args: str | Path, stdout: int | None = subprocess.PIPE) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "tracker", *map(str, args)]
    return subprocess.run(command, stdout=stdout, stderr=subprocess.PIPE, env=env, check=False, timeout=120)


def _read_fifo(fifo: Path, into: list[bytes]) -> threading.Thread:
    thread = threading.Thread(target=lambda: into.append(fifo.read_bytes()), daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("command", [["export"], ["flamegraph", "computes outer", "--format", "folded"]])
def test_output_through_a_symlink_writes_its_target_and_keeps_the_link(
    filled_db: str, tmp_path: Path, command: list[str]
) -> None:
    target = tmp_path / "real.out"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.out"
    link.symlink_to(target)
    outcome = run(*command, "-o", link, "--db", filled_db)
    assert outcome.exit_code == 0, outcome.stderr
    assert link.is_symlink() and link.resolve() == target
    assert target.read_text(encoding="utf-8") not in ("", "old")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("command", [["export"], ["flamegraph", "computes outer", "--format", "folded"]])
def test_output_into_a_fifo_reaches_its_reader(filled_db: str, tmp_path: Path, command: list[str]) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = _read_fifo(fifo, received)
    outcome = run(*command, "-o", fifo, "--db", filled_db)
    reader.join(timeout=60)
    assert outcome.exit_code == 0, outcome.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert len(received[0]) > 100


def test_history_svg_through_a_symlink(filled_db: str, tmp_path: Path) -> None:
    target = tmp_path / "chart-target.svg"
    link = tmp_path / "chart.svg"
    link.symlink_to(target)
    outcome = run("history", SINGLE_ROW, "--svg", link, "--db", filled_db)
    assert outcome.exit_code == 0, outcome.stderr
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("<svg")


def test_a_full_device_is_written_into_and_refused_with_exit_2(filled_db: str) -> None:
    before = FULL.stat()
    outcome = _tracker("export", "-o", "/dev/full", "--db", filled_db)
    assert outcome.returncode == 2
    assert b"--output /dev/full: cannot write (No space left on device)" in outcome.stderr
    assert b"Traceback" not in outcome.stderr
    after = FULL.stat()
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


def test_a_failed_write_to_standard_output_is_exit_2_with_a_message(filled_db: str) -> None:
    with FULL.open("wb") as full:
        outcome = _tracker("runs", "--format", "json", "--db", filled_db, stdout=full.fileno())
    assert outcome.returncode == 2
    assert b"Traceback" not in outcome.stderr
    assert outcome.stderr.decode().startswith("tracker: error: cannot write to standard output (No space left")


def test_a_closed_pipe_is_a_quiet_exit(filled_db: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    producer = subprocess.Popen(
        [sys.executable, "-m", "tracker", "export", "--db", filled_db],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert producer.stdout is not None and producer.stderr is not None
    producer.stdout.read(10)
    producer.stdout.close()  # as `| head -c 10` does
    stderr = producer.stderr.read()
    assert producer.wait(timeout=120) == 141
    assert stderr == b""


def test_write_output_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_output(target, ["new ", "content"])
    assert target.read_text(encoding="utf-8") == "new content"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_write_output_writes_into_a_hard_linked_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    twin = tmp_path / "twin.txt"
    twin.hardlink_to(target)
    write_output(target, "new")
    assert twin.read_text(encoding="utf-8") == "new"


def test_write_output_refuses_a_folder_and_leaves_nothing_behind(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a folder"):
        write_output(tmp_path, "x")
    with pytest.raises(OutputError, match="No such file or directory"):
        write_output(tmp_path / "missing" / "out.txt", "x")
    assert list(tmp_path.iterdir()) == []
