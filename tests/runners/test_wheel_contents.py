"""The wheel ships the busted handler and registers the pytest plugin."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_the_wheel_carries_the_handler_and_the_plugin_entry_point(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", tmp_path, ROOT],
        check=True,
    )
    (wheel,) = tmp_path.glob("tracker-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (entry_points,) = [name for name in names if name.endswith(".dist-info/entry_points.txt")]
        registered = archive.read(entry_points).decode()
    assert "tracker/integrations/busted/tracker_handler.lua" in names
    assert "[pytest11]\ntracker.integrations.pytest_plugin = tracker.integrations.pytest_plugin" in registered
