"""What the ingest and compare benchmarks share: a seeded pytest-benchmark file, and timing `tracker`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt


def write_pytest_benchmark(
    path: Path, index: int, levels: npt.NDArray[np.float64], rng: np.random.Generator, samples: int
) -> None:
    """Run INDEX as a pytest-benchmark file: one test per level, SAMPLES raw samples with 2% lognormal noise."""
    benchmarks = []
    for number, level in enumerate(levels):
        data = (level * rng.lognormal(0.0, 0.02, samples)).tolist()
        stats = {"median": float(np.median(data)), "mean": float(np.mean(data)), "rounds": samples, "data": data}
        benchmarks.append({"fullname": f"tests/test_generated.py::test_case[{number}]", "stats": stats})
    document = {
        "machine_info": {"node": "bench", "system": "Linux", "python_implementation": "CPython"},
        "commit_info": {"id": f"{index:040x}", "branch": "main"},
        "datetime": f"2026-01-01T{index // 60:02d}:{index % 60:02d}:00+00:00",
        "version": "5.1.0",
        "benchmarks": benchmarks,
    }
    path.write_text(json.dumps(document))


def timed(*args: str, env: dict[str, str] | None = None) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    """Wall-clock seconds of one `tracker` process, and what it returned."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "tracker", *args], capture_output=True, check=False, env={**os.environ, **(env or {})}
    )
    return time.perf_counter() - start, done
