"""The long fuzzing variant: each format in its own memory-bounded child, restarted after a kill."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.soak.fuzz import modules


@dataclass
class FuzzFigures:
    inputs: Counter[str] = field(default_factory=Counter)
    """Inputs run, by format."""
    outcomes: Counter[str] = field(default_factory=Counter)
    """Outcomes by class, all formats together."""
    findings: dict[str, str] = field(default_factory=dict)
    """One reproducer per signature (format, kind, exception, place)."""
    kills: int = 0
    """Child processes that died mid-input (the input counts as 'killed') and were restarted."""
    peak_kib: int = 0
    slowest: tuple[float, str] = (0.0, "")
    seconds: float = 0.0


def fuzz(
    count: int, seed: int, seconds: float, memory_mb: int, scale: int, findings: Path, only: list[str]
) -> FuzzFigures:
    figures = FuzzFigures()
    started = time.perf_counter()
    for module in modules(only):
        first = 0
        while first < count:
            first = _worker(module.NAME, first, count, seed, seconds, memory_mb, scale, findings, figures)
    figures.seconds = time.perf_counter() - started
    return figures


def _worker(
    name: str,
    first: int,
    count: int,
    seed: int,
    seconds: float,
    memory_mb: int,
    scale: int,
    findings: Path,
    figures: FuzzFigures,
) -> int:
    """Run inputs FIRST.. of one format until done or the child dies; the next input to run."""
    command = [sys.executable, "-m", "benchmarks.soak.fuzz_worker", name, str(first), str(count), str(seed)]
    command += [str(seconds), str(memory_mb), str(scale), str(findings)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    current, began = first, time.perf_counter()
    for raw in child.stdout:
        line = json.loads(raw)
        if "start" in line:
            current, began = line["start"], time.perf_counter()
        elif "kind" in line:
            _record(figures, name, line, time.perf_counter() - began)
            current = line["index"] + 1
        else:
            figures.peak_kib = max(figures.peak_kib, line["peak_kib"])
    if child.wait() != 0 and current < count:
        figures.kills += 1
        _record(figures, name, {"index": current, "kind": "killed", "signature": f"{name} killed"}, 0.0)
        return current + 1
    return count


def _record(figures: FuzzFigures, name: str, line: dict[str, object], took: float) -> None:
    figures.inputs[name] += 1
    figures.outcomes[str(line["kind"])] += 1
    if "signature" in line:
        figures.findings.setdefault(str(line["signature"]), str(line.get("finding", "")))
    if took > figures.slowest[0]:
        figures.slowest = (took, f"{name} input {line['index']} ({line.get('size', '?')} bytes)")
