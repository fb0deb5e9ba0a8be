"""Overhead of `tracker run busted --profile` (debug.sethook call/return hooks) on real busted.

Two suites: one test that calls a function 1,000,000 times (the hooks' worst case: every call is
timed) and one that loops 10,000,000 times without calls (the best case). Each runs under busted
with tracker's handler, with and without profiling, 5 times, on Debian's busted (Lua 5.2) and on
LuaJIT when it is installed; the least CPU time of the busted process is kept (CPU time, not
wall time: a shared machine's load would hide the difference).

    python -m benchmarks.bench_busted_profile
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import tempfile
from pathlib import Path

from tracker.integrations.busted import HANDLER

CALLS = 1_000_000
SUITES = {
    "calls": f"""
local function add(a, b) return a + b end
describe('overhead', function()
  it('calls a function', function()
    local total = 0
    for i = 1, {CALLS} do total = add(total, i) end
    assert(total > 0)
  end)
end)
""",
    "loop": """
describe('overhead', function()
  it('loops without calls', function()
    local total = 0
    for i = 1, 10000000 do total = total + i end
    assert(total > 0)
  end)
end)
""",
}


def _cpu_seconds(busted: list[str], folder: Path, spec: str, profile: bool) -> float:
    """The least CPU time (user + system) of five busted runs."""
    command = [*busted, "--output", str(HANDLER), "-Xoutput", str(folder / "out.json")]
    command += ["-Xoutput", "profile"] if profile else []
    best = float("inf")
    for _ in range(5):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([*command, spec], cwd=folder, check=True, stdout=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best = min(best, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return best


def main() -> None:
    busted = shutil.which("busted") or "busted"
    interpreters = {"Lua 5.2": [busted]}
    if shutil.which("luajit"):
        interpreters["LuaJIT"] = ["luajit", busted]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for interpreter, command in interpreters.items():
            seconds: dict[str, tuple[float, float]] = {}
            for suite, text in SUITES.items():
                spec = folder / f"{suite}_spec.lua"
                spec.write_text(text)
                plain = _cpu_seconds(command, folder, spec.name, False)
                seconds[suite] = (plain, _cpu_seconds(command, folder, spec.name, True))
            _print(interpreter, seconds)


def _print(interpreter: str, seconds: dict[str, tuple[float, float]]) -> None:
    for suite, (plain, profiled) in seconds.items():
        ratio = profiled / plain
        print(f"{interpreter:8} {suite:6} plain {plain:6.2f} s CPU   profiled {profiled:6.2f} s CPU   x{ratio:6.2f}")
    plain, profiled = seconds["calls"]
    print(f"{interpreter:8} cost per profiled call: {(profiled - plain) / CALLS * 1e6:.2f} µs CPU")


if __name__ == "__main__":
    main()
