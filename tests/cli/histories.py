"""Realistic histories written as real pytest-benchmark files, for the gate's behaviour over time.

Each run is the real tubular run 1 (tests/data/pytest_benchmark/tubular__history__v01__*) with
every statistic scaled: by a seeded run-to-run noise of about 1%, and for one benchmark by the
level the scenario gives it in that run.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from tests.conftest import DATA

TEMPLATE = next((DATA / "pytest_benchmark").glob("tubular__history__v01__*"))
TIMES = ("min", "max", "mean", "stddev", "median", "iqr", "q1", "q3", "ld15iqr", "hd15iqr", "total")
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def first_benchmark() -> str:
    name: str = json.loads(TEMPLATE.read_text())["benchmarks"][0]["fullname"]
    return name


def write_history(folder: Path, levels: Sequence[float], seed: int = 7) -> list[Path]:
    """One file per run; the first benchmark runs at LEVELS[i] times its real speed in run i."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, level in enumerate(levels):
        document = json.loads(TEMPLATE.read_text())
        when = START + timedelta(hours=index)
        document["commit_info"].update(id=f"{index + 1:040x}", time=when.isoformat(), author_time=when.isoformat())
        document["datetime"] = when.isoformat()
        noise = np.exp(rng.normal(0.0, 0.01, len(document["benchmarks"])))
        for position, benchmark in enumerate(document["benchmarks"]):
            factor = float(noise[position]) * (level if position == 0 else 1.0)
            stats = benchmark["stats"]
            for key in TIMES:
                stats[key] *= factor
            stats["ops"] /= factor
        path = folder / f"{index + 1:04d}_run.json"
        path.write_text(json.dumps(document))
        paths.append(path)
    return paths
