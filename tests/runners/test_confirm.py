"""`tracker run busted|pytest --confirm`: only the flagged tests are re-run, into the same run, and the
final verdict follows their new samples. A planted slowdown (a factor read from a file on every run)
persists across re-runs; a spike (its file removed by the first run that reads it) does not."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests import external
from tests.cli.helpers import run
from tracker.store import Store

SPEC = """
local function factor(name, once)
  local f = io.open(name)
  if not f then return 1 end
  local value = tonumber(f:read('*l')) or 1
  f:close()
  if once then os.remove(name) end
  return value
end

local function nap(seconds) os.execute('sleep ' .. seconds) end

describe('work', function()
  it('steady (one)', function() nap(0.15) end)
  it('slowed by a file [x2-5%?]', function() nap(0.15 * factor('slow.txt')) end)
  it('spikes once', function() nap(0.15 * factor('spike.txt', true)) end)
end)
"""

SUITE = """
import pathlib, time

def factor(name, once=False):
    path = pathlib.Path(name)
    if not path.exists():
        return 1
    value = float(path.read_text())
    if once:
        path.unlink()
    return value

def test_steady():
    time.sleep(0.15)

def test_slowed():
    time.sleep(0.15 * factor("slow.txt"))

def test_spikes_once():
    time.sleep(0.15 * factor("spike.txt", once=True))
"""

# Sleeps of 150 ms, a generous threshold, and sub-20 ms values (pytest's setup and teardown) judged on
# their absolute change: the steady test and the phases around the tests are not flagged by a loaded
# machine's noise.


def _project(folder: Path, name: str, text: str) -> Path:
    folder.mkdir()
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    return folder


def _history(tool: str, database: str, *arguments: str, runs: int = 4) -> None:
    for i in range(runs):
        outcome = run("run", tool, "--db", database, "--repeat", "3", "--commit", f"{i + 1:040x}", *arguments)
        assert outcome.exit_code == 0, outcome.stderr


def _confirm(tool: str, database: str, *arguments: str, slowdown: str = "6") -> tuple[int, str, dict[str, int]]:
    """Exit code, stderr and the candidate run's samples per test name after a --confirm run."""
    (Path.cwd() / "slow.txt").write_text(slowdown)
    (Path.cwd() / "spike.txt").write_text("6")
    outcome = run(
        "run", tool, "--db", database, "--commit", f"{9:040x}", "--confirm", "--confirm-tries", "3", *arguments,
        env={"TRACKER_THRESHOLD": "50", "TRACKER_MIN_TIME": "20ms"},
    )  # fmt: skip
    with Store(database) as store:
        candidate = store.run(None)
        assert candidate is not None
        names = {test.id: test.name for test in store.tests()}
        counts = store.samples([candidate.id]).groupby("test_id").size()
    return outcome.exit_code, outcome.stderr, {names[str(test)]: int(n) for test, n in counts.items()}


def test_busted_confirms_the_slowdown_and_clears_the_spike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database: str
) -> None:
    external.busted()
    monkeypatch.chdir(_project(tmp_path / "project", "spec/work_spec.lua", SPEC))
    _history("busted", database, "--", "spec")
    exit_code, stderr, samples = _confirm("busted", database, "--", "spec")
    slowed, spike, steady = (
        f"spec/work_spec.lua work {it}" for it in ("slowed by a file [x2-5%?]", "spikes once", "steady (one)")
    )
    assert f"test {spike}: regressed " in stderr
    assert "-> unchanged " in stderr.split(f"test {spike}:")[1].splitlines()[0]
    assert f"test {slowed}: regressed " in stderr
    assert "-> regressed " in stderr.split(f"test {slowed}:")[1].splitlines()[0]
    assert f"test {steady}:" not in stderr
    # The slowdown re-ran every try; the spike until its median fell back (1 slow, 2 normal); the steady test never.
    assert samples == {slowed: 1 + 3, spike: 1 + 2, steady: 1}
    assert exit_code == 1


def test_pytest_reruns_node_ids_and_passes_once_the_spike_is_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sqlite_db: str
) -> None:
    monkeypatch.chdir(_project(tmp_path / "suite", "test_work.py", SUITE))
    _history("pytest", sqlite_db, "--", "-q", "-p", "no:cacheprovider", "test_work.py", runs=3)
    arguments = ("--", "-q", "-p", "no:cacheprovider", "test_work.py")
    exit_code, stderr, samples = _confirm("pytest", sqlite_db, *arguments, slowdown="1")  # only the spike is flagged
    assert "test test_work.py::test_spikes_once: regressed " in stderr
    assert "test_work.py::test_slowed:" not in stderr
    spiked = stderr.split("test test_work.py::test_spikes_once:")[1].splitlines()[0]
    assert spiked.endswith("after 2 re-runs") and "-> unchanged " in spiked
    # Three metrics a test (call, setup, teardown), one sample each a run.
    assert samples["test_work.py::test_spikes_once"] == 3 * 3
    assert samples["test_work.py::test_steady"] == samples["test_work.py::test_slowed"] == 3
    assert exit_code == 0


def test_confirm_needs_the_run_ingested(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sqlite_db: str) -> None:
    monkeypatch.chdir(_project(tmp_path / "suite", "test_work.py", SUITE))
    outcome = run("run", "pytest", "--db", sqlite_db, "--confirm", "--output", "out.json", "--", "test_work.py")
    assert outcome.exit_code == 2
    assert "--confirm judges the ingested run; drop --output" in outcome.stderr
    assert not (tmp_path / "suite" / "out.json").exists()
