"""The shipped example database: reproducible from tests/data, and the demo's regression is real."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from tests.cli.helpers import run
from tests.conftest import ROOT

EXAMPLE = ROOT / "benchmarks.db.example"


def test_make_example_db_rebuilds_the_shipped_file_byte_for_byte(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    for part in ("Makefile", "scripts", "tests/data/pytest_benchmark"):
        source = ROOT / part
        target = checkout / part
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy(source, target)
    # The Makefile runs with this test environment as its virtual environment, taken as installed.
    venv = Path(sys.executable).parent.parent
    subprocess.run(
        ["make", "--no-print-directory", f"VENV={venv}", "-o", f"{venv}/.installed", "example-db"],
        cwd=checkout,
        check=True,
        capture_output=True,
    )
    rebuilt = (checkout / "benchmarks.db.example").read_bytes()
    assert hashlib.sha256(rebuilt).hexdigest() == hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()


def test_demo_compare_shows_the_real_regression_and_changes_nothing(tmp_path: Path) -> None:
    copy = tmp_path / "example.db"
    shutil.copy(EXAMPLE, copy)
    before = copy.read_bytes()
    outcome = run("compare", "--db", copy)
    assert outcome.exit_code == 1, outcome.stderr
    regressed = [line.split()[0] for line in outcome.stdout.splitlines() if "REGRESSED" in line]
    assert sorted(regressed) == [
        f"tests/misc/test_SetValueTransformer.py::TestTransform::test_benchmark_{case}"
        for case in (
            "many_row[pandas-False]",
            "many_row[pandas-True]",
            "many_row[polars-False]",
            "many_row[polars-True]",
            "single_row[polars-False]",
        )
    ]
    assert copy.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["example.db"]
