"""Issue 10: a rise and a return to the same level within a few commits is one excursion, not two changes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from tests.cli.helpers import run
from tests.conftest import DATA
from tracker.stats.changepoints import detect
from tracker.stats.transients import mark_transients

BUNDLES = DATA / "github_action_benchmark" / "rocicorp__replicache__bundle-sizes__data.js"
MIN_MJS = "Size of replicache.min.mjs"


def _bimodal(seed: int = 3) -> np.ndarray:
    """46k ns/iter with 1% noise, four commits at 74k (commits 30-33), then a lasting +20% at 60."""
    values = 46_000 * np.exp(0.01 * np.random.default_rng(seed).standard_normal(90))
    values[30:34] *= 74 / 46
    values[60:] *= 1.2
    return values


def test_an_excursion_is_marked_once_and_a_lasting_step_is_not() -> None:
    changes = mark_transients(detect(_bimodal()))
    assert [(c.index, c.transient, c.returns_at) for c in changes] == [
        (30, True, 34),
        (34, True, None),
        (60, False, None),
    ]


def test_a_step_that_does_not_come_back_is_no_excursion() -> None:
    values = _bimodal()
    values[34:60] *= 74 / 46 * 0.85  # falls back only part of the way
    changes = mark_transients(detect(values))
    assert not any(c.transient for c in changes[:2])


def _write_datajs(path: Path, values: np.ndarray) -> Path:
    entries = [
        {
            "commit": {
                "id": f"{c + 1:040x}",
                "message": f"fix: commit {c}",
                "timestamp": f"2025-01-01T{c // 60:02d}:{c % 60:02d}:00Z",
            },
            "date": 1735689600000 + c * 60_000,
            "tool": "cargo",
            "benches": [{"name": "bench/parse", "value": float(v), "unit": "ns/iter"}],
        }
        for c, v in enumerate(values)
    ]
    path.write_text("window.BENCHMARK_DATA = " + json.dumps({"entries": {"Bench": entries}}, indent=2))
    return path


def test_changes_leaves_the_excursion_of_a_bimodal_series_out_unless_asked(sqlite_db: str, tmp_path: Path) -> None:
    assert run("ingest", _write_datajs(tmp_path / "data.js", _bimodal()), "--db", sqlite_db).exit_code == 0
    default = json.loads(run("changes", "--db", sqlite_db, "--format", "json").stdout)
    assert [(c["commit"]["sha"][-2:], round(c["change_pct"])) for c in default] == [("3d", 20)]  # commit 61
    shown = json.loads(run("changes", "--db", sqlite_db, "--format", "json", "--transients").stdout)
    excursion = shown[-1]
    assert (excursion["transient"], excursion["commit"]["sha"][-2:], excursion["returned_commit"]["sha"][-2:]) == (
        True,
        "1f",
        "23",
    )
    assert len(shown) == 2


def test_a_real_excursion_of_a_bundle_size_is_one_marked_change(sqlite_db: str) -> None:
    """replicache.min.mjs grew 79% with a licensing client and shrank back two commits later."""
    assert run("ingest", BUNDLES, "--db", sqlite_db).exit_code == 0
    default = run("changes", "--db", sqlite_db, "--test", MIN_MJS)
    assert "+79.1%" not in default.stdout and "-43.4%" not in default.stdout
    assert "5 change points" in default.stdout
    shown = run("changes", "--db", sqlite_db, "--test", MIN_MJS, "--transients")
    line = next(line for line in shown.stdout.splitlines() if "+79.1%" in line)
    assert line.endswith("transient regression, back at 5104a8aa84")
    assert "-43.4%" not in shown.stdout
    assert "1 transient excursion(s)" in shown.stdout
