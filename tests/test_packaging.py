"""The built wheel carries its migrations: `tracker db upgrade` works from any folder after `pip install`."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path
from zipfile import ZipFile

from tests.conftest import ROOT
from tracker.reports.dashboard.site import STATIC as DASHBOARD_ASSETS


def test_wheel_installs_and_upgrades_a_database_outside_the_checkout(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", wheels, ROOT],
        check=True,
    )
    (wheel,) = wheels.glob("tracker-*.whl")
    assert {f"tracker/reports/dashboard/static/{name}" for name in DASHBOARD_ASSETS} <= set(ZipFile(wheel).namelist())
    environment = tmp_path / "env"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", wheel], check=True)
    # Reuse this environment's dependencies, but not its editable tracker: .pth files are not read from PYTHONPATH.
    env = {"PYTHONPATH": sysconfig.get_paths()["purelib"], "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = subprocess.run(
        [environment / "bin" / "tracker", "db", "upgrade", "--db", "some/other/place.db"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stderr  # the folder does not exist yet
    assert "the folder" in done.stderr and "does not exist" in done.stderr
    (elsewhere / "some" / "other").mkdir(parents=True)
    done = subprocess.run(
        [environment / "bin" / "tracker", "db", "upgrade", "--db", "some/other/place.db"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (elsewhere / "some" / "other" / "place.db").is_file()
    where = subprocess.run(
        [
            python,
            "-c",
            "import tracker, tracker.store.migrate as m; print(tracker.__file__); print(m.script_location())",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert where[0].startswith(str(environment))
    assert where[1] == str(Path(where[0]).parent / "_migrations")
