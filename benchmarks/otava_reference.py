"""Apache Otava as the reference detector, run from its own virtual environment.

Otava pins its own numpy and scipy, so it lives in `.venv-otava/` (created on first use with
`pip install apache-otava`) and is called as a program on a dataset's `otava/history.csv` with
its defaults (E-divisive means with a t-test, window 50, p 0.001).
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.history_scoring import Detection

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(os.environ.get("OTAVA_VENV", ROOT / ".venv-otava"))


def otava_program() -> Path:
    """The `otava` program, installing it into its own virtual environment the first time."""
    program = VENV / "bin" / "otava"
    if not program.exists():
        print(f"installing apache-otava into {VENV} (once)", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "--quiet", "apache-otava"], check=True)
    return program


def write_config(history: Path, names: list[str], path: Path) -> Path:
    """Otava's configuration for the wide CSV HISTORY whose metric columns are NAMES, written to PATH."""
    config = {
        "tests": {
            "history": {
                "type": "csv",
                "file": str(history),
                "time_column": "time",
                "attributes": ["commit"],
                "metrics": names,
            }
        }
    }
    path.write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML; names need quoting
    return path


def analyze_argv() -> list[str]:
    """`otava analyze` of the configured history, as JSON; Otava looks at the last year only unless told."""
    return [str(otava_program()), "analyze", "history", "--since", "1970-01-01", "--output", "json"]


def run_otava(folder: Path) -> list[Detection]:
    """Otava's change points on `folder/otava/history.csv`, as detections (benchmark and commit index)."""
    history = folder / "otava" / "history.csv"
    with history.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    names = rows[0][2:]
    commits = {row[1]: index for index, row in enumerate(rows[1:])}
    bench = {name: index for index, name in enumerate(names)}
    with tempfile.TemporaryDirectory() as scratch:
        config_path = write_config(history, names, Path(scratch) / "otava.yaml")
        done = subprocess.run(
            analyze_argv(),
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "OTAVA_CONFIG": str(config_path)},
        )
    found = []
    for group in json.loads(done.stdout).get("history", []):
        commit = commits[group["attributes"]["commit"]]
        for change in group["changes"]:
            before, after = float(change["mean_before"]), float(change["mean_after"])
            found.append(Detection(bench[change["metric"]], commit, after / before - 1.0))
    return found
