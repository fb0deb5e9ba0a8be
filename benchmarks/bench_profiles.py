"""A 200 MB Chrome trace becomes call trees: time and peak memory of `tracker ingest`.

A seeded generator writes a Trace Event Format array of `X` events the way the busted profiler
does (each call written when it returns, so children come before their parents) on four
threads, until the file reaches 200 MB. A separate process then ingests it into a fresh SQLite
database; its peak resident memory (getrusage maxrss of the child) and wall time are reported,
with the same figures for a 20 MB trace to show that memory does not grow with the file.
"""

from __future__ import annotations

import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MEGABYTE = 1 << 20
LEVELS = 9
# A fixed call graph, as a real program has: each function calls two functions of the next level.
FUNCTIONS = [[f"module{level}.function{f}" for f in range(22)] for level in range(LEVELS)]
CALLEES = {
    name: random.Random(name).sample(FUNCTIONS[level + 1], 2)
    for level in range(LEVELS - 1)
    for name in FUNCTIONS[level]
}


def write_trace(path: Path, size: int, seed: int = 7) -> int:
    """Nested calls on 4 threads, written at return; returns the number of events."""
    rng = random.Random(seed)
    count = 0
    clock = dict.fromkeys(range(1, 5), 0.0)
    with path.open("w", encoding="utf-8") as out:
        out.write("[\n")
        written = 2
        while written < size:
            tid = rng.randint(1, 4)
            lines: list[str] = []
            clock[tid] = _call(rng, lines, tid, clock[tid], rng.choice(FUNCTIONS[0]))
            text = "".join(lines)
            out.write(text)
            written += len(text)
            count += len(lines)
        out.write('{"name":"end","ph":"i","ts":0,"pid":1,"tid":1,"s":"g"}\n]\n')
    return count


def _call(rng: random.Random, lines: list[str], tid: int, start: float, name: str) -> float:
    """One call and its children; appends their events (children first) and returns the end time."""
    cursor = start + rng.uniform(0.1, 2.0)
    for _ in range(rng.choice((0, 1, 1, 2, 3)) if name in CALLEES else 0):
        cursor = _call(rng, lines, tid, cursor, rng.choice(CALLEES[name])) + rng.uniform(0.0, 1.0)
    end = cursor + rng.uniform(0.1, 2.0)
    lines.append(
        f'{{"name":"{name}","cat":"function","ph":"X","ts":{start:.3f},"dur":{end - start:.3f},'
        f'"pid":1000,"tid":{tid},"args":{{}}}},\n'
    )
    return end


def measure(trace: Path, database: Path) -> tuple[float, float]:
    """Wall seconds and peak MiB of a `tracker ingest` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tracker", "ingest", str(trace), "--db", str(database), "--commit", "bench"],
        check=True,
        capture_output=True,
    )
    elapsed = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak <= before:
        print("  (peak below an earlier child's: memory figure not separable)")
    return elapsed, peak / 1024


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="tracker-bench-profiles-") as folder:
        for megabytes in (20, 200):
            trace = Path(folder) / f"trace-{megabytes}mb.json"
            began = time.perf_counter()
            events = write_trace(trace, megabytes * MEGABYTE)
            generated = time.perf_counter() - began
            seconds, peak = measure(trace, Path(folder) / f"{megabytes}.db")
            size = trace.stat().st_size / MEGABYTE
            print(
                f"chrome trace {size:.0f} MB, {events:,} events (generated in {generated:.1f} s): "
                f"ingest {seconds:.1f} s ({events / seconds:,.0f} events/s), peak memory {peak:.0f} MiB",
                flush=True,
            )
            trace.unlink()


if __name__ == "__main__":
    main()
