"""Issue 10: after a real, lasting step the gate stays sharp; the step is a change, never noise."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.cli.helpers import run
from tests.cli.histories import first_benchmark, write_history


@pytest.mark.parametrize("gap", [3, 4, 8, 30])
def test_two_successive_slowdowns_of_one_test_both_regress(sqlite_db: str, tmp_path: Path, gap: int) -> None:
    """A 200x step at run 5, then the same test doubled again GAP runs later (gap 4: the issue's 8 runs)."""
    levels = [1.0] * 4 + [200.0] * gap + [400.0]
    paths = write_history(tmp_path / "history", levels)
    assert run("ingest", *paths, "--db", sqlite_db).exit_code == 0
    name = first_benchmark()
    for candidate in (5, len(levels)):
        outcome = run("compare", "--db", sqlite_db, "--candidate", str(candidate))
        assert outcome.exit_code == 1, outcome.stdout
        row = next(line for line in outcome.stdout.splitlines() if line.startswith(name))
        assert row.endswith("REGRESSED"), row


def test_a_step_followed_by_steady_runs_does_not_inflate_the_noise(sqlite_db: str, tmp_path: Path) -> None:
    paths = write_history(tmp_path / "history", [1.0] * 4 + [200.0] * 4 + [1.0 * 200 * 1.01])
    assert run("ingest", *paths, "--db", sqlite_db).exit_code == 0
    outcome = run("compare", "--db", sqlite_db, "--format", "json")
    assert outcome.exit_code == 0, outcome.stdout
    row = next(t for t in json.loads(outcome.stdout)["tests"] if t["test_name"] == first_benchmark())
    assert row["verdict"] == "unchanged"
    assert row["noise_pct"] < 3.0


def test_a_pooled_baseline_two_runs_into_a_step_regresses_and_says_on_which_runs(
    sqlite_db: str, tmp_path: Path
) -> None:
    """A test whose runs wander by 10% (like corpus-dev's real-noise tests) slowed by 50% two runs ago."""
    wander = np.exp(0.10 * np.random.default_rng(11).standard_normal(31))
    levels = [float(w) * (1.5 if index >= 28 else 1.0) for index, w in enumerate(wander)]
    paths = write_history(tmp_path / "history", levels)
    assert run("ingest", *paths, "--db", sqlite_db).exit_code == 0
    outcome = run("compare", "--db", sqlite_db, "--window", "5")
    assert outcome.exit_code == 1, outcome.stdout
    name = first_benchmark()
    row = next(line for line in outcome.stdout.splitlines() if line.startswith(name))
    assert row.endswith("REGRESSED"), row
    assert "the candidate and the newest 2 baseline runs: +" in outcome.stdout
    assert "against the median of the 10 runs before them" in outcome.stdout
