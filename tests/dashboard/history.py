"""A generated history for the dashboard tests, as one tracker JSON document: seeded noise, a
regression that stays, one that is undone, release tags, profiles, and hostile test names."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Any

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "</script><script>window.pwned=1</script>",
    "quotes \"double\" and 'single' & ../../etc/passwd",
    "control\x01char\u2028line\u2029para",
]
COMMITS = 40
REGRESSED = "tests/test_parse.py::test_parse_large #io"
UNDONE = "tests/test_render.py::test_render_page"
STEP_AT = 24
RELEASES = {9: "v1.0.0", 19: "v1.1.0", 29: "v1.2.0", 39: "v1.3.0"}


def test_names() -> list[str]:
    plain = [f"tests/test_core.py::test_case_{i} #core" for i in range(6)]
    return [REGRESSED, UNDONE, *plain, *HOSTILE]


def sha(i: int) -> str:
    return hashlib.sha1(f"commit {i}".encode()).hexdigest()


def level(name: str, i: int) -> float:
    base = 0.001 * (1 + test_names().index(name))
    if name == REGRESSED and i >= STEP_AT:
        return base * 1.5
    if name == UNDONE and 12 <= i < 30:
        return base * 1.4
    return base


def document(seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    runs = []
    for i in range(COMMITS):
        results = []
        for name in test_names():
            samples = [level(name, i) * rng.lognormvariate(0.0, 0.01) for _ in range(5)]
            samples.sort()
            results.append(
                {
                    "test": name,
                    "metric": "time",
                    "status": "passed",
                    "n": 5,
                    "median": samples[2],
                    "mean": sum(samples) / 5,
                    "min": samples[0],
                    "max": samples[4],
                    "q1": samples[1],
                    "q3": samples[3],
                    "samples": samples,
                }
            )
        run: dict[str, Any] = {
            "digest": hashlib.sha256(f"run {i}".encode()).hexdigest(),
            "format": "tracker",
            "tool": "generated",
            "source": f"run-{i}.json",
            "commit": sha(i),
            "branch": "main",
            "tag": RELEASES.get(i),
            "time": f"2026-02-{1 + i // 2:02d}T{10 + i % 2}:00:00+00:00",
            "environment": {"machine": "test"},
            "results": results,
        }
        if i in RELEASES:
            run["profiles"] = _profile(i)
        runs.append(run)
    commits = {
        sha(i): {
            "subject": _subject(i),
            "author": "A. Developer",
            "time": f"2026-02-{1 + i // 2:02d}T{9 + i % 2:02d}:00:00+00:00",
        }
        for i in range(COMMITS)
    }
    tests = {name: {"tags": ["io"] if "#io" in name else ["core"] if "#core" in name else []} for name in test_names()}
    return {
        "format": "tracker",
        "version": 1,
        "runs": runs,
        "commits": commits,
        "tests": tests,
        "metrics": {"time": {"unit": "s", "direction": "lower"}},
    }


def _subject(i: int) -> str:
    if i == STEP_AT:
        return 'feat(parse): read <large> files & "quoted" names'
    return ["fix: a bug", "perf(core): faster loop", "docs: words", "refactor: tidy"][i % 4] + f" #{i}"


def _profile(i: int) -> list[dict[str, Any]]:
    grown = 2.0 if i > STEP_AT else 1.0
    frames = [
        (["main"], 0.001),
        (["main", "parse"], 0.004 * grown),
        (["main", "parse", "<tokenize>"], 0.003),
        (["main", "render"], 0.002),
    ]
    return [
        {
            "test": REGRESSED,
            "pid": "1",
            "tid": "1",
            "stack": stack,
            "calls": 1,
            "self_time": self_time,
            "total": sum(t for other, t in frames if other[: len(stack)] == stack),
        }
        for stack, self_time in frames
    ]


def write(path: Path, seed: int = 7) -> Path:
    path.write_text(json.dumps(document(seed)), encoding="utf-8")
    return path
