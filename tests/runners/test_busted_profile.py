"""`tracker run busted --profile`: per-test call trees from debug.sethook, on every repeat."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import run
from tests.runners.conftest import LPATH

LONG_RANGE = "spec/plugin_spec.lua slowplugin sums a long range #slow"
SLOW_SUM = "slow_sum ./lua/slowplugin/init.lua:4"


def _profiles(path: Path) -> list[dict[str, Any]]:
    return list(json.loads(path.read_text())["runs"][0]["profiles"])


def test_the_slow_plugin_function_is_in_every_repeat(busted_project: Path) -> None:
    """busted reloads the plugin module for each file and repeat; its functions are kept each time."""
    outcome = run("run", "busted", "--profile", "--repeat", "3", "--output", "out.json", "--", LPATH, "spec")
    assert outcome.exit_code == 0, outcome.stderr
    nodes = {(p["test"], tuple(p["stack"])): p for p in _profiles(busted_project / "out.json")}
    root = nodes[(LONG_RANGE, (LONG_RANGE,))]
    slow = nodes[(LONG_RANGE, (LONG_RANGE, SLOW_SUM))]
    assert root["calls"] == 3 and slow["calls"] == 3
    assert slow["self_time"] == slow["total"]  # a loop without calls: all its time is its own
    children = [p for (test, stack), p in nodes.items() if test == LONG_RANGE and len(stack) == 2]
    assert max(children, key=lambda p: p["total"]) is slow  # the deliberately slow function is the widest
    assert slow["total"] <= root["total"]
    assert {p["pid"] for p in nodes.values()} != {"1"}
    assert {p["tid"] for p in nodes.values()} == {"1"}


def test_an_error_does_not_leave_frames_behind(busted_project: Path) -> None:
    """An error unwinds frames without return events; busted's error handling stays outside the test."""
    assert run("run", "busted", "--profile", "--output", "out.json", "--", LPATH, "spec").exit_code == 0
    erroring = "spec/plugin_spec.lua slowplugin raises an error"
    stacks = [p["stack"] for p in _profiles(busted_project / "out.json") if p["test"] == erroring]
    assert all(stack[0] == erroring for stack in stacks)
    assert not any("mediator.lua" in frame or "outputHandlers" in frame for stack in stacks for frame in stack)
    for node in _profiles(busted_project / "out.json"):
        assert 0 <= node["self_time"] <= node["total"] + 1e-12


def test_profiles_are_ingested_and_shown(busted_project: Path, sqlite_db: str) -> None:
    arguments = ("--profile", "--repeat", "2", "--db", sqlite_db, "--commit", "abc123")
    outcome = run("run", "busted", *arguments, "--", LPATH, "spec")
    assert outcome.exit_code == 0, outcome.stderr
    shown = run("profile", "a long range", "--db", sqlite_db, "--top", "3")
    assert shown.exit_code == 0, shown.stderr
    rows = {line.split()[-2]: line.split() for line in shown.stdout.splitlines() if "slow_sum" in line}
    assert rows["slow_sum"][0] == "2"


CALLS_SPEC = """
local function leaf(n) local s = 0 for i = 1, n do s = s + i end return s end
local function tail(n) return leaf(n) end
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
describe('calls', function()
  it('tail calls', function() for _ = 1, 5 do tail(1000) end end)
  it('recursion', function() assert(fib(10) == 55) end)
end)
"""


def test_tail_calls_and_recursion_keep_the_tree_balanced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, busted_command: str
) -> None:
    """Each interpreter reports tail calls its own way (LuaJIT: neither their returns nor those of
    C functions); the tree stays balanced on all of them."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "calls_spec.lua").write_text(CALLS_SPEC)
    outcome = run("run", "busted", "--busted", busted_command, "--profile", "--output", "out.json", "--", "spec")
    assert outcome.exit_code == 0, outcome.stderr
    nodes = _profiles(tmp_path / "out.json")
    recursion = "spec/calls_spec.lua calls recursion"
    fib = [p for p in nodes if p["test"] == recursion and p["stack"][-1].startswith("fib ")]
    assert sum(p["calls"] for p in fib) == 177  # fib(10) calls itself 177 times in all
    assert max(len(p["stack"]) for p in fib) == 11  # the root, then fib(10), fib(9) ... down to fib(1)
    tail_calls = [p for p in nodes if p["test"] == "spec/calls_spec.lua calls tail calls"]
    calls_by_line = {
        line: sum(p["calls"] for p in tail_calls if p["stack"][-1].endswith(line)) for line in (":2", ":3")
    }
    assert calls_by_line == {":2": 5, ":3": 5}  # leaf and tail, five times each
    assert max(len(p["stack"]) for p in tail_calls) <= 3  # no frame is left open to nest the next call


def test_an_error_ends_the_profile_on_every_interpreter(busted_project: Path, busted_command: str) -> None:
    arguments = ("--busted", busted_command, "--profile", "--repeat", "2", "--output", "out.json")
    assert run("run", "busted", *arguments, "--", LPATH, "spec").exit_code == 0
    nodes = _profiles(busted_project / "out.json")
    erroring = [p for p in nodes if p["test"] == "spec/plugin_spec.lua slowplugin raises an error"]
    assert erroring and not any("mediator.lua" in frame for p in erroring for frame in p["stack"])
    slow = [p for p in nodes if p["test"] == LONG_RANGE and p["stack"] == [LONG_RANGE, SLOW_SUM]]
    assert [p["calls"] for p in slow] == [2]
