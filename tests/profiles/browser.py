"""Opening a file in a real headless Chromium: the DOM after scripts ran, console errors, a screenshot."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests import external

_CONSOLE = re.compile(r":CONSOLE(?:\(\d+\)|:\d+)\] (.*)")
_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--enable-logging=stderr",
    "--v=0",
]


@dataclass(frozen=True)
class Page:
    dom: str
    console: list[str]


def chromium() -> str:
    return external.chromium()


def open_page(path: Path, profile: Path, query: str = "") -> Page:
    """Load PATH (with a ?QUERY), let its scripts run, return the DOM and the console messages."""
    url = path.resolve().as_uri() + (f"?{query}" if query else "")
    done = subprocess.run(
        [chromium(), *_FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return Page(done.stdout, _CONSOLE.findall(done.stderr))


def screenshot(path: Path, profile: Path, png: Path, size: str = "1200,700") -> list[str]:
    url = path.resolve().as_uri()
    done = subprocess.run(
        [chromium(), *_FLAGS, f"--user-data-dir={profile}", f"--window-size={size}", f"--screenshot={png}", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return _CONSOLE.findall(done.stderr)
