"""A labelled history of bimodal benchmarks with short excursions, for the history mode of `make eval`.

Real github-action-benchmark histories hold series that jump between two levels (about 46k and
74k ns/iter) from commit to commit, now and then staying on the high level for a few commits.
Each benchmark here has one- and two-commit jumps to a second level 1.4-1.7x higher (10% of the
commits), two excursions of 3 or 4 commits to that level, and, for half of them, one labelled
lasting step (+20% or +50%) at least 10 commits from any excursion. An excursion is no change
point: a detection there is a false alarm. Written as a github-action-benchmark `data.js` (with
`meta.json` and `truth.json` as in ../shared/datasets), so it goes through the real ingest.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

COMMITS = 100
BENCHMARKS = 40
NOISE = 0.015
EXCURSIONS = 2


def write(folder: Path, seed: int = 46) -> Path:
    rng = np.random.default_rng(seed)
    levels = np.empty((COMMITS, BENCHMARKS))
    change_points = []
    benchmarks = []
    for b in range(BENCHMARKS):
        high = rng.uniform(1.4, 1.7)
        factor = np.where(rng.random(COMMITS) < 0.1, high, 1.0)
        busy: list[int] = []
        while len(busy) < EXCURSIONS:
            start, length = int(rng.integers(8, COMMITS - 12)), int(rng.integers(3, 5))
            if all(abs(start - other) > 12 for other in busy):
                busy.append(start)
                factor[start : start + length] = high
                factor[start - 1] = factor[start + length] = 1.0  # the excursion is clearly bounded
        step = np.ones(COMMITS)
        if b % 2 == 0:
            candidates = [c for c in range(15, COMMITS - 10) if all(abs(c - s) >= 10 for s in busy)]
            commit = int(rng.choice(candidates))
            size = float(rng.choice([0.2, 0.5]))
            step[commit:] *= 1 + size
            change_points.append({"bench_index": b, "commit_index": commit, "change": size})
        levels[:, b] = 46_000 * step * factor * np.exp(NOISE * rng.standard_normal(COMMITS))
        benchmarks.append({"index": b, "fullname": f"bench/bimodal_{b:02d}", "noise_model": "bimodal excursions"})
    times = [datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=c) for c in range(COMMITS)]
    shas = [f"{c + 1:040x}" for c in range(COMMITS)]
    entries = [
        {
            "commit": {"id": shas[c], "message": f"chore: commit {c}", "timestamp": times[c].isoformat()},
            "date": int(times[c].timestamp() * 1000),
            "tool": "cargo",
            "benches": [
                {"name": bench["fullname"], "value": float(levels[c, b]), "unit": "ns/iter"}
                for b, bench in enumerate(benchmarks)
            ],
        }
        for c in range(COMMITS)
    ]
    (folder / "gab").mkdir(parents=True, exist_ok=True)
    document = {
        "lastUpdate": entries[-1]["date"],
        "repoUrl": "https://example.org/bimodal",
        "entries": {"Bench": entries},
    }
    (folder / "gab" / "data.js").write_text("window.BENCHMARK_DATA = " + json.dumps(document, indent=2))
    meta = {"commits": [{"index": c, "id": sha} for c, sha in enumerate(shas)], "benchmarks": benchmarks}
    (folder / "meta.json").write_text(json.dumps(meta))
    truth = {"n_commits": COMMITS, "n_benchmarks": BENCHMARKS, "change_points": change_points, "benchmarks": benchmarks}
    (folder / "truth.json").write_text(json.dumps(truth))
    return folder
